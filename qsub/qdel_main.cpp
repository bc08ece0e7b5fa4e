// qdel: delete jobs by id or name, or all of a user's (-u). Like Grid Engine's qdel it prints
// every answer on stdout, errors included, and exits 1 when any answer was an error.
#include <cstdio>
#include <string>
#include <vector>

#include "call_retry.hpp"
#include "change_reply.hpp"
#include "jobscript/qdel_args.hpp"

namespace {

using namespace bramble;

constexpr const char* kUsage =
    "usage: qdel [-f] [-u USER[,USER...]] [JOB_ID[.TASKS]|JOB_NAME[,...] ...] [-t TASKS]\n"
    "  -f  force: forget running jobs whose node does not answer\n"
    "  -u  delete every job of these users (managers only for other users)\n"
    "  -t  only these tasks of the array job given before it: N, N-M or N-M:STEP\n";

}  // namespace

int main(int argc, char** argv) {
    auto args = jobscript::parse_qdel_args(std::vector<std::string>(argv + 1, argv + argc));
    if (!args) {
        std::fprintf(stderr, "qdel: %s\n%s", args.message().c_str(), kUsage);
        return 1;
    }
    if (args->help) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    return tools::print_change_reply(
        "qdel",
        tools::call_with_retry(wire::DeleteRequest{args->jobs, args->users, args->force}, "qdel"));
}
