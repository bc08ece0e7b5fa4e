// What the python-drmaa and Snakemake tests share: the environment that points python-drmaa at
// the library of this build, and whether Debian's python3 can load it here at all.
#pragma once

#include <string>
#include <vector>

#include "support/local_cluster.hpp"
#include "support/process.hpp"

namespace bramble::test {

// DRMAA_LIBRARY_PATH to this build's libdrmaa, BRAMBLE_SOCKET to the cluster's scheduler.
inline std::vector<std::string> drmaa_environment(const LocalCluster& cluster) {
    return environment_with({std::string("DRMAA_LIBRARY_PATH=") + BRAMBLE_DRMAA_LIBRARY,
                             "BRAMBLE_SOCKET=" + cluster.socket_path()});
}

// Empty when /usr/bin/python3 imports drmaa with our library; else why it cannot. A library
// built with AddressSanitizer needs its runtime loaded before python3 starts, so the sanitizer
// build leaves these tests to the C API test.
inline std::string why_python_cannot_load_libdrmaa([[maybe_unused]] const LocalCluster& cluster) {
#if defined(__SANITIZE_ADDRESS__)
    return "a sanitized libdrmaa cannot be loaded by an unsanitized python3";
#else
    Command probe;
    probe.argv = {"/usr/bin/python3", "-c", "import drmaa"};
    probe.env = drmaa_environment(cluster);
    const ProcessResult r = run_command(probe);
    if (r.exit_code == 0) return "";
    return "python3-drmaa cannot be imported (etc/install-deps.sh installs it): " + r.err;
#endif
}

}  // namespace bramble::test
