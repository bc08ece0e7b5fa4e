#include "submit_template.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <variant>
#include <vector>

#include "call_retry.hpp"
#include "jobscript/spec_check.hpp"
#include "jobscript/submission.hpp"
#include "process_context.hpp"

namespace bramble::drmaa {
namespace {

// getpwuid_r: a host program (Galaxy) submits from several threads at once.
std::string home_directory() {
    passwd entry{};
    passwd* found = nullptr;
    std::vector<char> buffer(16384);
    if (::getpwuid_r(::geteuid(), &entry, buffer.data(), buffer.size(), &found) == 0 &&
        found != nullptr && found->pw_dir != nullptr)
        return found->pw_dir;
    const char* home = std::getenv("HOME");
    return home != nullptr ? home : "/";
}

// What qsub would know in this process: its directory, its environment, its host.
Result<jobscript::SubmitContext> submit_context(std::vector<std::string> args) {
    auto process = tools::process_context(std::move(args));
    if (!process) return process.error();
    jobscript::SubmitContext context = std::move(*process);
    context.read_stdin = []() -> Result<std::string> {
        return make_error("a DRMAA job has no script on standard input");
    };
    return context;
}

// drmaa_v_env: each name set once, the template's value winning over -v and -V.
void apply_env(JobSpec& spec, const std::vector<std::pair<std::string, std::string>>& env) {
    for (const auto& [name, value] : env) {
        const std::string& wanted = name;  // clang 14 lets no lambda capture a binding
        auto it = std::find_if(spec.env.begin(), spec.env.end(),
                               [&](const auto& var) { return var.first == wanted; });
        if (it != spec.env.end()) {
            it->second = value;
        } else {
            spec.env.emplace_back(name, value);
        }
    }
}

Result<jobscript::Submission> read_template(const drmaa_job_template_s& jt,
                                            const std::optional<BulkRange>& bulk, Answer& refused) {
    SubmitWords words;
    refused = template_words(jt, bulk, home_directory(), words);
    if (refused.code != DRMAA_ERRNO_SUCCESS) return make_error(refused.diagnosis);
    auto context = submit_context(std::move(words.args));
    if (!context) return context.error();
    auto submission = jobscript::parse_submission(*context);
    if (!submission)
        return make_error("the job template, read as qsub options: " + submission.message());
    apply_env(submission->spec, words.env);
    if (auto checked = jobscript::check_job_spec(submission->spec); !checked)
        return checked.error();
    return submission;
}

}  // namespace

Answer submit_template(const std::string& contact, const drmaa_job_template_s& jt,
                       const std::optional<BulkRange>& bulk, std::vector<std::string>& ids) {
    Answer refused;
    auto submission = read_template(jt, bulk, refused);
    if (refused.code != DRMAA_ERRNO_SUCCESS) return refused;
    if (!submission) return failure(DRMAA_ERRNO_INVALID_ATTRIBUTE_VALUE, submission.message());
    auto token = tools::random_token();
    if (!token) return failure(DRMAA_ERRNO_INTERNAL_ERROR, token.message());
    const JobSpec& spec = submission->spec;
    auto reply = tools::call_with_retry(wire::SubmitRequest{spec, *token}, "drmaa", contact);
    if (!reply) return failure(DRMAA_ERRNO_DRM_COMMUNICATION_FAILURE, reply.message());
    if (const auto* error = std::get_if<wire::ErrorReply>(&*reply))
        return failure(DRMAA_ERRNO_DENIED_BY_DRM,
                       "the scheduler refused the job: " + error->message);
    const auto* submitted = std::get_if<wire::SubmitReply>(&*reply);
    if (submitted == nullptr)
        return failure(DRMAA_ERRNO_INTERNAL_ERROR, "the scheduler sent an unexpected reply");
    const std::string id = std::to_string(submitted->id);
    ids.clear();
    if (!bulk) {
        ids.push_back(id);
        return success();
    }
    for (int task = spec.task_first; task <= spec.task_last; task += spec.task_step)
        ids.push_back(id + "." + std::to_string(task));
    return success();
}

}  // namespace bramble::drmaa
