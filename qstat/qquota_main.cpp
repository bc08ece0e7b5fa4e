// qquota: the per-user slot limits of the config in force with what each user holds now
// (format_quota.hpp). -u user[,user...] or -u '*'; the caller by default, as in Grid Engine.
#include <pwd.h>
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "format_quota.hpp"
#include "scheduler_call.hpp"
#include "text.hpp"

namespace {

const char* const kUsage =
    "usage: qquota [options]\n"
    "   [-help]                                  print this help\n"
    "   [-u user[,user...]]                      show the quotas of these users ('*': all)\n";

std::string caller() {
    const passwd* entry = ::getpwuid(::getuid());
    return entry != nullptr ? entry->pw_name : std::to_string(::getuid());
}

}  // namespace

int main(int argc, char** argv) {
    using namespace bramble;
    using namespace bramble::qstat;
    const std::vector<std::string> args(argv + 1, argv + argc);
    std::vector<std::string> users;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "-help") {
            std::cout << kUsage;
            return 0;
        }
        if (args[i] == "-u" && i + 1 < args.size()) {
            const auto named = split(args[++i], ',');
            users.insert(users.end(), named.begin(), named.end());
            continue;
        }
        std::cerr << "error: invalid option argument \"" << args[i] << "\"\n" << kUsage;
        return 1;
    }
    if (users.empty()) users.push_back(caller());
    auto config = ask_scheduler<wire::ConfigReply>(wire::ConfigRequest{});
    if (!config) {
        std::cerr << "error: " << config.message() << "\n";
        return 1;
    }
    auto jobs = ask_scheduler<wire::JobsReply>(wire::ListJobsRequest{{"*"}, "", false});
    if (!jobs) {
        std::cerr << "error: " << jobs.message() << "\n";
        return 1;
    }
    std::cout << format_quota(quota_lines(*config, slots_in_use(jobs->jobs), users));
    return 0;
}
