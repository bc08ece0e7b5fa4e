// Walking /proc for a job's processes (see process_tree.hpp).
#include "execd/shepherd/process_tree.hpp"

#include <signal.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace bramble::shepherd {

pid_t parent_from_stat(std::string_view stat) {
    const auto close = stat.rfind(')');
    if (close == std::string_view::npos) return -1;
    std::istringstream fields{std::string(stat.substr(close + 1))};
    std::string state;
    pid_t parent = -1;
    if (!(fields >> state >> parent)) return -1;
    return parent;
}

std::vector<pid_t> descendants(pid_t ancestor, const std::map<pid_t, pid_t>& parents) {
    std::vector<pid_t> found;
    std::vector<pid_t> frontier{ancestor};
    while (!frontier.empty()) {
        const pid_t current = frontier.back();
        frontier.pop_back();
        for (const auto& [pid, parent] : parents) {
            if (parent == current && pid != ancestor) {
                found.push_back(pid);
                frontier.push_back(pid);
            }
        }
    }
    return found;
}

std::map<pid_t, pid_t> read_process_parents() {
    std::map<pid_t, pid_t> parents;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        pid_t pid = 0;
        auto [ptr, err] = std::from_chars(name.data(), name.data() + name.size(), pid);
        if (err != std::errc{} || ptr != name.data() + name.size()) continue;
        std::ifstream in(entry.path() / "stat");
        std::string stat;
        if (!std::getline(in, stat)) continue;  // the process is already gone
        const pid_t parent = parent_from_stat(stat);
        if (parent >= 0) parents[pid] = parent;
    }
    return parents;
}

std::uint64_t resident_bytes_below(pid_t ancestor) {
    static const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    std::uint64_t total = 0;
    for (const pid_t pid : descendants(ancestor, read_process_parents())) {
        std::ifstream in("/proc/" + std::to_string(pid) + "/statm");
        std::uint64_t size = 0;
        std::uint64_t resident = 0;
        if (in >> size >> resident) total += resident * page;
    }
    return total;
}

void kill_job_processes(pid_t job_pgid) {
    ::kill(-job_pgid, SIGKILL);
    for (const pid_t pid : descendants(::getpid(), read_process_parents()))
        ::kill(pid, SIGKILL);
}

}  // namespace bramble::shepherd
