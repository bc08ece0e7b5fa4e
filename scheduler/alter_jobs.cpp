// qalter: qsub's options applied to a job that waits, by the same parser qsub uses, then checked
// as a new submission would be (the PE and resources exist, some node could ever hold it). A job on
// a node takes only what still means something for it (alter_running.cpp).
#include <algorithm>
#include <cctype>
#include <string>

#include "alter_words.hpp"
#include "answer_words.hpp"
#include "jobscript/names.hpp"
#include "jobscript/qsub_flags.hpp"
#include "jobscript/spec_check.hpp"
#include "log.hpp"
#include "model/task_id.hpp"
#include "requests.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {
namespace {

bool names_option(const std::vector<std::string>& words, const std::string& option) {
    return std::find(words.begin(), words.end(), option) != words.end();
}

}  // namespace

void Scheduler::alter_jobs(const Caller& caller, const wire::AlterRequest& request,
                           const Reply& reply) {
    wire::DeleteReply out;
    each_target(caller, request.jobs, {}, out,
                [&](const Job& job) { alter_one(caller, job, request, out); });
    after_commit([reply, out](bool committed) {
        if (committed) return reply(out);
        reply(wire::ErrorReply{"the change could not be saved in the scheduler's spool", true});
    });
}

void Scheduler::alter_one(const Caller& caller, const Job& job, const wire::AlterRequest& request,
                          wire::DeleteReply& out) {
    if (!may_change(caller, job, out)) return;
    const std::string id = job_id_text(job.id);
    auto refuse = [&](const std::string& why) {
        out.lines.push_back("job " + id + ": " + why);
        out.failed = true;
    };
    if (job.state == JobState::Dispatched || job.state == JobState::Running) {
        return alter_running(caller, job, request, out);
    }
    if (job.state != JobState::Pending && job.state != JobState::Held) {
        return refuse("it is " + std::string(to_string(job.state)) +
                      "; only a waiting or running job can be altered");
    }
    jobscript::QsubOptions options;
    options.spec = job.spec;
    // As in Grid Engine, qalter -hold_jid and -hold_jid_ad give the job a new list; the old one
    // (YAML after: included) goes.
    const bool new_holds = names_option(request.options, "-hold_jid");
    const bool new_task_holds = names_option(request.options, "-hold_jid_ad");
    if (new_holds) {
        options.spec.hold_jids.clear();
        options.spec.after_ok.clear();
    }
    if (new_task_holds) options.spec.hold_jids_by_task.clear();
    options.files_allowed = false;  // qalter expanded any -@ as the user; root opens nothing
    const jobscript::SubmitEnvironment env{request.cwd, {}};
    if (auto applied = jobscript::apply_qsub_options(options, request.options, {}, env); !applied) {
        return refuse(applied.message());
    } else if (*applied != request.options.size()) {
        return refuse(jobscript::quoted_printable(request.options[*applied]) + " is not an option");
    }
    // The changed job is checked as a new submission is, field by field.
    if (auto checked = jobscript::check_job_spec(options.spec); !checked) {
        return refuse(checked.message());
    }
    const Caller owner{job.owner.uid, job.owner.gid, job.owner.user, job.owner.group};
    auto planned = check_submission(is_manager(caller) ? caller : owner, options.spec);
    if (!planned) return refuse(planned.message());
    // The job keeps waiting for what it waited for unless the change names its predecessors.
    Predecessors waiting{job.waiting_for, job.after_ok};
    if (new_holds || new_task_holds) {
        auto resolved = resolve_dependencies(owner, options.spec);
        if (!resolved) return refuse(resolved.message());
        auto arrays = resolve_task_dependencies(owner, options.spec);
        if (!arrays) return refuse(arrays.message());
        waiting = std::move(*resolved);
        append_task_waits(waiting.all, *arrays, task_number(job.id));
    }
    planned->id = job.id;
    planned->user = job.owner.user;
    planned->submit_time = job.submit_time;
    std::string changed;
    std::vector<std::string> lines;
    const std::string who = caller_name(caller) + "@" + this_host();
    for (const auto& word : request.options) {
        const bool option_name = word.size() > 1 && word[0] == '-' &&
                                 (std::isdigit(static_cast<unsigned char>(word[1])) == 0);
        if (!option_name) continue;
        const std::string attribute = altered_attribute(word);
        lines.push_back(altered_line(word, id, who, options.spec.priority));
        changed += (changed.empty() ? "" : ", ") + attribute;
    }
    const JobId altered = job.id;
    std::vector<JobId> before =
        job.waiting_for;  // `job` may be the turn's copy, which record changes
    if (!record(events::Altered{
            altered, std::move(options.spec), std::move(waiting.all), std::move(waiting.ended_well),
            caller.user.empty() ? std::to_string(caller.uid) : caller.user, changed})) {
        return refuse("the change could not be recorded");
    }
    turn_.resolve(altered, std::move(*planned));
    after_commit([this, altered, before = std::move(before)](bool committed) {
        if (committed) untrack_dependencies(altered, before);
    });
    out.lines.insert(out.lines.end(), lines.begin(), lines.end());
}

}  // namespace bramble::scheduler
