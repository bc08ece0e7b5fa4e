// One job's control group (see job_cgroup.hpp).
#include "execd/job_cgroup.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "execd/cgroup_files.hpp"
#include "execd/core_map.hpp"
#include "model/task_id.hpp"

namespace bramble::execd {

namespace {

bool exists(const std::string& path) {
    return ::access(path.c_str(), F_OK) == 0;
}

std::string parent_of(const std::string& dir) {
    return dir.substr(0, dir.rfind('/'));
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    return text;
}

Status limit_memory(const JobCgroup& group, std::uint64_t bytes) {
    const std::string& dir = group.memory_dir;
    const std::string limit = std::to_string(bytes);
    if (group.version == 2) {
        if (auto written = write_control(dir + "/memory.max", limit); !written) return written;
        if (exists(dir + "/memory.swap.max")) return write_control(dir + "/memory.swap.max", "0");
        return ok_status();
    }
    if (auto written = write_control(dir + "/memory.limit_in_bytes", limit); !written)
        return written;
    // With swap accounting on, memory plus swap gets the same limit: the job may not swap instead.
    if (exists(dir + "/memory.memsw.limit_in_bytes"))
        return write_control(dir + "/memory.memsw.limit_in_bytes", limit);
    return ok_status();
}

Status confine_cpus(const JobCgroup& group, const std::vector<int>& cpus) {
    const std::string& dir = group.cpuset_dir;
    const std::string parent = parent_of(dir);
    const std::string wanted =
        cpus.empty() ? trimmed(read_control(parent + "/cpuset.cpus")) : number_list(cpus);
    if (!wanted.empty()) {
        if (auto written = write_control(dir + "/cpuset.cpus", wanted); !written) return written;
    }
    if (group.version == 1) {
        const std::string mems = trimmed(read_control(parent + "/cpuset.mems"));
        if (!mems.empty()) return write_control(dir + "/cpuset.mems", mems);
    }
    return ok_status();
}

std::vector<pid_t> members(const std::string& dir) {
    std::vector<pid_t> pids;
    const std::string text = read_control(dir + "/cgroup.procs");
    const char* cursor = text.c_str();
    while (*cursor != '\0') {
        char* end = nullptr;
        const long pid = std::strtol(cursor, &end, 10);
        if (end == cursor) break;
        if (pid > 0) pids.push_back(static_cast<pid_t>(pid));
        cursor = end;
    }
    return pids;
}

}  // namespace

JobCgroup job_cgroup(const CgroupBase& base, JobId id) {
    JobCgroup group;
    if (!base.in_use()) return group;
    group.version = base.version;
    const std::string name = "/job_" + job_id_text(id);
    for (const auto& dir : base.dirs) {
        group.dirs.push_back(dir + name);
        group.procs_files.push_back(dir + name + "/cgroup.procs");
    }
    if (!base.memory_dir.empty()) group.memory_dir = base.memory_dir + name;
    if (!base.cpuset_dir.empty()) group.cpuset_dir = base.cpuset_dir + name;
    return group;
}

Status create_job_cgroup(const JobCgroup& group, std::uint64_t memory_limit,
                         const std::vector<int>& cpus) {
    for (const auto& dir : group.dirs) {
        if (auto made = make_group_dir(dir); !made) return made;
    }
    if (!group.memory_dir.empty() && memory_limit > 0) {
        if (auto limited = limit_memory(group, memory_limit); !limited) return limited;
    }
    if (!group.cpuset_dir.empty()) return confine_cpus(group, cpus);
    return ok_status();
}

bool join_job_cgroup(const JobCgroup& group) {
    char digits[24];
    char* start = digits + sizeof digits;
    for (auto pid = static_cast<unsigned long>(::getpid()); start == digits + sizeof digits || pid;
         pid /= 10) {
        *--start = static_cast<char>('0' + pid % 10);
    }
    const auto length = static_cast<std::size_t>(digits + sizeof digits - start);
    bool joined = true;
    for (const auto& file : group.procs_files) {
        const int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0 || ::write(fd, start, length) != static_cast<ssize_t>(length)) joined = false;
        if (fd >= 0) ::close(fd);
    }
    return joined;
}

int oom_kills(const JobCgroup& group) {
    if (group.memory_dir.empty()) return 0;
    const std::string file = group.version == 2 ? "/memory.events" : "/memory.oom_control";
    const std::string text = read_control(group.memory_dir + file);
    const auto at = text.find("oom_kill ");
    return at == std::string::npos ? 0 : std::atoi(text.c_str() + at + 9);
}

void kill_job_cgroup(const JobCgroup& group) {
    for (const auto& dir : group.dirs) {
        if (group.version == 2 && exists(dir + "/cgroup.kill") &&
            write_control(dir + "/cgroup.kill", "1")) {
            continue;
        }
        for (const pid_t pid : members(dir)) {
            if (pid != ::getpid()) ::kill(pid, SIGKILL);
        }
    }
}

bool remove_job_cgroup(const JobCgroup& group, double wait_seconds) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::duration<double>(wait_seconds);
    while (true) {
        kill_job_cgroup(group);
        bool removed = true;
        for (const auto& dir : group.dirs) {
            if (::rmdir(dir.c_str()) != 0 && errno != ENOENT) removed = false;
        }
        if (removed || Clock::now() >= deadline) return removed;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

}  // namespace bramble::execd
