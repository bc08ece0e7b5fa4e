// bramble-mergesort: sorts N pseudo-random integers across the ranks: rank 0 scatters them, each
// rank sorts its share, and the sorted runs are merged pairwise up a binary tree back to rank 0,
// which compares the result with a plain sort of the same numbers.
#include <mpi.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

#include "mpi_ranks.hpp"
#include "options.hpp"

namespace {

using namespace bramble::kernels;

constexpr int tag_size = 1;
constexpr int tag_data = 2;

struct Problem {
    long long count = 1'000'000;
    long long seed = 1;
};

std::vector<int> generate(const Problem& p) {
    std::mt19937_64 engine(static_cast<std::uint64_t>(p.seed));
    std::uniform_int_distribution<int> value;
    std::vector<int> numbers(static_cast<std::size_t>(p.count));
    for (int& n : numbers)
        n = value(engine);
    return numbers;
}

// Rank 0's numbers dealt out in contiguous shares that differ by at most one.
std::vector<int> scatter(const std::vector<int>& all, const Problem& p, int rank, int size) {
    std::vector<int> counts(static_cast<std::size_t>(size));
    std::vector<int> offsets(static_cast<std::size_t>(size));
    for (int r = 0, offset = 0; r < size; ++r) {
        counts[static_cast<std::size_t>(r)] =
            static_cast<int>(p.count / size + (r < p.count % size ? 1 : 0));
        offsets[static_cast<std::size_t>(r)] = offset;
        offset += counts[static_cast<std::size_t>(r)];
    }
    std::vector<int> mine(static_cast<std::size_t>(counts[static_cast<std::size_t>(rank)]));
    MPI_Scatterv(all.data(), counts.data(), offsets.data(), MPI_INT, mine.data(),
                 counts[static_cast<std::size_t>(rank)], MPI_INT, 0, MPI_COMM_WORLD);
    return mine;
}

// Merges sorted runs up a binary tree: at each round a rank either hands its run to its left
// partner and stops, or merges its right partner's run into its own. Returns the rounds taken.
int merge_tree(std::vector<int>& run, int rank, int size) {
    int rounds = 0;
    for (int step = 1; step < size; step *= 2, ++rounds) {
        if (rank % (2 * step) != 0) {
            const int length = static_cast<int>(run.size());
            MPI_Send(&length, 1, MPI_INT, rank - step, tag_size, MPI_COMM_WORLD);
            MPI_Send(run.data(), length, MPI_INT, rank - step, tag_data, MPI_COMM_WORLD);
            run.clear();
            return rounds + 1;
        }
        if (rank + step >= size) continue;
        int length = 0;
        MPI_Recv(&length, 1, MPI_INT, rank + step, tag_size, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        std::vector<int> other(static_cast<std::size_t>(length));
        MPI_Recv(other.data(), length, MPI_INT, rank + step, tag_data, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        std::vector<int> merged(run.size() + other.size());
        std::merge(run.begin(), run.end(), other.begin(), other.end(), merged.begin());
        run.swap(merged);
    }
    return rounds;
}

bool check(const std::vector<int>& result, std::vector<int> input, const Problem& p, int size,
           int rounds, double seconds) {
    std::sort(input.begin(), input.end());
    std::printf("mergesort: %lld integers over %d rank(s), merged in %d round(s), elapsed %.6f s\n",
                p.count, size, rounds, seconds);
    if (result != input) {
        std::printf("bramble-mergesort: WRONG: %zu numbers came back, %s\n", result.size(),
                    std::is_sorted(result.begin(), result.end()) ? "sorted but not the ones sent"
                                                                 : "not in order");
        return false;
    }
    std::printf("sorted and verified: smallest %d, largest %d\n", result.front(), result.back());
    return true;
}

bool read_options(int argc, char** argv, int rank, Problem& p, bool& help) {
    Options options("bramble-mergesort", "[--count N] [--seed S]",
                    {{"count", "N: integers to sort (default 1000000)"},
                     {"seed", "S: seed of the pseudo-random numbers (default 1)"}});
    options.set_quiet(rank != 0);
    const bool ok = options.parse(argc, argv) &&
                    options.integer("count", 1, 500'000'000, p.count) &&
                    options.integer("seed", 0, 1'000'000'000'000LL, p.seed);
    help = options.help_asked();
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    const auto [rank, size] = start_mpi(argc, argv);
    Problem problem;
    bool help = false;
    if (!read_options(argc, argv, rank, problem, help)) {
        MPI_Finalize();
        return help ? 0 : exit_usage;
    }
    report_hosts(MPI_COMM_WORLD);
    const double start = MPI_Wtime();
    const std::vector<int> input = rank == 0 ? generate(problem) : std::vector<int>{};
    std::vector<int> run = scatter(input, problem, rank, size);
    std::sort(run.begin(), run.end());
    const int rounds = merge_tree(run, rank, size);
    bool right = true;
    if (rank == 0) right = check(run, input, problem, size, rounds, MPI_Wtime() - start);
    std::fflush(stdout);
    right = all_ranks_agree(right, MPI_COMM_WORLD);
    MPI_Finalize();
    return right ? 0 : exit_wrong;
}
