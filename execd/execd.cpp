// The execd's job table and message handlers (see execd.hpp).
#include "execd/execd.hpp"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <optional>

#include "execd/job_dir.hpp"
#include "execd/launch.hpp"
#include "execd/log.hpp"
#include "execd/node_load.hpp"
#include "execd/run_as.hpp"
#include "execd/sge_cell.hpp"
#include "wire/codec.hpp"

namespace bramble::execd {

namespace {

std::optional<JobId> job_id_of(const std::string& name) {
    JobId id = 0;
    auto [ptr, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
    if (ec != std::errc{} || ptr != name.data() + name.size() || id == 0) return std::nullopt;
    return id;
}

// The last line the shepherd wrote before it gave up (its stderr is shepherd.log), for the record.
std::string last_line_of(const std::string& path) {
    constexpr std::size_t kMostShown = 300;
    auto text = read_text_file(path);
    if (!text) return "(no reason recorded: " + text.message() + ")";
    std::string_view lines = *text;
    while (!lines.empty() && lines.back() == '\n')
        lines.remove_suffix(1);
    const auto start = lines.rfind('\n');
    std::string_view last = start == std::string_view::npos ? lines : lines.substr(start + 1);
    if (last.empty()) return "(no reason recorded)";
    return std::string(last.substr(0, kMostShown));
}

}  // namespace

Execd::Execd(boost::asio::io_context& io, ExecdConfig config, const auth::ClusterKey& key)
    : io_(io),
      config_(std::move(config)),
      link_(io, config_.scheduler_host, config_.scheduler_port, key,
            {[this] { on_connected(); }, [this](wire::Message m) { on_message(std::move(m)); },
             [this] {
                 registered_ = false;
                 heartbeat_.cancel();
                 relay_.link_lost();
             }}),
      remote_(io,
              ServiceConfig{config_.inventory.name, config_.inventory.hostname,
                            config_.inventory.arch, config_.spool, config_.tmpdir, config_.qrsh,
                            config_.port, config_.core_map, config_.cgroups, config_.tool_socket},
              key, [this](JobId id) { return master_share(id); }),
      relay_(io, RelayConfig{config_.inventory.name, config_.tool_socket, config_.relay_root},
             [this](const wire::RelayedRequest& request) {
                 if (!registered_) return false;
                 link_.send(request);
                 return true;
             }),
      heartbeat_(io),
      poll_(io),
      children_(io, SIGCHLD),
      stop_(io, SIGTERM, SIGINT) {
    remote_.on_interactive(
        [this](JobId id, const ShepherdStdio& stdio) { return start_attached(id, stdio); },
        [this](JobId id, const std::string& why) {
            kill_job(wire::KillJob{id, why});
        });
}

int Execd::run() {
    stop_.async_wait([this](auto ec, int sig) {
        if (ec) return;
        log("stopping on signal " + std::to_string(sig) + "; running jobs carry on");
        io_.stop();
    });
    watch_children();
    scan_spool();
    remove_empty_groups();
    if (auto listening = remote_.start(); !listening) {
        log(listening.message());
        return 1;
    }
    if (auto relaying = relay_.start(); !relaying) {
        log(relaying.message());
        return 1;
    }
    if (auto cell = make_cell_common(remote_.sge_root(), config_.scheduler_host); !cell) {
        log("warning: " + cell.message() + "; jobs will not find $SGE_ROOT/$SGE_CELL/common");
    }
    poll_adopted();
    link_.start();
    io_.run();
    // This node's group directories go with it, unless running jobs still have groups inside.
    remote_.remove_leftover_groups(1.0);
    for (const auto& dir : config_.cgroups.dirs)
        ::rmdir(dir.c_str());
    return exit_code_;
}

// Groups an earlier run of this execd left empty (it was killed before their processes left);
// the groups of jobs still running hold processes, and rmdir leaves those alone.
void Execd::remove_empty_groups() const {
    for (const auto& dir : config_.cgroups.dirs) {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
            if (entry.path().filename().string().starts_with("job_")) ::rmdir(entry.path().c_str());
        }
    }
}

void Execd::scan_spool() {
    // main made the folder and checked it is this process's user's alone.
    const std::string active = config_.spool + "/" + kActiveJobs;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(active, ec)) {
        const auto id = job_id_of(entry.path().filename().string());
        if (!id || !entry.is_directory()) continue;
        LocalJob& job = jobs_[*id];
        job.dir = entry.path().string();
        if (auto exit = read_exit_record(job.dir)) {
            job.finished = true;
            job.exit = *exit;
            log("job " + std::to_string(*id) + " ended while the execd was away");
        } else if (const pid_t pid = live_shepherd(job.dir); pid > 0) {
            job.pid = pid;
            job.adopted = true;
            log("job " + std::to_string(*id) + " is still running (shepherd " +
                std::to_string(pid) + "); adopted");
        } else {
            shepherd_ended(*id, job, "its shepherd was gone when the execd started");
        }
    }
}

void Execd::on_connected() {
    wire::RegisterNode hello;
    hello.inventory = config_.inventory;
    hello.inventory.execd_address = link_.local_address();
    hello.inventory.execd_port = remote_.port();
    // Jobs awaiting an acknowledgement are listed too: the scheduler must not think them lost
    // before their JobFinished arrives.
    for (const auto& [id, job] : jobs_)
        hello.running.push_back(id);
    link_.send(hello);
}

void Execd::on_message(wire::Message message) {
    if (const auto* reply = std::get_if<wire::RegisterReply>(&message)) {
        on_registered(*reply);
    } else if (const auto* start = std::get_if<wire::StartJob>(&message)) {
        start_job(*start);
    } else if (const auto* part = std::get_if<wire::StartJobPart>(&message)) {
        remote_.add_part(*part);
    } else if (const auto* kill = std::get_if<wire::KillJob>(&message)) {
        kill_job(*kill);
    } else if (const auto* ack = std::get_if<wire::FinishedAck>(&message)) {
        acknowledge(ack->id);
    } else if (const auto* relayed = std::get_if<wire::RelayedReply>(&message)) {
        relay_.answered(*relayed);
    } else if (const auto* error = std::get_if<wire::ErrorReply>(&message)) {
        log("the scheduler says: " + error->message);
    } else {
        log("ignoring unexpected " + std::string(wire::type_name(message)) + " from the scheduler");
    }
}

void Execd::on_registered(const wire::RegisterReply& reply) {
    if (!reply.accepted) {
        log("the scheduler refused this node: " + reply.message);
        exit_code_ = 1;
        io_.stop();
        return;
    }
    registered_ = true;
    heartbeat_seconds_ = std::max(1, reply.heartbeat_seconds);
    log("registered as " + config_.inventory.name + " (" + std::to_string(jobs_.size()) +
        " jobs on this node)");
    for (const auto& [id, job] : jobs_) {
        if (job.finished) report(id, job);
    }
    send_heartbeat();
}

void Execd::send_heartbeat() {
    if (!registered_) return;
    link_.send(wire::Heartbeat{read_node_load()});
    remote_.remove_leftover_groups();
    heartbeat_.expires_after(std::chrono::seconds(heartbeat_seconds_));
    heartbeat_.async_wait([this](auto ec) {
        if (!ec) send_heartbeat();
    });
}

void Execd::start_job(const wire::StartJob& start) {
    const JobId id = start.job.id;
    if (auto known = jobs_.find(id); known != jobs_.end()) {
        if (known->second.finished) {
            report(id, known->second);
        } else {
            link_.send(wire::JobStarted{id});
        }
        return;
    }
    LocalJob& job = jobs_[id];
    job.dir = config_.spool + "/" + kActiveJobs + "/" + std::to_string(id);
    const Owner& owner = start.job.owner;
    const auto refuse = [&](const std::string& why) {
        log("job " + std::to_string(id) + " cannot start: " + why);
        link_.send(wire::JobStarted{id});
        finish(id, job, failure_record(kFailedBeforeJob, why, config_.inventory.hostname));
    };
    if (auto why = cannot_run_as(::geteuid(), owner.uid, owner.user, config_.inventory.name)) {
        return refuse(*why);
    }
    LaunchSpec launch{with_qrsh_environment(start.job),
                      start.queue,
                      config_.inventory.name,
                      config_.inventory.hostname,
                      config_.tmpdir,
                      start.hosts,
                      start.gpio_chip,
                      start.gpio_lines,
                      start.execds};
    launch.binding = binding_here(start.job);
    launch.cgroups = config_.cgroups;
    if (auto prepared = prepare_job_dir(job.dir, launch); !prepared)
        return refuse(prepared.message());
    if (start.job.spec.interactive) {
        job.awaiting_qrsh = true;
        remote_.expect_attach(id, owner.uid, std::chrono::seconds(config_.attach_seconds));
        log("job " + std::to_string(id) + " waits for its qrsh");
        return link_.send(wire::JobStarted{id});
    }
    auto pid = spawn_shepherd(config_.shepherd, job.dir);
    if (!pid) return refuse(pid.message());
    job.pid = *pid;
    log("job " + std::to_string(id) + " started (shepherd " + std::to_string(*pid) + ")");
    link_.send(wire::JobStarted{id});
}

Status Execd::start_attached(JobId id, const ShepherdStdio& stdio) {
    auto found = jobs_.find(id);
    if (found == jobs_.end() || !found->second.awaiting_qrsh)
        return make_error("job " + std::to_string(id) + " is not waiting for its qrsh");
    LocalJob& job = found->second;
    auto pid = spawn_shepherd(config_.shepherd, job.dir, stdio);
    if (!pid) {
        finish(id, job,
               failure_record(kFailedBeforeJob, pid.message(), config_.inventory.hostname));
        return pid.error();
    }
    job.awaiting_qrsh = false;
    job.pid = *pid;
    log("job " + std::to_string(id) + " started for its qrsh (shepherd " + std::to_string(*pid) +
        ")");
    return ok_status();
}

// The job's cores on this node and their CPUs. Not being able to bind is logged here, and the
// shepherd tells the job too.
Binding Execd::binding_here(const Job& job) const {
    const NodeGrant* grant = nullptr;
    for (const auto& candidate : job.allocation.grants) {
        if (candidate.node == config_.inventory.name) grant = &candidate;
    }
    if (grant == nullptr) return {};
    Binding binding =
        plan_binding(config_.core_map, grant->cores, allowed_cpus(), config_.inventory.name);
    if (!binding.unbound_reason.empty())
        log("job " + std::to_string(job.id) + ": " + binding.unbound_reason);
    return binding;
}

// What Open MPI checks to detect Grid Engine (SGE_ROOT, ARC, with PE_HOSTFILE and JOB_ID), where
// it finds qrsh (first on the PATH: a Grid Engine client installed on the node must not win), and
// where qrsh finds this execd, where qsub and the other tools find it (the scheduler's socket is
// on the head node only), as the job's own variables (the shepherd exports them last).
Job Execd::with_qrsh_environment(Job job) const {
    auto& env = job.spec.env;
    const std::string* path = find_env(env, "PATH");
    set_env(env, "PATH",
            remote_.qrsh_dir() + ":" + (path ? *path : "/usr/local/bin:/bin:/usr/bin"));
    set_env(env, "SGE_ROOT", remote_.sge_root());
    set_env(env, "ARC", config_.inventory.arch);
    set_env(env, "SGE_ARCH", config_.inventory.arch);
    set_env(env, "SGE_BINARY_PATH", remote_.qrsh_dir());
    set_env(env, "SGE_RSH_COMMAND", "builtin");  // qrsh -inherit is the execd's own (no rsh)
    set_env(env, "BRAMBLE_EXECD_SOCKET", remote_.socket_path());
    set_env(env, "BRAMBLE_RELAY_SOCKET", config_.tool_socket);
    return job;
}

void Execd::kill_job(const wire::KillJob& kill) {
    auto found = jobs_.find(kill.id);
    if (found == jobs_.end() && remote_.has_part(kill.id)) {
        remote_.end_part(kill.id, kill.reason);
        return;
    }
    if (found == jobs_.end()) {
        // Never started here (or long acknowledged): say so, so a qdel does not wait forever.
        const std::string why =
            "job " + std::to_string(kill.id) + " is not running on " + config_.inventory.name;
        link_.send(wire::JobFinished{
            kill.id, failure_record(kFailedKilled, why, config_.inventory.hostname)});
        return;
    }
    LocalJob& job = found->second;
    if (job.finished) return report(kill.id, job);
    const std::string reason = kill.reason.empty() ? "killed on request" : kill.reason;
    if (job.awaiting_qrsh) {
        // Nothing runs yet: the job ends here, as a job killed before it ran.
        log("job " + std::to_string(kill.id) + " ends before its qrsh attached: " + reason);
        ExitRecord record = failure_record(kFailedKilled, reason, config_.inventory.hostname);
        record.exit_status = 137;
        record.signal = SIGKILL;
        if (auto written = write_exit_record(job.dir, record); !written) log(written.message());
        return finish(kill.id, job, std::move(record));
    }
    if (auto written = write_file_atomically(job.dir + "/" + kKillReasonFile, reason + "\n");
        !written) {
        log(written.message());
    }
    log("killing job " + std::to_string(kill.id) + ": " + reason);
    ::kill(job.pid, SIGTERM);
}

void Execd::acknowledge(JobId id) {
    auto found = jobs_.find(id);
    if (found == jobs_.end() || !found->second.finished) return;
    // Removed now, not later: the StartJob that follows may be a new run of the same job (exit
    // 99) in the same directory, which a deferred removal would delete under it.
    std::error_code ec;
    std::filesystem::remove_all(found->second.dir, ec);
    if (ec) log("cannot remove " + found->second.dir + ": " + ec.message());
    jobs_.erase(found);
}

void Execd::finish(JobId id, LocalJob& job, ExitRecord exit) {
    job.finished = true;
    job.pid = -1;
    job.adopted = false;
    job.awaiting_qrsh = false;
    job.exit = std::move(exit);
    end_remote_work(id, job);
    remote_.interactive_ended(id, job.exit);
    log("job " + std::to_string(id) + " ended: exit_status " +
        std::to_string(job.exit.exit_status) + ", failed " + std::to_string(job.exit.failed) +
        (job.exit.failure.empty() ? "" : " (" + job.exit.failure + ")"));
    report(id, job);
}

// The job's qrsh -inherit commands end with it, here and on its other nodes, and what they used
// goes into its exit record (written back, so a report after a restart still has it).
void Execd::end_remote_work(JobId id, LocalJob& job) {
    auto launch = read_launch_spec(job.dir);
    if (launch && launch->job.allocation.grants.size() > 1) {
        remote_.job_ended(JobShare{id, launch->job.owner, launch->job.allocation,
                                   config_.inventory.name, launch->hosts, launch->execds, -1});
    }
    const CommandUsage usage = remote_.take_usage(id);
    if (usage.user_seconds == 0 && usage.system_seconds == 0 && usage.max_rss_kb == 0) return;
    job.exit.user_seconds += usage.user_seconds;
    job.exit.system_seconds += usage.system_seconds;
    job.exit.max_rss_kb = std::max(job.exit.max_rss_kb, usage.max_rss_kb);
    if (auto written = write_exit_record(job.dir, job.exit); !written) log(written.message());
}

std::optional<JobShare> Execd::master_share(JobId id) const {
    auto found = jobs_.find(id);
    if (found == jobs_.end() || found->second.finished || found->second.pid <= 0)
        return std::nullopt;
    auto launch = read_launch_spec(found->second.dir);
    if (!launch) return std::nullopt;
    return JobShare{id,
                    launch->job.owner,
                    launch->job.allocation,
                    config_.inventory.name,
                    launch->hosts,
                    launch->execds,
                    found->second.pid};
}

void Execd::shepherd_ended(JobId id, LocalJob& job, const std::string& how,
                           std::optional<int> status) {
    auto exit = read_exit_record(job.dir);
    if (exit) return finish(id, job, *exit);
    if (status && WIFEXITED(*status) && WEXITSTATUS(*status) == kShepherdSetupFailed) {
        const std::string why =
            "the shepherd of job " + std::to_string(id) + " on " + config_.inventory.name +
            " could not set the job up: " + last_line_of(job.dir + "/" + kShepherdLog);
        ExitRecord record = failure_record(kFailedBeforeJob, why, config_.inventory.hostname);
        if (auto written = write_exit_record(job.dir, record); !written) log(written.message());
        return finish(id, job, std::move(record));
    }
    const std::string why = "the shepherd of job " + std::to_string(id) + " on " +
                            config_.inventory.name + " ended without an exit record (" + how + ")";
    ExitRecord record = failure_record(kFailedKilled, why, config_.inventory.hostname);
    // Written down, so the report survives an execd restart until the scheduler acknowledges it.
    if (auto written = write_exit_record(job.dir, record); !written) log(written.message());
    finish(id, job, std::move(record));
}

void Execd::report(JobId id, const LocalJob& job) {
    if (registered_) link_.send(wire::JobFinished{id, job.exit});
}

void Execd::watch_children() {
    children_.async_wait([this](auto ec, int) {
        if (ec) return;
        reap_children();
        watch_children();
    });
}

void Execd::reap_children() {
    int status = 0;
    pid_t pid = 0;
    rusage usage{};
    while ((pid = ::wait4(-1, &status, WNOHANG, &usage)) > 0) {
        if (remote_.reaped(pid, status, usage)) continue;
        for (auto& [id, job] : jobs_) {
            if (job.pid == pid && !job.adopted && !job.finished) {
                shepherd_ended(id, job, describe_wait_status(status), status);
                break;
            }
        }
    }
}

void Execd::poll_adopted() {
    for (auto& [id, job] : jobs_) {
        if (job.adopted && !job.finished && !shepherd_alive(job.pid, job.dir)) {
            shepherd_ended(id, job, "it stopped running");
        }
    }
    poll_.expires_after(std::chrono::seconds(1));
    poll_.async_wait([this](auto ec) {
        if (!ec) poll_adopted();
    });
}

}  // namespace bramble::execd
