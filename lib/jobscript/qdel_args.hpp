// qdel's command line -> what to delete. Kept here, beside qsub's parsing, so the tools stay thin
// and the parsing is unit-tested; qdel turns the result into a wire::DeleteRequest.
#pragma once

#include <string>
#include <vector>

#include "model/result.hpp"

namespace bramble::jobscript {

struct DeleteArgs {
    std::vector<std::string> jobs;   // ids, tasks ("42.3", "42.2-50:2") or names; lists split
    std::vector<std::string> users;  // -u USER[,USER]
    bool force = false;              // -f
    bool help = false;               // -help
};

// `qdel [-f] [-u USER[,USER...]] [ID|NAME[,...] ...] [-t RANGE]`. At least one job or -u is
// needed; `-t 2-50:2` narrows the job id given just before it to those tasks ("42.2-50:2", as
// Grid Engine's qdel also takes them); other options are unknown.
Result<DeleteArgs> parse_qdel_args(const std::vector<std::string>& args);

}  // namespace bramble::jobscript
