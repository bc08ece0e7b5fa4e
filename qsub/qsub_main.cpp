// qsub: submit a job. Reads the job (lib/jobscript), sends it to the scheduler and prints Grid
// Engine's answer line, or just the id with -terse. Short-lived and run in users' shell loops, so
// it does no more work than that: no Asio, no static state worth the name, stdio only.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <variant>

#include "call_retry.hpp"
#include "jobscript/qsub_help.hpp"
#include "jobscript/spec_check.hpp"
#include "jobscript/submission.hpp"
#include "process_context.hpp"
#include "sync_wait.hpp"
#include "wire/codec.hpp"
#include "wire/frame.hpp"

namespace {

using namespace bramble;

int fail(const std::string& message) {
    std::fprintf(stderr, "qsub: %s\n", message.c_str());
    return 1;
}

// Grid Engine's exit statuses for what it refuses before asking qmaster: 2 for an option, 14 for
// a script it cannot read (printed in its words, without the "qsub: " prefix).
int refused_submission(jobscript::SubmitFault fault, const std::string& message) {
    switch (fault) {
        case jobscript::SubmitFault::option:
            fail(message);
            return 2;
        case jobscript::SubmitFault::script_file:
            std::fprintf(stderr, "%s\n", message.c_str());
            return 14;
        case jobscript::SubmitFault::other:
            break;
    }
    return fail(message);
}

Result<std::string> read_stdin() {
    std::string text;
    char buffer[65536];
    while (true) {
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n == 0) return text;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            return make_error(std::string("cannot read standard input: ") + std::strerror(errno));
        text.append(buffer, static_cast<std::size_t>(n));
        if (text.size() > jobscript::kMaxScriptBytes) {
            return make_error("the script on standard input is larger than 4 MiB (" +
                              std::to_string(jobscript::kMaxScriptBytes) +
                              " bytes), the most a job script may be");
        }
    }
}

Result<jobscript::SubmitContext> submit_context(int argc, char** argv) {
    auto context = tools::process_context(std::vector<std::string>(argv + 1, argv + argc));
    if (context) context->read_stdin = read_stdin;
    return context;
}

// Grid Engine's own wording for a refused submission, with its single closing period.
int refused(const std::string& message) {
    const bool has_period = !message.empty() && message.back() == '.';
    std::fprintf(stderr, "Unable to run job: %s%s\n", message.c_str(), has_period ? "" : ".");
    return 1;
}

// -now y: the scheduler answered once the pass after the submission had started or deleted the job.
int immediate_outcome(unsigned long long id, bool scheduled) {
    std::fputs("Waiting for immediate job to be scheduled.\n\n", stderr);
    if (!scheduled) {
        std::fputs("Your qsub request could not be scheduled, try again later.\n", stderr);
        return 1;
    }
    std::fprintf(stderr, "Your immediate job %llu has been successfully scheduled.\n", id);
    return 0;
}

int submit(const jobscript::Submission& submission) {
    // The scheduler checks the same again; checking here spares the trip and a half-sent frame.
    if (auto checked = jobscript::check_job_spec(submission.spec); !checked) {
        return fail(checked.message());
    }
    auto token = tools::random_token();
    if (!token) return fail(token.message());
    const wire::Message request = wire::SubmitRequest{submission.spec, *token};
    if (const auto bytes = wire::encode(request).size(); bytes > wire::kMaxFrameBytes) {
        return fail("the job is " + std::to_string(bytes) + " bytes as a request, more than the " +
                    std::to_string(wire::kMaxFrameBytes) +
                    " bytes (8 MiB) one message to the scheduler may be; make the script or the "
                    "environment (-V, -v) smaller");
    }
    auto reply = tools::call_with_retry(request, "qsub");
    if (!reply) return fail(reply.message());
    if (const auto* error = std::get_if<wire::ErrorReply>(&*reply)) return refused(error->message);
    const auto* ok = std::get_if<wire::SubmitReply>(&*reply);
    if (ok == nullptr) return fail("the scheduler sent an unexpected reply to a submission");
    const auto id = static_cast<unsigned long long>(ok->id);
    const JobSpec& spec = submission.spec;
    if (spec.task_first > 0) {
        // Grid Engine's words for an array: "Your job-array 42.1-10:1 ("name") has been submitted".
        const std::string tasks = std::to_string(spec.task_first) + "-" +
                                  std::to_string(spec.task_last) + ":" +
                                  std::to_string(spec.task_step);
        if (submission.terse) {
            std::printf("%llu.%s\n", id, tasks.c_str());
        } else {
            std::printf("Your job-array %llu.%s (\"%.100s\") has been submitted\n", id,
                        tasks.c_str(), ok->name.c_str());
        }
    } else if (submission.terse) {
        std::printf("%llu\n", id);
    } else {
        std::printf("Your job %llu (\"%.100s\") has been submitted\n", id, ok->name.c_str());
    }
    if (std::fflush(stdout) != 0) return 1;
    if (spec.immediate) {
        const int outcome = immediate_outcome(id, ok->scheduled);
        if (outcome != 0 || !submission.sync) return outcome;
    }
    return submission.sync ? tools::wait_for_job(ok->id, spec) : 0;
}

}  // namespace

int main(int argc, char** argv) {
    auto context = submit_context(argc, argv);
    if (!context) return fail(context.message());
    auto fault = jobscript::SubmitFault::other;
    auto submission = jobscript::parse_submission(*context, &fault);
    if (!submission) return refused_submission(fault, submission.message());
    if (submission->help) {
        std::fputs(jobscript::qsub_help_text().c_str(), stdout);
        return 0;
    }
    return submit(*submission);
}
