// The qrsh -inherit service's jobs (see remote_service.hpp): job parts, the commands run for each
// job, their environment and usage, and ending them with the job.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>

#include "execd/log.hpp"
#include "execd/remote_service.hpp"

namespace bramble::execd {

namespace {

bool is_directory(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

wire::RemoteExit exit_of(int status, const rusage& usage) {
    wire::RemoteExit exit;
    exit.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    exit.exit_status = WIFSIGNALED(status) ? 128 + exit.signal : WEXITSTATUS(status);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    exit.user_seconds = seconds(usage.ru_utime);
    exit.system_seconds = seconds(usage.ru_stime);
    exit.max_rss_kb = usage.ru_maxrss;
    return exit;
}

}  // namespace

void RemoteService::add_part(const wire::StartJobPart& part) {
    if (part.node != config_.node) {
        log("ignoring the part of job " + std::to_string(part.id) + " meant for node " + part.node);
        return;
    }
    JobShare& share = parts_[part.id];
    share =
        JobShare{part.id, part.owner, part.allocation, config_.node, part.hosts, part.execds, -1};
    log("job " + std::to_string(part.id) + " has a part here (master " + part.master + ")");
    make_part_cgroup(share);
}

// The part's control group, limited to what the job holds on this node, as the shepherd limits
// the master's. Without one the commands still run (bound by affinity), and the log says why.
void RemoteService::make_part_cgroup(const JobShare& share) {
    const JobCgroup group = job_cgroup(config_.cgroups, share.id);
    const NodeGrant* grant = share.grant(config_.node);
    if (group.empty() || grant == nullptr) return;
    const Binding binding =
        plan_binding(config_.core_map, grant->cores, allowed_cpus(), config_.node);
    if (auto made = create_job_cgroup(group, grant->memory, binding.cpus); !made) {
        log("job " + std::to_string(share.id) + ": " + made.message() +
            "; its commands here run without a control group");
        remove_job_cgroup(group, 0);
    }
}

void RemoteService::remove_leftover_groups(double wait_seconds) {
    std::erase_if(leftover_groups_, [wait_seconds](const JobCgroup& group) {
        return remove_job_cgroup(group, wait_seconds);
    });
}

void RemoteService::end_part(JobId id, const std::string& why) {
    log("job " + std::to_string(id) + "'s part here ends: " + why);
    kill_commands(id);
    parts_.erase(id);
    usage_.erase(id);
    const JobCgroup group = job_cgroup(config_.cgroups, id);
    if (!group.empty() && !remove_job_cgroup(group, 0)) leftover_groups_.push_back(group);
}

void RemoteService::job_ended(const JobShare& share) {
    kill_commands(share.id);
    for (const auto& grant : share.allocation.grants) {
        const auto address = share.execds.find(grant.node);
        if (grant.node == config_.node || address == share.execds.end()) continue;
        PeerCall::start(
            io_, address->second, key_,
            wire::KillJob{share.id, "job " + std::to_string(share.id) + " ended on its master"},
            true, [](const wire::Message&) {}, [](const std::string&) {});
    }
}

void RemoteService::kill_commands(JobId id) {
    for (auto& [pid, command] : commands_) {
        if (command->job() == id) command->kill();
    }
}

std::optional<JobShare> RemoteService::share_of(JobId id) const {
    if (auto part = parts_.find(id); part != parts_.end()) return part->second;
    return master_share_(id);
}

std::set<pid_t> RemoteService::roots_of(const JobShare& share) const {
    std::set<pid_t> roots;
    if (share.shepherd > 0) roots.insert(share.shepherd);
    for (const auto& [pid, command] : commands_) {
        if (command->job() == share.id) roots.insert(pid);
    }
    return roots;
}

// The environment qrsh sent, made right for this node: its own host, execd and tool sockets,
// SGE_ROOT, ARC and qrsh first on the PATH (Open MPI's daemons here start the next ones through
// them), and a TMPDIR that exists.
std::shared_ptr<RunningCommand> RemoteService::run(const JobShare& share,
                                                   const wire::RemoteCommand& command,
                                                   RunningCommand::Send send, std::string& error) {
    CommandLaunch launch{share.owner.uid, config_.node, command.command,
                         command.env,     command.cwd,  {}};
    if (const NodeGrant* grant = share.grant(config_.node)) launch.cores = grant->cores;
    launch.core_map = config_.core_map;
    if (JobCgroup group = job_cgroup(config_.cgroups, share.id);
        !group.empty() && is_directory(group.dirs.front())) {
        launch.cgroup = std::move(group);
    }
    set_env(launch.env, "JOB_ID", std::to_string(share.id));
    set_env(launch.env, "HOSTNAME", config_.hostname);
    set_env(launch.env, "BRAMBLE_NODE", config_.node);
    set_env(launch.env, "BRAMBLE_EXECD_SOCKET", socket_path());
    set_env(launch.env, "BRAMBLE_RELAY_SOCKET", config_.tool_socket);
    set_env(launch.env, "SGE_ROOT", sge_root());
    set_env(launch.env, "ARC", config_.arch);
    set_env(launch.env, "SGE_ARCH", config_.arch);
    const std::string* path = find_env(launch.env, "PATH");
    set_env(launch.env, "PATH", qrsh_dir() + ":" + (path ? *path : "/usr/local/bin:/bin:/usr/bin"));
    const std::string* tmpdir = find_env(launch.env, "TMPDIR");
    if (tmpdir == nullptr || !is_directory(*tmpdir)) {
        set_env(launch.env, "TMPDIR", config_.tmpdir);
        set_env(launch.env, "TMP", config_.tmpdir);
    }
    auto started = start_command(launch);
    if (!started) {
        error = started.message();
        return nullptr;
    }
    const pid_t pid = started->pid;
    auto running = std::make_shared<RunningCommand>(io_, share.id, *started, std::move(send),
                                                    [this, pid] { commands_.erase(pid); });
    commands_[pid] = running;
    running->start();
    log("job " + std::to_string(share.id) + ": started '" + command.command.substr(0, 200) +
        "' as pid " + std::to_string(pid));
    return running;
}

bool RemoteService::reaped(pid_t pid, int status, const rusage& usage) {
    auto found = commands_.find(pid);
    if (found == commands_.end()) return false;
    auto command = found->second;
    wire::RemoteExit exit = exit_of(status, usage);
    // On a part, what the commands started from here used elsewhere goes back with this answer;
    // on the master it stays for the job's own exit record.
    if (parts_.count(command->job()) != 0) {
        const CommandUsage nested = take_usage(command->job());
        exit.user_seconds += nested.user_seconds;
        exit.system_seconds += nested.system_seconds;
        exit.max_rss_kb = std::max(exit.max_rss_kb, nested.max_rss_kb);
    }
    command->exited(std::move(exit));
    remove_leftover_groups();
    return true;
}

void RemoteService::add_usage(JobId id, const wire::RemoteExit& exit) {
    CommandUsage& usage = usage_[id];
    usage.user_seconds += exit.user_seconds;
    usage.system_seconds += exit.system_seconds;
    usage.max_rss_kb = std::max(usage.max_rss_kb, exit.max_rss_kb);
}

CommandUsage RemoteService::take_usage(JobId id) {
    auto found = usage_.find(id);
    if (found == usage_.end()) return {};
    CommandUsage usage = found->second;
    usage_.erase(found);
    return usage;
}

}  // namespace bramble::execd
