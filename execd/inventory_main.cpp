// bramble-inventory NAME: this machine as hwloc sees it, printed as the JSON the execd reads at
// start ({"inventory": ..., "cores": [[cpu, ...], ...]} or {"error": "..."}). hwloc loads its
// plugins, and the libraries they need, into whoever asks; asking in this short-lived program keeps
// them (and libm, which they bring) out of the long-lived execd, whose idle memory on a Pi matters.
#include <cstdio>
#include <string>

#include "execd/inventory.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        (void)std::fputs("usage: bramble-inventory NODE-NAME\n", stderr);
        return 2;
    }
    const std::string report = bramble::execd::machine_report(argv[1]);
    const bool written = std::fputs(report.c_str(), stdout) >= 0 && std::fputc('\n', stdout) != EOF;
    return written && std::fflush(stdout) == 0 ? 0 : 1;
}
