// Running the kernels from tests: directly, or under mpirun with N ranks on this machine alone
// (no ssh or rsh, shared-memory transport, oversubscribed when N exceeds the cores).
#pragma once

#include <unistd.h>

#include <array>
#include <string>
#include <vector>

#include "support/local_cluster.hpp"
#include "support/process.hpp"

namespace bramble::test {

inline ProcessResult run_kernel(const std::string& kernel, const std::vector<std::string>& args,
                                const std::vector<std::string>& env = {}) {
    Command command;
    command.argv = {bin_path(kernel)};
    command.argv.insert(command.argv.end(), args.begin(), args.end());
    command.env = environment_with(env);
    command.timeout = std::chrono::seconds(60);
    return run_command(command);
}

inline ProcessResult run_mpi_kernel(const std::string& kernel, int ranks,
                                    const std::vector<std::string>& args) {
    Command command;
    command.argv = {BRAMBLE_MPIEXEC, "-np", std::to_string(ranks), "--oversubscribe"};
    if (::geteuid() == 0) command.argv.push_back("--allow-run-as-root");
    command.argv.push_back(bin_path(kernel));
    command.argv.insert(command.argv.end(), args.begin(), args.end());
    // Everything stays on this machine: no remote launcher, no network transport, and no
    // single-copy mechanism that containers often forbid.
    command.env = environment_with({"OMPI_MCA_plm=isolated", "OMPI_MCA_btl=self,vader",
                                    "OMPI_MCA_btl_vader_single_copy_mechanism=none",
                                    "OMPI_MCA_rmaps_base_oversubscribe=1",
                                    "OMPI_MCA_ras=^gridengine", "PE_HOSTFILE=", "JOB_ID="});
    command.timeout = std::chrono::seconds(90);
    return run_command(command);
}

inline std::string this_host() {
    std::array<char, 256> name{};
    ::gethostname(name.data(), name.size() - 1);
    return name.data();
}

}  // namespace bramble::test
