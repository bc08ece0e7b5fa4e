// bramble-collectives: the MPI tutorial's tour, each step checked: point-to-point round a ring,
// broadcast, scatter, gather, reduce and allreduce. Rank 0 prints one line per step ("broadcast:
// ok" or what went wrong, and on which rank); any wrong step makes every rank exit 1.
#include <mpi.h>

#include <cstdio>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "mpi_ranks.hpp"
#include "options.hpp"

namespace {

using namespace bramble::kernels;

struct Ranks {
    int rank = 0;
    int size = 1;
    long long per_rank = 16;
};

// Each step returns this rank's verdict: empty when right, else what it saw.
using Step = std::function<std::string(const Ranks&)>;

std::string ring(const Ranks& r) {
    const int right = (r.rank + 1) % r.size;
    const int left = (r.rank + r.size - 1) % r.size;
    int sent = r.rank * 10;
    int got = -1;
    MPI_Sendrecv(&sent, 1, MPI_INT, right, 0, &got, 1, MPI_INT, left, 0, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
    if (got == left * 10) return "";
    return "expected " + std::to_string(left * 10) + " from rank " + std::to_string(left) +
           ", got " + std::to_string(got);
}

std::string broadcast(const Ranks& r) {
    std::vector<long long> values(static_cast<std::size_t>(r.per_rank), -1);
    if (r.rank == 0) {
        for (std::size_t i = 0; i < values.size(); ++i)
            values[i] = static_cast<long long>(i * i);
    }
    MPI_Bcast(values.data(), static_cast<int>(values.size()), MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] != static_cast<long long>(i * i))
            return "element " + std::to_string(i) + " is " + std::to_string(values[i]);
    }
    return "";
}

std::string scatter(const Ranks& r) {
    const auto k = static_cast<std::size_t>(r.per_rank);
    std::vector<long long> all;
    if (r.rank == 0) {
        all.resize(k * static_cast<std::size_t>(r.size));
        for (std::size_t i = 0; i < all.size(); ++i)
            all[i] = static_cast<long long>(i);
    }
    std::vector<long long> mine(k, -1);
    MPI_Scatter(all.data(), static_cast<int>(k), MPI_LONG_LONG, mine.data(), static_cast<int>(k),
                MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    const auto first = static_cast<long long>(k) * r.rank;
    for (std::size_t i = 0; i < k; ++i) {
        if (mine[i] != first + static_cast<long long>(i))
            return "element " + std::to_string(i) + " is " + std::to_string(mine[i]);
    }
    return "";
}

std::string gather(const Ranks& r) {
    const long long mine = static_cast<long long>(r.rank) * r.rank;
    std::vector<long long> all(r.rank == 0 ? static_cast<std::size_t>(r.size) : 0);
    MPI_Gather(&mine, 1, MPI_LONG_LONG, all.data(), 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (all[i] != static_cast<long long>(i * i))
            return "rank " + std::to_string(i) + " sent " + std::to_string(all[i]);
    }
    return "";
}

std::string reduce(const Ranks& r) {
    const long long mine = r.rank + 1;
    long long sum = -1;
    MPI_Reduce(&mine, &sum, 1, MPI_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    const long long expected = static_cast<long long>(r.size) * (r.size + 1) / 2;
    if (r.rank == 0 && sum != expected)
        return "sum " + std::to_string(sum) + ", expected " + std::to_string(expected);
    return "";
}

std::string allreduce(const Ranks& r) {
    int highest = -1;
    MPI_Allreduce(&r.rank, &highest, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (highest != r.size - 1)
        return "max " + std::to_string(highest) + ", expected " + std::to_string(r.size - 1);
    return "";
}

// Runs one step everywhere; rank 0 prints "NAME: ok" or the first wrong rank's complaint.
bool run_step(const std::string& name, const Step& step, const Ranks& r) {
    const std::string verdict = step(r);
    const bool right = all_ranks_agree(verdict.empty(), MPI_COMM_WORLD);
    int complaint = verdict.empty() ? r.size : r.rank;
    int first_wrong = r.size;
    MPI_Reduce(&complaint, &first_wrong, 1, MPI_INT, MPI_MIN, 0, MPI_COMM_WORLD);
    if (first_wrong == r.rank && r.rank != 0) {
        std::printf("bramble-collectives: WRONG: %s on rank %d: %s\n", name.c_str(), r.rank,
                    verdict.c_str());
    } else if (r.rank == 0) {
        if (right)
            std::printf("%s: ok\n", name.c_str());
        else if (first_wrong == 0)
            std::printf("bramble-collectives: WRONG: %s on rank 0: %s\n", name.c_str(),
                        verdict.c_str());
        else
            std::printf("%s: WRONG (rank %d says why)\n", name.c_str(), first_wrong);
    }
    std::fflush(stdout);
    return right;
}

}  // namespace

int main(int argc, char** argv) {
    const World world = start_mpi(argc, argv);
    Ranks ranks;
    ranks.rank = world.rank;
    ranks.size = world.size;
    Options options("bramble-collectives", "[--per-rank K]",
                    {{"per-rank", "K: values each rank receives in broadcast and scatter (16)"}});
    options.set_quiet(ranks.rank != 0);
    if (!options.parse(argc, argv) || !options.integer("per-rank", 1, 1'000'000, ranks.per_rank)) {
        MPI_Finalize();
        return options.help_asked() ? 0 : exit_usage;
    }
    report_hosts(MPI_COMM_WORLD);
    const std::vector<std::pair<std::string, Step>> steps = {
        {"point-to-point", ring}, {"broadcast", broadcast}, {"scatter", scatter},
        {"gather", gather},       {"reduce", reduce},       {"allreduce", allreduce}};
    bool all_right = true;
    for (const auto& [name, step] : steps)
        all_right = run_step(name, step, ranks) && all_right;
    if (ranks.rank == 0)
        std::printf("collectives: %s on %d rank(s)\n", all_right ? "all ok" : "WRONG", ranks.size);
    MPI_Finalize();
    return all_right ? 0 : exit_wrong;
}
