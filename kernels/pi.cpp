// bramble-pi: pi as the integral of 4/(1+x^2) over [0,1], by the midpoint rule, master/worker
// style. The master hands out slices one at a time to whichever worker answers first, so a slow
// node simply does fewer; alone (one rank) it computes every slice itself. Prints pi, the error
// and the elapsed time, and fails when the error exceeds the method's bound.
#include <mpi.h>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <vector>

#include "mpi_ranks.hpp"
#include "options.hpp"

namespace {

using namespace bramble::kernels;

constexpr int tag_work = 1;
constexpr int tag_stop = 2;
constexpr int tag_result = 3;

struct Problem {
    long long intervals = 50'000'000;
    long long slices = 200;
};

struct Outcome {
    double pi = 0;
    std::vector<long long> slices_by_rank;
    bool every_slice_once = true;
};

// The midpoint sum over slice `index`'s share of the intervals.
double slice_sum(const Problem& p, long long index) {
    const long long begin = index * p.intervals / p.slices;
    const long long end = (index + 1) * p.intervals / p.slices;
    const double h = 1.0 / static_cast<double>(p.intervals);
    double sum = 0;
    for (long long i = begin; i < end; ++i) {
        const double x = (static_cast<double>(i) + 0.5) * h;
        sum += 4.0 / (1.0 + x * x);
    }
    return sum * h;
}

void send_next(long long& next, const Problem& p, int worker, int& active) {
    if (next < p.slices) {
        MPI_Send(&next, 1, MPI_LONG_LONG, worker, tag_work, MPI_COMM_WORLD);
        ++next;
        ++active;
    } else {
        MPI_Send(&next, 1, MPI_LONG_LONG, worker, tag_stop, MPI_COMM_WORLD);
    }
}

Outcome master(const Problem& p, int size) {
    Outcome out;
    out.slices_by_rank.assign(static_cast<std::size_t>(size), 0);
    std::vector<int> seen(static_cast<std::size_t>(p.slices), 0);
    if (size == 1) {
        for (long long s = 0; s < p.slices; ++s) {
            out.pi += slice_sum(p, s);
            ++seen[static_cast<std::size_t>(s)];
        }
        out.slices_by_rank[0] = p.slices;
    } else {
        long long next = 0;
        int active = 0;
        for (int worker = 1; worker < size; ++worker)
            send_next(next, p, worker, active);
        while (active > 0) {
            double result[2];
            MPI_Status status;
            MPI_Recv(result, 2, MPI_DOUBLE, MPI_ANY_SOURCE, tag_result, MPI_COMM_WORLD, &status);
            --active;
            out.pi += result[1];
            ++seen[static_cast<std::size_t>(result[0])];
            ++out.slices_by_rank[static_cast<std::size_t>(status.MPI_SOURCE)];
            send_next(next, p, status.MPI_SOURCE, active);
        }
    }
    for (int count : seen)
        out.every_slice_once = out.every_slice_once && count == 1;
    return out;
}

void worker(const Problem& p) {
    for (;;) {
        long long index = 0;
        MPI_Status status;
        MPI_Recv(&index, 1, MPI_LONG_LONG, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
        if (status.MPI_TAG == tag_stop) return;
        double result[2] = {static_cast<double>(index), slice_sum(p, index)};
        MPI_Send(result, 2, MPI_DOUBLE, 0, tag_result, MPI_COMM_WORLD);
    }
}

// Prints the answer and says whether it is right: the midpoint rule's error here is at most
// h^2/3 (|f''| <= 8 on [0,1]), plus what rounding may add over the sum.
bool report(const Problem& p, const Outcome& out, double seconds) {
    const double h = 1.0 / static_cast<double>(p.intervals);
    const double bound = h * h / 3.0 + static_cast<double>(p.intervals) * 1e-16 + 1e-13;
    const double error = std::fabs(out.pi - std::numbers::pi);
    std::printf("pi is approximately %.16f, error %.3g\n", out.pi, error);
    std::printf("elapsed %.6f s: %lld intervals in %lld slices; slices per rank:", seconds,
                p.intervals, p.slices);
    for (std::size_t r = 0; r < out.slices_by_rank.size(); ++r)
        std::printf(" %zu:%lld", r, out.slices_by_rank[r]);
    std::printf("\n");
    if (!out.every_slice_once)
        std::printf("bramble-pi: WRONG: a slice was lost or counted twice\n");
    if (error > bound)
        std::printf("bramble-pi: WRONG: the error %.3g exceeds the bound %.3g\n", error, bound);
    std::fflush(stdout);
    return out.every_slice_once && error <= bound;
}

bool read_options(int argc, char** argv, int rank, Problem& p, bool& help) {
    Options options("bramble-pi", "[--intervals N] [--slices S]",
                    {{"intervals", "N: midpoint intervals over [0,1] (default 50000000)"},
                     {"slices", "S: pieces of work handed out to workers (default 200)"}});
    options.set_quiet(rank != 0);
    const bool ok =
        options.parse(argc, argv) &&
        options.integer("intervals", 1, 1'000'000'000'000LL, p.intervals) &&
        options.integer("slices", 1, 10'000'000, p.slices) &&
        (p.slices <= p.intervals || options.fail("--slices must not exceed --intervals"));
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
    bool right = true;
    if (rank == 0) {
        const Outcome outcome = master(problem, size);
        right = report(problem, outcome, MPI_Wtime() - start);
    } else {
        worker(problem);
    }
    right = all_ranks_agree(right, MPI_COMM_WORLD);
    MPI_Finalize();
    return right ? 0 : exit_wrong;
}
