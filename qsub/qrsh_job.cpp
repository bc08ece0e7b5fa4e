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
#include "qrsh_terminal.hpp"

namespace bramble::tools {

namespace {

constexpr const char* kUsage =
    "usage: qrsh [options] [command [args...]]\n"
    "       qrsh -inherit [-nostdin] [-noshell] [-V] [-v var[=value]] [-cwd] [-wd dir] host "
    "command [args...]\n"
    "  options: qsub's (-N, -l, -pe, -q, -cwd, -wd, -V, -v, -now y|n, ...), and\n"
    "   [-nostdin]                               the command's stdin is /dev/null\n"
    "   [-noshell]                               accepted: the words are always the command\n"
    "   [-pty y|n]                               a terminal on the node, or pipes (the default\n"
    "                                            with a command)\n";

constexpr const char* kLoginUsage =
    "usage: qlogin [options]\n"
    "  options: qsub's (-N, -l, -pe, -q, -cwd, -wd, -V, -v, -now y|n, ...), and\n"
    "   [-pty y|n]                               a terminal on the node (the default), or pipes\n";

// The login shell of a session with a terminal: the owner's shell on the node, as a login shell.
constexpr const char* kLoginShell = "exec \"${SHELL:-/bin/sh}\" -l";

enum class Pty { unset, yes, no };

struct QrshOptions {
    std::vector<std::string> qsub_words;  // for lib/jobscript, qrsh's own options taken out
    bool nostdin = false;
    Pty pty = Pty::unset;
};

Result<Pty> pty_value(const std::string& value) {
    if (value == "y" || value == "yes") return Pty::yes;
    if (value == "n" || value == "no") return Pty::no;
    return make_error("-pty takes y or n, not '" + value + "'");
}

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
            auto pty = pty_value(args[++i]);
            if (!pty) return pty.error();
            out.pty = *pty;
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

// Grid Engine's defaults: a terminal for a login (qlogin, or qrsh without a command from a
// terminal), pipes for a command.
bool wants_terminal(const QrshOptions& options, QrshTool tool, bool login) {
    if (options.pty != Pty::unset) return options.pty == Pty::yes;
    if (tool == QrshTool::qlogin) return true;
    return login && ::isatty(0) == 1;
}

struct Session {
    JobSpec spec;
    bool terminal = false;
};

// The user's TERM for a job with a terminal, as Grid Engine passes it, unless -v or -V gave one.
void pass_term(JobSpec& spec) {
    const char* term = std::getenv("TERM");
    if (term == nullptr || *term == '\0') return;
    const bool given = std::any_of(spec.env.begin(), spec.env.end(),
                                   [](const auto& entry) { return entry.first == "TERM"; });
    if (!given) spec.env.emplace_back("TERM", term);
}

Result<Session> job_spec(const QrshOptions& options, QrshTool tool) {
    auto process = tools::process_context(options.qsub_words);
    if (!process) return process.error();
    jobscript::SubmitContext context = std::move(*process);
    jobscript::QsubOptions scan;
    auto at = jobscript::apply_qsub_options(scan, context.args, {}, context.env);
    if (!at) return at.error();
    const bool login = *at == context.args.size();
    if (tool == QrshTool::qlogin && !login)
        return make_error("qlogin takes no command ('" + context.args[*at] +
                          "'): qrsh runs one, qlogin opens a login shell");
    Session session;
    session.terminal = wants_terminal(options, tool, login);
    // No command: a login shell on the terminal; without one, a shell reading qrsh's stdin.
    if (login && session.terminal) {
        context.args.insert(context.args.end(), {"/bin/sh", "-c", kLoginShell});
    } else if (login) {
        context.args.push_back("/bin/sh");
    }
    auto submission = jobscript::parse_submission(context);
    if (!submission) return submission.error();
    session.spec = submission->spec;
    session.spec.interactive = true;
    if (session.terminal) pass_term(session.spec);
    if (login && scan.spec.name.empty())
        session.spec.name = tool == QrshTool::qlogin ? "QLOGIN" : "QRLOGIN";
    if (auto checked = jobscript::check_job_spec(session.spec); !checked) return checked.error();
    return session;
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

int run_qrsh_job(const std::vector<std::string>& args, QrshTool tool) {
    if (!args.empty() && args.front() == "-help") {
        (void)std::fputs(tool == QrshTool::qlogin ? kLoginUsage : kUsage, stdout);
        return 0;
    }
    auto options = split_options(args);
    if (!options) return qrsh_fail(options.message());
    auto session = job_spec(*options, tool);
    if (!session) return qrsh_fail(session.message());
    auto id = submit(session->spec);
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
    attach.pty = session->terminal;
    const bool on_terminal = session->terminal && ::isatty(0) == 1;
    if (on_terminal) attach.window = window_of(0).value_or(wire::RemoteWindow{});
    const Stdin stdin_use = options->nostdin ? Stdin::closed : Stdin::forwarded;
    if (!on_terminal) return qrsh_relay(local_execd_socket(), attach, stdin_use);
    auto raw = RawTerminal::take(0);
    if (!raw) {
        delete_job(*id);
        return qrsh_fail(raw.message());
    }
    return qrsh_relay(local_execd_socket(), attach, stdin_use, true);
}

}  // namespace bramble::tools
