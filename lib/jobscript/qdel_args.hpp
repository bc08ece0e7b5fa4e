// qdel's command line -> what to delete. Kept here, beside qsub's parsing, so the tools stay thin
// and the parsing is unit-tested; qdel turns the result into a wire::DeleteRequest.
#pragma once

#include <string>
#include <vector>

#include "model/result.hpp"

namespace bramble::jobscript {

struct DeleteArgs {
    std::vector<std::string> jobs;   // ids or names, comma lists split ("1,2" -> "1", "2")
    std::vector<std::string> users;  // -u USER[,USER]
    bool force = false;              // -f
    bool help = false;               // -help
};

// `qdel [-f] [-u USER[,USER...]] [ID|NAME[,...] ...]`. At least one job or -u is needed;
// -t (array tasks) is refused by name, other options as unknown.
Result<DeleteArgs> parse_qdel_args(const std::vector<std::string>& args);

}  // namespace bramble::jobscript
