// bramble-cpu: keeps T threads busy for S seconds of wall time (load for scheduler and limit
// tests). Each round sums the Basel series 1/k^2 and checks it against pi^2/6, so a miscomputing
// machine fails rather than merely burning; prints the rounds done and the CPU time used.
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <thread>
#include <vector>

#include "options.hpp"

namespace {

using namespace bramble::kernels;

constexpr long long terms = 200'000;

// One round: the first `terms` terms fall short of pi^2/6 by between 1/(terms+1) and 1/terms.
bool basel_round() {
    double sum = 0;
    for (long long k = terms; k >= 1; --k)
        sum += 1.0 / (static_cast<double>(k) * static_cast<double>(k));
    const double shortfall = std::numbers::pi * std::numbers::pi / 6.0 - sum;
    const auto n = static_cast<double>(terms);
    return shortfall > 1.0 / (n + 1) - 1e-12 && shortfall < 1.0 / n + 1e-12;
}

double cpu_seconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

int main(int argc, char** argv) {
    Options options("bramble-cpu", "[--seconds S] [--threads T]",
                    {{"seconds", "S: wall-clock seconds to burn (default 10)"},
                     {"threads", "T: busy threads (default 1)"}});
    double seconds = 10;
    long long threads = 1;
    if (!options.parse(argc, argv) || !options.real("seconds", 0, 1e7, seconds) ||
        !options.integer("threads", 1, 4096, threads)) {
        return options.help_asked() ? 0 : exit_usage;
    }
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + std::chrono::duration<double>(seconds);
    std::atomic<long long> rounds{0};
    std::atomic<long long> wrong{0};
    std::vector<std::thread> pool;
    for (long long t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            do {
                if (!basel_round()) ++wrong;
                ++rounds;
            } while (std::chrono::steady_clock::now() < deadline);
        });
    }
    for (auto& thread : pool)
        thread.join();
    const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
    std::printf("cpu: %lld thread(s) for %.2f s: %lld rounds, %lld wrong; %.2f s of CPU time\n",
                threads, wall.count(), rounds.load(), wrong.load(), cpu_seconds());
    if (wrong > 0) {
        std::printf("bramble-cpu: WRONG: %lld round(s) miscomputed the Basel sum\n", wrong.load());
        return exit_wrong;
    }
    return 0;
}
