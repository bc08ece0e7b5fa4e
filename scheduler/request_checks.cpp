// check_client_request (see request_checks.hpp): one check per request type.
#include "request_checks.hpp"

#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "jobscript/names.hpp"
#include "jobscript/spec_check.hpp"

namespace bramble::scheduler {
namespace {

std::string count(std::size_t n) {
    return std::to_string(n);
}

std::string base_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool is_id(std::string_view ref) {
    return !ref.empty() && ref.find_first_not_of("0123456789.") == std::string_view::npos;
}

// Job references: bounded in number, each printable and bounded; names far fewer than ids.
Status check_job_refs(const std::vector<std::string>& refs) {
    if (refs.size() > kMaxJobRefs) {
        return make_error("the request names " + count(refs.size()) + " jobs; the most is " +
                          count(kMaxJobRefs) + " per request");
    }
    std::size_t names = 0;
    for (const auto& ref : refs) {
        if (is_id(ref)) {
            if (ref.size() > 32) return make_error("job id \"" + ref + "\" is too long");
            continue;
        }
        if (++names > kMaxNameRefs) {
            return make_error("the request names more than " + count(kMaxNameRefs) +
                              " jobs by name or pattern; name them by id, or in several requests");
        }
        if (ref.size() > jobscript::kMaxNameBytes ||
            jobscript::first_unprintable(ref) != std::string::npos) {
            return make_error("job name " + jobscript::quoted_printable(ref.substr(0, 64)) +
                              " is not a job name: names are printable and at most " +
                              count(jobscript::kMaxNameBytes) + " bytes");
        }
    }
    return ok_status();
}

Status check_users(const std::vector<std::string>& users) {
    if (users.size() > kMaxUsers) {
        return make_error("the request names " + count(users.size()) + " users; the most is " +
                          count(kMaxUsers));
    }
    for (const auto& user : users) {
        if (user == "*") continue;
        if (auto ok = jobscript::check_name("user name", user); !ok) return ok;
    }
    return ok_status();
}

Status check(wire::SubmitRequest& request) {
    if (request.token.size() > kMaxTokenBytes ||
        jobscript::first_unprintable(request.token) != std::string::npos) {
        return make_error("the submission token is not up to " + count(kMaxTokenBytes) +
                          " printable characters");
    }
    if (request.spec.name.empty()) request.spec.name = default_job_name(request.spec);
    return jobscript::check_job_spec(request.spec);
}

Status check(const wire::AlterRequest& request) {
    if (auto ok = check_job_refs(request.jobs); !ok) return ok;
    if (request.options.size() > kMaxAlterWords) {
        return make_error("qalter sent " + count(request.options.size()) +
                          " option words; the most is " + count(kMaxAlterWords));
    }
    std::size_t bytes = 0;
    for (const auto& word : request.options) {
        bytes += word.size();
        // qalter reads -@ files itself, as the user; the scheduler runs as root and must not.
        if (word == "-@") {
            return make_error(
                "qalter -@: options files are read by qalter, as the user; the "
                "scheduler reads no file on anybody's behalf (send the options "
                "the file holds)");
        }
    }
    if (bytes > jobscript::kMaxEnvBytes + jobscript::kMaxArgBytes) {
        return make_error("qalter's options take " + count(bytes) + " bytes; the most is 2 MiB");
    }
    if (request.cwd.size() > jobscript::kMaxPathBytes ||
        (!request.cwd.empty() && request.cwd.front() != '/') ||
        jobscript::first_unprintable(request.cwd) != std::string::npos) {
        return make_error("qalter's working directory " +
                          jobscript::quoted_printable(request.cwd.substr(0, 64)) +
                          " is not an absolute path of printable characters");
    }
    return ok_status();
}

Status check(const wire::DeleteRequest& request) {
    if (auto ok = check_job_refs(request.jobs); !ok) return ok;
    return check_users(request.users);
}

Status check(const wire::HoldRequest& request) {
    if (auto ok = check_job_refs(request.jobs); !ok) return ok;
    return check_users(request.users);
}

// qmod's targets: jobs for -cj; queue instances (or job ids) for the others, each pattern costing
// a scan of every node, so bounded like job names.
Status check(const wire::ModifyRequest& request) {
    const bool jobs_only = request.action == "clear_jobs";
    if (!jobs_only && request.action != "clear" && request.action != "clear_queues" &&
        request.action != "disable" && request.action != "enable") {
        return make_error("qmod action " +
                          jobscript::quoted_printable(request.action.substr(0, 32)) +
                          " is not one of clear_jobs (-cj), clear (-c), clear_queues (-cq), "
                          "disable (-d) or enable (-e)");
    }
    if (jobs_only) return check_job_refs(request.targets);
    if (request.targets.size() > kMaxNameRefs) {
        return make_error("the request names " + count(request.targets.size()) +
                          " queues or jobs; the most is " + count(kMaxNameRefs) + " per request");
    }
    for (const auto& target : request.targets) {
        if (target.empty() || target.size() > jobscript::kMaxNameBytes ||
            jobscript::first_unprintable(target) != std::string::npos) {
            return make_error("queue " + jobscript::quoted_printable(target.substr(0, 64)) +
                              " is not a queue name: names are printable and 1 to " +
                              count(jobscript::kMaxNameBytes) + " bytes");
        }
    }
    return ok_status();
}

Status check(const wire::JobDetailRequest& request) {
    return check_job_refs(request.jobs);
}

// qacct's filters: a job reference or name pattern, a user and a host, each one printable name.
Status check(const wire::AccountingRequest& request) {
    const std::pair<const char*, const std::string*> fields[] = {
        {"job", &request.job}, {"owner", &request.owner}, {"host", &request.host}};
    for (const auto& [what, text] : fields) {
        if (text->size() > jobscript::kMaxNameBytes ||
            jobscript::first_unprintable(*text) != std::string::npos) {
            return make_error("qacct: the " + std::string(what) + " " +
                              jobscript::quoted_printable(text->substr(0, 64)) +
                              " is not a name: names are printable and at most " +
                              count(jobscript::kMaxNameBytes) + " bytes");
        }
    }
    return ok_status();
}

Status check(const wire::ListJobsRequest& request) {
    if (request.states.size() > 16) {
        return make_error("qstat -s \"" + request.states.substr(0, 16) +
                          "...\": state letters are a few of p r h");
    }
    return check_users(request.users);
}

}  // namespace

std::string default_job_name(const JobSpec& spec) {
    if (spec.binary && !spec.args.empty()) return base_name(spec.args.front());
    if (!spec.script_path.empty()) return base_name(spec.script_path);
    return "STDIN";
}

Status check_client_request(wire::Message& request) {
    return std::visit(
        [](auto& message) -> Status {
            using T = std::decay_t<decltype(message)>;
            if constexpr (std::is_same_v<T, wire::SubmitRequest> ||
                          std::is_same_v<T, wire::AlterRequest> ||
                          std::is_same_v<T, wire::DeleteRequest> ||
                          std::is_same_v<T, wire::HoldRequest> ||
                          std::is_same_v<T, wire::ModifyRequest> ||
                          std::is_same_v<T, wire::JobDetailRequest> ||
                          std::is_same_v<T, wire::AccountingRequest> ||
                          std::is_same_v<T, wire::ListJobsRequest>) {
                return check(message);
            } else {
                return ok_status();  // no fields (list_nodes, config), or never routed
            }
        },
        request);
}

}  // namespace bramble::scheduler
