// qstat's and qhost's command lines, parsed without side effects so they can be tested. Grid
// Engine's options are single-dash words (-xml, -help), which getopt-style parsers split into
// letters, so these are parsed by hand.
#pragma once

#include <string>
#include <vector>

#include "format_hosts.hpp"
#include "model/result.hpp"

namespace bramble::qstat {

struct QstatOptions {
    bool help = false;
    bool full = false;       // -f (and -F)
    bool resources = false;  // -F: -f with each node's resources
    bool xml = false;
    bool priorities = false;          // -pri: the table with the parts of each job's priority
    bool cluster_queues = false;      // -g c: the cluster queue summary
    bool extended = false;            // -ext: Grid Engine's extended columns
    bool requests = false;            // -r: what each job asked for, under its line
    std::vector<std::string> jobs;    // -j: ids or names; non-empty means the detail view
    std::vector<std::string> users;   // -u: empty = the caller, {"*"} = everybody
    std::string states;               // -s letters, passed to the scheduler
    std::vector<std::string> queues;  // -q: QUEUE or QUEUE@NODE
};

// `args` excludes the program name; `me` replaces Grid Engine's "$user" in -u lists. Errors carry
// Grid Engine's wording: ERROR! invalid option argument "-foo".
Result<QstatOptions> parse_qstat_args(const std::vector<std::string>& args, const std::string& me);

struct QhostOptions {
    bool help = false;
    bool xml = false;
    HostOptions hosts;
    std::vector<std::string> only;  // -h: these hosts only
};

Result<QhostOptions> parse_qhost_args(const std::vector<std::string>& args);

// The usage texts printed by -help (stdout) and after a bad option (stderr).
std::string qstat_usage();
std::string qhost_usage();

}  // namespace bramble::qstat
