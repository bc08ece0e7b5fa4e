// parse_qdel_args (see qdel_args.hpp).
#include "jobscript/qdel_args.hpp"

#include <string_view>

namespace bramble::jobscript {

namespace {

void add_list(std::vector<std::string>& out, std::string_view list) {
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto comma = std::min(list.find(',', start), list.size());
        if (comma > start) out.emplace_back(list.substr(start, comma - start));
        start = comma + 1;
    }
}

}  // namespace

Result<DeleteArgs> parse_qdel_args(const std::vector<std::string>& args) {
    DeleteArgs out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& word = args[i];
        if (word == "-f") {
            out.force = true;
        } else if (word == "-help") {
            out.help = true;
        } else if (word == "-u") {
            if (++i == args.size()) return make_error("option -u: missing a user name");
            add_list(out.users, args[i]);
        } else if (word == "-t") {
            return make_error("option -t (array tasks) is not supported yet");
        } else if (word.size() > 1 && word.front() == '-') {
            return make_error("unknown option " + word);
        } else {
            add_list(out.jobs, word);
        }
    }
    if (!out.help && out.jobs.empty() && out.users.empty()) {
        return make_error("no job given (qdel JOB_ID|JOB_NAME ... or qdel -u USER)");
    }
    return out;
}

}  // namespace bramble::jobscript
