// What every MPI kernel does besides its computation: say where each rank ran ("rank 3 of 4 on
// pi03"), and agree across ranks on whether the answer was right.
#pragma once

#include <mpi.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <string>
#include <vector>

namespace bramble::kernels {

inline constexpr int host_name_length = 256;

// This rank's place in MPI_COMM_WORLD.
struct World {
    int rank = 0;
    int size = 1;
};

// MPI_Init, then where this rank stands: the opening of every kernel's main().
inline World start_mpi(int& argc, char**& argv) {
    MPI_Init(&argc, &argv);
    World world;
    MPI_Comm_rank(MPI_COMM_WORLD, &world.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world.size);
    return world;
}

// This machine's name as the job sees it (a node's own UTS namespace gives each its own).
inline std::string host_name() {
    std::array<char, host_name_length> name{};
    if (::gethostname(name.data(), name.size() - 1) != 0) return "unknown-host";
    return name.data();
}

// Rank 0 prints one line per rank, in rank order, naming the host it ran on.
inline void report_hosts(MPI_Comm comm) {
    int rank = 0;
    int size = 1;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    std::array<char, host_name_length> mine{};
    std::snprintf(mine.data(), mine.size(), "%s", host_name().c_str());
    std::vector<char> all(rank == 0 ? mine.size() * static_cast<std::size_t>(size) : 0);
    MPI_Gather(mine.data(), host_name_length, MPI_CHAR, all.data(), host_name_length, MPI_CHAR, 0,
               comm);
    if (rank != 0) return;
    for (int r = 0; r < size; ++r) {
        std::printf("rank %d of %d on %s\n", r, size,
                    all.data() + static_cast<std::size_t>(r) * host_name_length);
    }
    std::fflush(stdout);
}

// True on every rank when `ok` holds on every rank.
inline bool all_ranks_agree(bool ok, MPI_Comm comm) {
    int mine = ok ? 1 : 0;
    int all = 0;
    MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_LAND, comm);
    return all != 0;
}

}  // namespace bramble::kernels
