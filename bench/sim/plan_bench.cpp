// bramble-plan-bench: times one planner pass over 100,000 pending jobs on 1,000 nodes x 4 cores
// (a third of the cores held by running jobs, mixed shapes, 100 users), and a pass on the same
// cluster when it is full. Prints the median of several passes and the process's RSS.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "policy/planner.hpp"

namespace {

using namespace bramble;
using namespace bramble::policy;

constexpr std::int64_t kNow = 1'800'000'000;
constexpr std::uint64_t kGiB = std::uint64_t{1} << 30;

void add_running(Snapshot& snapshot, NodeView& node, int cores, std::mt19937_64& random) {
    RunningJob job;
    job.id = 1'000'000 + snapshot.running.size();
    job.user = "user" + std::to_string(random() % 100);
    NodeGrant grant{node.name, {}, std::uint64_t{256} << 20, {}, {}};
    for (int core = 0; core < node.cores && grant.slots() < cores; ++core) {
        if (node.core_busy[static_cast<std::size_t>(core)]) continue;
        node.core_busy[static_cast<std::size_t>(core)] = true;
        grant.cores.push_back(core);
    }
    node.memory_free -= grant.memory;
    job.allocation.grants.push_back(std::move(grant));
    job.start_time = kNow - static_cast<std::int64_t>(random() % 3600);
    job.expected_end = kNow + 60 + static_cast<std::int64_t>(random() % 7200);
    snapshot.running.push_back(std::move(job));
}

Snapshot build(bool full) {
    std::mt19937_64 random(42);
    Snapshot snapshot;
    for (int i = 0; i < 1000; ++i) {
        NodeView node;
        node.name = "node" + std::to_string(i);
        node.cores = 4;
        node.core_busy.assign(4, false);
        node.memory = 4 * kGiB;
        node.memory_free = node.memory;
        if (full) {
            add_running(snapshot, node, 4, random);
        } else if (i % 3 == 0) {
            add_running(snapshot, node, 1 + static_cast<int>(random() % 4), random);
        }
        snapshot.nodes.push_back(std::move(node));
    }
    const int shapes[] = {1, 1, 1, 1, 2, 2, 4};  // mostly serial, some wide
    for (int i = 0; i < 100'000; ++i) {
        PendingJob job;
        job.id = static_cast<JobId>(i + 1);
        job.user = "user" + std::to_string(random() % 100);
        job.slots = shapes[random() % 7];
        job.memory_per_slot = (random() % 4) * (std::uint64_t{256} << 20);
        job.priority = static_cast<int>(random() % 21) - 10;
        job.submit_time = kNow - static_cast<std::int64_t>(random() % 86400);
        job.walltime = 60 + static_cast<std::int64_t>(random() % 86400);
        snapshot.pending.push_back(std::move(job));
    }
    for (int u = 0; u < 100; ++u)
        snapshot.usage["user" + std::to_string(u)] = static_cast<double>(random() % 1'000'000);
    return snapshot;
}

std::string status_field(const std::string& key) {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind(key + ":", 0) == 0) {
            const auto digits = line.find_first_of("0123456789");
            return digits == std::string::npos ? "?" : line.substr(digits);
        }
    }
    return "?";
}

void measure(const char* name, const Snapshot& snapshot, int runs) {
    std::vector<double> ms;
    Plan result;
    for (int run = 0; run < runs; ++run) {
        const auto start = std::chrono::steady_clock::now();
        result = plan(snapshot, kNow);
        const auto stop = std::chrono::steady_clock::now();
        ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%s_median_ms=%.1f %s_min_ms=%.1f %s_max_ms=%.1f %s_placed=%zu %s_reserved=%zu\n",
                name, ms[ms.size() / 2], name, ms.front(), name, ms.back(), name,
                result.placements.size(), name, result.reservations.size());
}

}  // namespace

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
    std::printf("pending=100000 nodes=1000 cores_per_node=4 runs=%d\n", runs);
    const Snapshot mixed = build(false);
    std::printf("running=%zu\n", mixed.running.size());
    measure("pass", mixed, runs);
    std::printf("rss_after_pass=%s hwm=%s\n", status_field("VmRSS").c_str(),
                status_field("VmHWM").c_str());
    const Snapshot full = build(true);
    measure("full", full, runs);
    std::printf("rss_after_full=%s hwm=%s\n", status_field("VmRSS").c_str(),
                status_field("VmHWM").c_str());
    return 0;
}
