// Setting a job up before the fork (see prepare.hpp).
#include "execd/shepherd/prepare.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "execd/private_dir.hpp"
#include "execd/run_as.hpp"
#include "execd/shepherd/output_paths.hpp"
#include "execd/shepherd/pe_hostfile.hpp"
#include "model/task_id.hpp"

namespace bramble::shepherd {

namespace {

Status give_to_owner(const std::string& path, const Account& account, mode_t mode) {
    if (::geteuid() == 0 && ::chown(path.c_str(), account.uid, account.gid) != 0) {
        return make_error("cannot give " + path + " to " + account.user + ": " +
                          std::strerror(errno));
    }
    if (::chmod(path.c_str(), mode) != 0) {
        return make_error("cannot set the mode of " + path + ": " + std::strerror(errno));
    }
    return ok_status();
}

// The job's TMPDIR, made fresh with a name nobody can guess below a parent only root can write,
// and given to the owner through its descriptor: nothing a user prepared is ever reused.
Result<std::string> make_tmpdir(const execd::LaunchSpec& launch, const Account& account) {
    auto parent = execd::open_tmpdir_parent(launch.tmpdir);
    if (!parent) return parent.error();
    const std::string parent_path = execd::tmpdir_parent_path(launch.tmpdir, ::geteuid());
    auto made = execd::make_unique_dir(*parent, parent_path, job_tmpdir_prefix(launch));
    if (!made) return made.error();
    const std::string path = parent_path + "/" + made->name;
    if ((::geteuid() == 0 && ::fchown(made->fd.get(), account.uid, account.gid) != 0) ||
        ::fchmod(made->fd.get(), 0700) != 0) {
        const int error = errno;
        ::unlinkat(parent->get(), made->name.c_str(), AT_REMOVEDIR);
        return make_error("cannot give TMPDIR " + path + " to " + account.user + ": " +
                          std::strerror(error));
    }
    return path;
}

Status write_owned(const std::string& path, const std::string& text, const Account& account,
                   mode_t mode) {
    if (auto written = execd::write_file_atomically(path, text, static_cast<int>(mode)); !written) {
        return written;
    }
    return give_to_owner(path, account, mode);
}

bool is_directory(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

RunContext run_context(const std::string& job_dir, const execd::LaunchSpec& launch,
                       const Account& account, const std::string& job_tmpdir) {
    const JobSpec& spec = launch.job.spec;
    RunContext run;
    run.user = account.user;
    run.home = account.home;
    run.shell = account.shell;
    run.workdir = spec.workdir.empty() ? account.home : spec.workdir;
    run.job_tmpdir = job_tmpdir;
    run.job_dir = job_dir;
    run.script_file = job_dir + "/" + execd::kScriptFile;
    if (!spec.pe.empty()) run.pe_hostfile = job_dir + "/" + execd::kPeHostfile;
    const JobId id = launch.job.id;
    const PathContext paths{account.home,
                            account.user,
                            std::to_string(visible_job_id(id)),
                            spec.name,
                            launch.hostname,
                            run.workdir,
                            is_array_task(id) ? std::to_string(task_number(id)) : "undefined"};
    run.stdout_path = resolve_output_path(spec.stdout_path, 'o', paths, is_directory);
    run.stderr_path = spec.join ? run.stdout_path
                                : resolve_output_path(spec.stderr_path, 'e', paths, is_directory);
    return run;
}

Status write_job_files(const Prepared& prepared) {
    const JobSpec& spec = prepared.launch.job.spec;
    if (!spec.binary) {
        auto written = write_owned(prepared.run.script_file, spec.script, prepared.account, 0700);
        if (!written) return written;
    }
    if (prepared.run.pe_hostfile.empty()) return ok_status();
    // Each node by the host name the scheduler gave for it (the one its execd reported, or the
    // node's name where several nodes share a host name); this node otherwise by its own, and any
    // other by its node name.
    const execd::LaunchSpec& launch = prepared.launch;
    const auto host_of = [&](const std::string& node) {
        const auto it = launch.hosts.find(node);
        if (it != launch.hosts.end() && !it->second.empty()) return it->second;
        return node == launch.node ? launch.hostname : node;
    };
    const std::string text = pe_hostfile_text(launch.job.allocation, launch.queue, host_of,
                                              launch.node, std::max(1, spec.slots));
    return write_owned(prepared.run.pe_hostfile, text, prepared.account, 0600);
}

std::uint64_t memory_granted_here(const execd::LaunchSpec& launch) {
    for (const NodeGrant& grant : launch.job.allocation.grants) {
        if (grant.node == launch.node) return grant.memory;
    }
    return 0;
}

// The job's control group, limited to what the job was granted here. A group that cannot be made
// is not fatal: the job runs with its memory watched instead, and its stderr says why.
void make_job_cgroup(Prepared& prepared) {
    const execd::LaunchSpec& launch = prepared.launch;
    const execd::JobCgroup group = execd::job_cgroup(launch.cgroups, launch.job.id);
    if (group.empty()) return;
    auto made = execd::create_job_cgroup(group, prepared.memory_limit, launch.binding.cpus);
    if (made) {
        prepared.cgroup = group;
        return;
    }
    execd::remove_job_cgroup(group, 0);
    prepared.cgroup_note = "bramble: job " + job_id_text(launch.job.id) + " on " + launch.node +
                           ": " + made.message() + "; its memory is watched instead\n";
}

}  // namespace

std::string job_tmpdir_prefix(const execd::LaunchSpec& launch) {
    const JobId id = launch.job.id;
    const int task = is_array_task(id) ? task_number(id) : 1;
    std::string queue = launch.queue;
    std::replace(queue.begin(), queue.end(), '/', '_');
    return std::to_string(visible_job_id(id)) + "." + std::to_string(task) + "." + queue;
}

PrepareOutcome prepare_job(const std::string& job_dir, const execd::LaunchSpec& launch) {
    PrepareOutcome outcome;
    const auto fail = [&](int code, std::string reason) {
        outcome.failure = Failure{code, std::move(reason)};
        return outcome;
    };
    const Owner& owner = launch.job.owner;
    if (auto why = execd::cannot_run_as(::geteuid(), owner.uid, owner.user, launch.node)) {
        return fail(execd::kFailedBeforeJob, *why);
    }
    auto account = lookup_account(owner.uid, launch.node);
    if (!account) return fail(execd::kFailedBeforeJob, account.message());
    Prepared& prepared = outcome.prepared;
    prepared.launch = launch;
    prepared.account = *account;
    auto tmpdir = make_tmpdir(launch, *account);
    if (!tmpdir) return fail(execd::kFailedBeforeJob, tmpdir.message());
    prepared.run = run_context(job_dir, launch, *account, *tmpdir);
    if (auto written = write_job_files(prepared); !written) {
        return fail(execd::kFailedBeforeJob, written.message());
    }
    prepared.command = choose_command(launch.job.spec, prepared.run.script_file);
    prepared.envp = to_envp(build_job_environment(launch, prepared.run));
    prepared.memory_limit = memory_granted_here(launch);
    make_job_cgroup(prepared);
    outcome.ok = true;
    return outcome;
}

void remove_job_cgroup(const Prepared& prepared) {
    if (prepared.cgroup.empty()) return;
    if (!execd::remove_job_cgroup(prepared.cgroup, 5.0)) {
        (void)std::fprintf(stderr, "bramble-shepherd: job %s: cannot remove its control group %s\n",
                           job_id_text(prepared.launch.job.id).c_str(),
                           prepared.cgroup.dirs.front().c_str());
    }
}

void remove_job_tmpdir(const Prepared& prepared) {
    const std::string& path = prepared.run.job_tmpdir;
    if (path.empty()) return;
    const std::string& base = prepared.launch.tmpdir;
    auto parent = execd::open_tmpdir_parent(base);
    const std::string parent_path = execd::tmpdir_parent_path(base, ::geteuid());
    const Status removed =
        parent ? execd::remove_tree_at(*parent, path.substr(parent_path.size() + 1), path)
               : Status(parent.error());
    if (!removed) {
        (void)std::fprintf(stderr, "bramble-shepherd: job %s: cannot remove its TMPDIR: %s\n",
                           job_id_text(prepared.launch.job.id).c_str(), removed.message().c_str());
    }
}

}  // namespace bramble::shepherd
