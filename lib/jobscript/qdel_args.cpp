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

// qdel 42 -t 2-50:2: the tasks of the job named just before, as the scheduler reads them
// ("42.2-50:2"). The range is checked there, as every task reference is.
Status with_tasks(std::vector<std::string>& jobs, const std::string& range) {
    if (jobs.empty() || jobs.back().empty() ||
        jobs.back().find_first_not_of("0123456789") != std::string::npos) {
        return make_error("option -t " + range +
                          ": give it after the array job's id (qdel 42 -t 2-50:2)");
    }
    if (range.empty() || range.find_first_not_of("0123456789-:") != std::string::npos) {
        return make_error("option -t " + range + ": a task range is N, N-M or N-M:STEP");
    }
    jobs.back() += "." + range;
    return ok_status();
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
            if (++i == args.size()) return make_error("option -t: missing a task range");
            if (auto named = with_tasks(out.jobs, args[i]); !named) return named.error();
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
