// qalter: change a waiting job with qsub's options, `qalter OPTIONS JOB_ID|JOB_NAME[,...] ...`.
// The options are checked here by qsub's own parser, then applied by the scheduler to each job's
// request and checked again as a submission would be.
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "call_retry.hpp"
#include "change_reply.hpp"
#include "jobscript/qsub_flags.hpp"

namespace {

using namespace bramble;

constexpr const char* kUsage = "usage: qalter QSUB_OPTIONS JOB_ID|JOB_NAME[,...] ...\n";

std::string current_directory() {
    std::vector<char> buffer(4096);
    return getcwd(buffer.data(), buffer.size()) != nullptr ? std::string(buffer.data()) : "";
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "-help" || args[0] == "--help") {
        std::fputs(kUsage, args.empty() ? stderr : stdout);
        return args.empty() ? 1 : 0;
    }
    wire::AlterRequest request;
    request.cwd = current_directory();
    jobscript::QsubOptions scratch;
    auto first_job = jobscript::apply_qsub_options(scratch, args, {}, {request.cwd, {}});
    if (!first_job) {
        std::fprintf(stderr, "qalter: %s\n%s", first_job.message().c_str(), kUsage);
        return 1;
    }
    // -@ files are read here, as the user; the scheduler is sent the words they hold.
    auto options = jobscript::expand_options_files(
        {args.begin(), args.begin() + static_cast<long>(*first_job)}, request.cwd);
    if (!options) {
        std::fprintf(stderr, "qalter: %s\n", options.message().c_str());
        return 1;
    }
    request.options = std::move(*options);
    for (std::size_t i = *first_job; i < args.size(); ++i) {
        std::size_t start = 0;
        while (start <= args[i].size()) {
            const auto comma = args[i].find(',', start);
            auto item = args[i].substr(start, comma == std::string::npos ? comma : comma - start);
            if (!item.empty()) request.jobs.push_back(std::move(item));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }
    if (request.options.empty() || request.jobs.empty()) {
        std::fprintf(stderr, "qalter: %s\n%s",
                     request.options.empty() ? "no option to change" : "no job named", kUsage);
        return 1;
    }
    return tools::print_change_reply("qalter", tools::call_with_retry(request, "qalter"));
}
