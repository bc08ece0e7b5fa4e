// qconf's command line: the show options (-s*) bramble answers, parsed without side effects.
// Changes are made in the cluster config file and take effect on the scheduler's SIGHUP, so the
// -a*, -m*, -d* options are refused with that advice.
#pragma once

#include <string>
#include <vector>

#include "model/result.hpp"

namespace bramble::qstat {

enum class QconfShow {
    Help,
    Queue,         // -sq [queue]
    QueueList,     // -sql
    Pe,            // -sp pe
    PeList,        // -spl
    ExecHostList,  // -sel
    ExecHost,      // -se host
    AdminHosts,    // -sh
    SubmitHosts,   // -ss
    Complexes,     // -sc
    Managers,      // -sm
    Operators,     // -so
};

struct QconfOptions {
    QconfShow show = QconfShow::Help;
    std::string name;  // -sq, -sp, -se: what to show (empty for -sq: the cluster's one queue)
};

// One show option (Grid Engine's qconf takes one at a time). Errors are the line qconf prints.
Result<QconfOptions> parse_qconf_args(const std::vector<std::string>& args);

std::string qconf_usage();

}  // namespace bramble::qstat
