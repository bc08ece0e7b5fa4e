// qalter and qhold of a job already on a node. As in Grid Engine the change is taken when it
// still means something: the name, mail, account and restart behaviour are the job's record
// (qstat, mail, accounting), a hold (-h, qhold) takes effect if the job is requeued, and -p is
// its priority should it wait again (and qstat -pri's ppri column). What was
// decided when the job was placed (resources, queue, PE, paths, environment) stays, refused with
// Grid Engine's words: "denied: can't change consumable resource request "h_vmem" of running
// job", and "job 58 can't modify running jobs" for the rest.
#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "alter_words.hpp"
#include "answer_words.hpp"
#include "jobscript/names.hpp"
#include "jobscript/qsub_flags.hpp"
#include "jobscript/spec_check.hpp"
#include "model/task_id.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {
namespace {

constexpr std::array<std::string_view, 8> kStillMeaningful = {"-N", "-m", "-M", "-A",
                                                              "-r", "-h", "-p", "-notify"};

bool still_meaningful(const std::string& option) {
    return std::find(kStillMeaningful.begin(), kStillMeaningful.end(), option) !=
           kStillMeaningful.end();
}

bool is_option_name(const std::string& word) {
    return word.size() > 1 && word[0] == '-' &&
           std::isdigit(static_cast<unsigned char>(word[1])) == 0;
}

// The first resource a -l list names ("h_vmem" of "h_vmem=2G,h_rt=60").
std::string first_resource(const std::vector<std::string>& words) {
    const auto at = std::find(words.begin(), words.end(), "-l");
    if (at == words.end() || at + 1 == words.end()) return "";
    const std::string& list = *(at + 1);
    return list.substr(0, std::min(list.find('='), list.find(',')));
}

}  // namespace

void Scheduler::alter_running(const Caller& caller, const Job& job,
                              const wire::AlterRequest& request, wire::DeleteReply& out) {
    const std::string id = std::to_string(visible_job_id(job.id));
    auto refuse = [&](const std::string& why) {
        out.lines.push_back(why);
        out.failed = true;
    };
    std::string changed;
    for (const auto& word : request.options) {
        if (!is_option_name(word)) continue;
        if (word == "-l") {
            return refuse("denied: can't change consumable resource request " +
                          jobscript::quoted_printable(first_resource(request.options)) +
                          " of running job");
        }
        if (!still_meaningful(word)) return refuse("job " + id + " can't modify running jobs");
        changed += (changed.empty() ? "" : ", ") + altered_attribute(word);
    }
    jobscript::QsubOptions options;
    options.spec = job.spec;
    options.files_allowed = false;
    const jobscript::SubmitEnvironment env{request.cwd, {}};
    if (auto applied = jobscript::apply_qsub_options(options, request.options, {}, env); !applied) {
        return refuse("job " + job_id_text(job.id) + ": " + applied.message());
    } else if (*applied != request.options.size()) {
        return refuse("job " + job_id_text(job.id) + ": " +
                      jobscript::quoted_printable(request.options[*applied]) + " is not an option");
    }
    if (auto checked = jobscript::check_job_spec(options.spec); !checked) {
        return refuse("job " + job_id_text(job.id) + ": " + checked.message());
    }
    // The rule a submission follows (check_submission); its words too.
    if (options.spec.priority > 0 && options.spec.priority != job.spec.priority &&
        !is_manager(caller)) {
        return refuse("job " + job_id_text(job.id) + ": -p " +
                      std::to_string(options.spec.priority) +
                      ": only managers may raise a job's priority above 0; users may lower "
                      "theirs (-1023..0)");
    }
    std::vector<std::string> lines;
    const std::string who = caller_name(caller) + "@" + this_host();
    for (const auto& word : request.options) {
        if (is_option_name(word))
            lines.push_back(altered_line(word, id, who, options.spec.priority));
    }
    if (!record_running_change(caller, job, std::move(options.spec), changed)) {
        return refuse("job " + job_id_text(job.id) + ": the change could not be recorded");
    }
    out.lines.insert(out.lines.end(), lines.begin(), lines.end());
}

bool Scheduler::record_running_change(const Caller& caller, const Job& job, JobSpec spec,
                                      const std::string& changed) {
    const std::string who = caller.user.empty() ? std::to_string(caller.uid) : caller.user;
    return record(events::Altered{job.id, std::move(spec), job.waiting_for, job.after_ok, who,
                                  changed})
        .ok();
}

}  // namespace bramble::scheduler
