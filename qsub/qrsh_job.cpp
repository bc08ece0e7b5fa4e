// qrsh's interactive job (see qrsh_job.hpp): submit, wait to be placed, find the node, attach.
#include "qrsh_job.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "call_retry.hpp"
#include "jobscript/qsub_flags.hpp"
#include "jobscript/spec_check.hpp"
#include "jobscript/submission.hpp"
#include "process_context.hpp"
#include "qrsh_relay.hpp"

namespace bramble::tools {

namespace {

constexpr const char* kUsage =
    "usage: qrsh [options] [command [args...]]\n"
    "       qrsh -inherit [-nostdin] [-noshell] [-V] [-v var[=value]] [-cwd] [-wd dir] host "
    "command [args...]\n"
    "  options: qsub's (-N, -l, -pe, -q, -cwd, -wd, -V, -v, -now y|n, ...), and\n"
    "   [-nostdin]                               the command's stdin is /dev/null\n"
    "   [-noshell]                               accepted: the words are always the command\n"
    "   [-pty n]                                 no terminal (the only kind offered)\n";

struct QrshOptions {
    std::vector<std::string> qsub_words;  // for lib/jobscript, qrsh's own options taken out
    bool nostdin = false;
};

// qrsh's own options out, qsub's in: -b y (the words are the command) and -now y first, so the
// user's -now n wins.
Result<QrshOptions> split_options(const std::vector<std::string>& args) {
    QrshOptions out;
    out.qsub_words = {"-b", "y", "-now", "y"};
    std::size_t i = 0;
    for (; i < args.size() && args[i].size() > 1 && args[i][0] == '-'; ++i) {
        const std::string& option = args[i];
        if (option == "-nostdin") {
            out.nostdin = true;
        } else if (option == "-noshell" || option == "-verbose") {
            // The words are always the command's argv here (qsub -b y), never shell text.
        } else if (option == "-pty") {
            if (i + 1 == args.size()) return make_error("-pty needs y or n");
            if (args[++i] == "y")
                return make_error(
                    "-pty y: a terminal on the node is not offered by bramble's qrsh");
        } else {
            // Which options take a value is lib/jobscript's to say: the words stay in order, and
            // the first value ends qrsh's own options (they come first, as Grid Engine shows them).
            out.qsub_words.push_back(option);
        }
    }
    out.qsub_words.insert(out.qsub_words.end(), args.begin() + static_cast<std::ptrdiff_t>(i),
                          args.end());
    return out;
}

Result<JobSpec> job_spec(const QrshOptions& options) {
    auto process = tools::process_context(options.qsub_words);
    if (!process) return process.error();
    jobscript::SubmitContext context = std::move(*process);
    // No command: qlogin-style without a terminal, a shell reading qrsh's stdin.
    jobscript::QsubOptions scan;
    auto at = jobscript::apply_qsub_options(scan, context.args, {}, context.env);
    if (!at) return at.error();
    const bool login = *at == context.args.size();
    if (login) context.args.push_back("/bin/sh");
    auto submission = jobscript::parse_submission(context);
    if (!submission) return submission.error();
    JobSpec spec = submission->spec;
    spec.interactive = true;
    if (login && scan.spec.name.empty()) spec.name = "QRLOGIN";
    if (auto checked = jobscript::check_job_spec(spec); !checked) return checked.error();
    return spec;
}

// Sleeps `seconds`, or less when a stop signal arrives; returns the signal or 0.
int pause_for(double seconds) {
    const sigset_t stops = qrsh_stop_signals();
    timespec wait{
        static_cast<time_t>(seconds),
        static_cast<long>((seconds - static_cast<double>(static_cast<time_t>(seconds))) * 1e9)};
    const int sig = ::sigtimedwait(&stops, nullptr, &wait);
    return sig > 0 ? sig : 0;
}

void delete_job(JobId id) {
    wire::DeleteRequest request;
    request.jobs = {std::to_string(id)};
    (void)call_with_retry(request, "qrsh");
}

// The node job `id` was placed on, once it is; waits while it is queued.
Result<std::string> placed_node(JobId id, int& stopped_by) {
    double pause = 0.1;
    while (true) {
        auto reply = call_with_retry(wire::JobDetailRequest{{std::to_string(id)}}, "qrsh");
        if (!reply) return reply.error();
        const auto* detail = std::get_if<wire::JobDetailReply>(&*reply);
        if (detail == nullptr || detail->jobs.empty())
            return make_error("job " + std::to_string(id) + " ended before it started");
        const Job& job = detail->jobs.front();
        if (!job.allocation.empty() &&
            (job.state == JobState::Dispatched || job.state == JobState::Running))
            return job.allocation.grants.front().node;
        if (job.state == JobState::Done || job.state == JobState::Deleted ||
            job.state == JobState::Deleting || job.state == JobState::Error)
            return make_error("job " + std::to_string(id) + " ended before it started");
        if ((stopped_by = pause_for(pause)) != 0) return make_error("stopped");
        pause = std::min(pause * 2, 1.0);
    }
}

// "address:port" of `node`'s execd, from the scheduler's list of nodes.
Result<std::string> execd_of(const std::string& node) {
    auto reply = call_with_retry(wire::ListNodesRequest{}, "qrsh");
    if (!reply) return reply.error();
    const auto* nodes = std::get_if<wire::NodesReply>(&*reply);
    if (nodes == nullptr)
        return make_error("the scheduler sent an unexpected reply to a node list");
    for (const auto& status : nodes->nodes) {
        const NodeInventory& inventory = status.inventory;
        if (inventory.name != node) continue;
        if (inventory.execd_port == 0)
            return make_error("the execd of node " + node + " takes no qrsh connections");
        return inventory.execd_address + ":" + std::to_string(inventory.execd_port);
    }
    return make_error("node " + node + " is not in the scheduler's list of nodes");
}

std::string local_execd_socket() {
    if (const char* path = std::getenv("BRAMBLE_EXECD_SOCKET"); path != nullptr && *path != '\0')
        return path;
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    std::string name = host;
    name = name.substr(0, name.find('.'));
    return "/var/lib/bramble/execd/" + name + "/execd.sock";
}

Result<JobId> submit(const JobSpec& spec) {
    auto token = random_token();
    if (!token) return token.error();
    auto reply = call_with_retry(wire::SubmitRequest{spec, *token}, "qrsh");
    if (!reply) return reply.error();
    if (const auto* error = std::get_if<wire::ErrorReply>(&*reply))
        return make_error("Unable to run job: " + error->message);
    const auto* ok = std::get_if<wire::SubmitReply>(&*reply);
    if (ok == nullptr) return make_error("the scheduler sent an unexpected reply to a submission");
    if (spec.immediate && !ok->scheduled) return JobId{0};
    return ok->id;
}

}  // namespace

int run_qrsh_job(const std::vector<std::string>& args) {
    if (!args.empty() && args.front() == "-help") {
        (void)std::fputs(kUsage, stdout);
        return 0;
    }
    auto options = split_options(args);
    if (!options) return qrsh_fail(options.message());
    auto spec = job_spec(*options);
    if (!spec) return qrsh_fail(spec.message());
    auto id = submit(*spec);
    if (!id) {
        (void)std::fprintf(stderr, "%s\n", id.message().c_str());
        return kQrshFailed;
    }
    if (*id == 0) {
        (void)std::fputs("Your \"qrsh\" request could not be scheduled, try again later.\n",
                         stderr);
        return kQrshFailed;
    }
    int stopped_by = 0;
    auto node = placed_node(*id, stopped_by);
    if (stopped_by != 0) {
        delete_job(*id);
        return 128 + stopped_by;
    }
    if (!node) return qrsh_fail(node.message());
    auto execd = execd_of(*node);
    if (!execd) {
        delete_job(*id);
        return qrsh_fail(execd.message());
    }
    wire::RemoteCommand attach;
    attach.job = *id;
    attach.node = *node;
    attach.attach = true;
    attach.execd = *execd;
    return qrsh_relay(local_execd_socket(), attach,
                      options->nostdin ? Stdin::closed : Stdin::forwarded);
}

}  // namespace bramble::tools
