// qselect: the queue instances (all.q@pi01) a command line selects, one per line, so that
// `qmod -d $(qselect -q all.q@pi0*)` and `qdel`-style pipelines work as with Grid Engine. Parsing
// and selecting are pure, for the tests; qselect_main.cpp only asks the scheduler for its nodes.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model/result.hpp"
#include "wire/messages.hpp"

namespace bramble::qstat {

struct QselectOptions {
    bool help = false;
    std::vector<std::string> queues;  // -q: wc_queue (all.q, all.q@pi0*, *@pi01, pi01)
    // -l: name=value pairs a node must offer (arch, hostname, qname, num_proc, slots, mem_total,
    // mem_free, h_vmem, virtual_free, and their Grid Engine shortcuts).
    std::vector<std::pair<std::string, std::string>> resources;
    std::string states;              // -qs (also -s): the instance has one of these state letters
    std::vector<std::string> users;  // -U: every user may use bramble's queue, so none is excluded
};

// `args` excludes the program name. A bad option or value is an error whose message qselect
// prints; Grid Engine's "invalid option argument" and "unknown resource" wordings.
Result<QselectOptions> parse_qselect_args(const std::vector<std::string>& args);

// The selected instances' names, sorted by node.
std::vector<std::string> select_queue_instances(const wire::NodesReply& nodes,
                                                const QselectOptions& options);

std::string qselect_usage();

}  // namespace bramble::qstat
