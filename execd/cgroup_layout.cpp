// Finding the control group hierarchies and preparing this node's place in them (see
// cgroup_layout.hpp).
#include "execd/cgroup_layout.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <sstream>

#include "execd/cgroup_files.hpp"

namespace bramble::execd {

namespace {

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(separator, start), text.size());
        parts.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

bool contains(const std::vector<std::string>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

// mountinfo writes space, tab, newline and backslash in paths as \ooo octal escapes.
std::string unescape(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 3 < text.size() &&
            std::all_of(text.begin() + static_cast<long>(i) + 1,
                        text.begin() + static_cast<long>(i) + 4,
                        [](char c) { return c >= '0' && c <= '7'; })) {
            out += static_cast<char>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 +
                                     (text[i + 3] - '0'));
            i += 3;
        } else {
            out += text[i];
        }
    }
    return out;
}

// The directory of `own` (a path inside the hierarchy) under `mount`.
std::string group_dir(const CgroupMount& mount, const std::string& own) {
    std::string inside = own;
    if (mount.root != "/" && inside.starts_with(mount.root))
        inside = inside.substr(mount.root.size());
    while (inside.ends_with('/'))
        inside.pop_back();
    return mount.path + inside;
}

const CgroupMount* find_mount(const std::vector<CgroupMount>& mounts, int version,
                              std::string_view controller) {
    for (const auto& mount : mounts) {
        if (mount.version == version && (version == 2 || contains(mount.controllers, controller)))
            return &mount;
    }
    return nullptr;
}

std::string pid_text() {
    return std::to_string(::getpid());
}

// v1: `<own>/bramble.<name>` in the hierarchy of `controller`; a new cpuset group copies its
// parent's CPUs and memory nodes, without which no process may join it.
Result<std::string> prepare_v1(const CgroupMount& mount, std::string_view proc_self_cgroup,
                               std::string_view controller, const std::string& name) {
    const std::string parent = group_dir(mount, own_cgroup_path(proc_self_cgroup, controller));
    const std::string dir = parent + "/bramble." + name;
    if (auto made = make_group_dir(dir); !made) return made.error();
    if (controller == "cpuset") {
        for (const char* file : {"/cpuset.cpus", "/cpuset.mems"}) {
            // An unset list reads as a lone newline.
            const std::string value = read_control(parent + file);
            const bool unset =
                read_control(dir + file).find_first_not_of('\n') == std::string::npos;
            if (value.empty() || !unset) continue;
            if (auto written = write_control(dir + file, value); !written) return written.error();
        }
    }
    return dir;
}

CgroupBase prepare_v1_base(const std::vector<CgroupMount>& mounts,
                           std::string_view proc_self_cgroup, const std::string& name) {
    CgroupBase base;
    std::vector<std::string> problems;
    for (const std::string controller : {"memory", "cpuset"}) {
        const CgroupMount* mount = find_mount(mounts, 1, controller);
        if (mount == nullptr) continue;
        auto dir = prepare_v1(*mount, proc_self_cgroup, controller, name);
        if (!dir) {
            problems.push_back(dir.message());
            continue;
        }
        base.dirs.push_back(*dir);
        (controller == "memory" ? base.memory_dir : base.cpuset_dir) = *dir;
    }
    if (!base.dirs.empty()) base.version = 1;
    if (base.memory_dir.empty()) {
        base.why_none =
            problems.empty() ? "no cgroup hierarchy has the memory controller" : problems.front();
    }
    return base;
}

// v2: the execd moves into the leaf `<own>/execd.<name>`; `<own>` and `<own>/bramble.<name>` hand
// the memory and cpuset controllers down to the job groups.
CgroupBase prepare_v2_base(const CgroupMount& mount, std::string_view proc_self_cgroup,
                           const std::string& name) {
    CgroupBase base;
    const std::string own = group_dir(mount, own_cgroup_path(proc_self_cgroup, ""));
    const std::string dir = own + "/bramble." + name;
    const bool is_root = own_cgroup_path(proc_self_cgroup, "") == "/";
    const auto fail = [&](const std::string& why) {
        base.why_none = why;
        return base;
    };
    if (auto made = make_group_dir(dir); !made) return fail(made.message());
    if (!is_root) {
        const std::string leaf = own + "/execd." + name;
        if (auto made = make_group_dir(leaf); !made) return fail(made.message());
        if (auto moved = write_control(leaf + "/cgroup.procs", pid_text()); !moved)
            return fail(moved.message());
    }
    std::string offered_text = read_control(own + "/cgroup.controllers");
    while (offered_text.ends_with('\n'))
        offered_text.pop_back();
    const std::vector<std::string> offered = split(offered_text, ' ');
    for (const std::string controller : {"memory", "cpuset"}) {
        if (!contains(offered, controller)) continue;
        auto enabled = write_control(own + "/cgroup.subtree_control", "+" + controller);
        if (enabled) enabled = write_control(dir + "/cgroup.subtree_control", "+" + controller);
        if (!enabled) {
            if (base.why_none.empty())
                base.why_none = enabled.message() + " (is another process in " + own +
                                "? a systemd unit needs Delegate=yes)";
            continue;
        }
        (controller == "memory" ? base.memory_dir : base.cpuset_dir) = dir;
    }
    if (base.memory_dir.empty() && base.cpuset_dir.empty()) {
        if (base.why_none.empty())
            base.why_none = "the cgroup v2 group " + own + " offers neither memory nor cpuset";
        return base;
    }
    base.version = 2;
    base.dirs = {dir};
    if (base.memory_dir.empty() && base.why_none.empty())
        base.why_none = "the v2 hierarchy does not offer the memory controller";
    return base;
}

}  // namespace

std::vector<CgroupMount> parse_cgroup_mounts(std::string_view mountinfo) {
    std::vector<CgroupMount> mounts;
    for (const std::string& line : split(mountinfo, '\n')) {
        const std::vector<std::string> fields = split(line, ' ');
        const auto dash = std::find(fields.begin(), fields.end(), "-");
        if (dash == fields.end() || dash - fields.begin() < 6 || fields.end() - dash < 4) continue;
        const std::string& type = *(dash + 1);
        if (type != "cgroup" && type != "cgroup2") continue;
        CgroupMount mount;
        mount.version = type == "cgroup2" ? 2 : 1;
        mount.root = unescape(fields[3]);
        mount.path = unescape(fields[4]);
        if (mount.version == 1) {
            for (const std::string& option : split(*(dash + 3), ',')) {
                if (option != "rw" && option != "ro" && option.find('=') == std::string::npos)
                    mount.controllers.push_back(option);
            }
        }
        mounts.push_back(std::move(mount));
    }
    return mounts;
}

std::string own_cgroup_path(std::string_view proc_self_cgroup, std::string_view controller) {
    for (const std::string& line : split(proc_self_cgroup, '\n')) {
        const auto first = line.find(':');
        const auto second = line.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        const std::string list = line.substr(first + 1, second - first - 1);
        const bool match = controller.empty() ? list.empty() && line.starts_with("0:")
                                              : contains(split(list, ','), controller);
        if (match) return line.substr(second + 1);
    }
    return {};
}

std::string CgroupBase::enforcement() const {
    if (version == 0) return "rss-watch";
    std::vector<std::string> used;
    if (!memory_dir.empty()) used.emplace_back("memory");
    if (!cpuset_dir.empty()) used.emplace_back("cpuset");
    std::string text = "cgroup-v" + std::to_string(version) + "(";
    for (std::size_t i = 0; i < used.size(); ++i)
        text += (i ? "," : "") + used[i];
    text += ")";
    if (memory_dir.empty()) text += "+rss-watch";
    return text;
}

std::string node_group_name(const std::string& node, const std::string& spool) {
    std::uint32_t hash = 2166136261u;  // FNV-1a: the same name from every build
    for (const unsigned char c : spool) {
        hash ^= c;
        hash *= 16777619u;
    }
    char hex[9];
    (void)std::snprintf(hex, sizeof hex, "%08x", hash);
    return node + "." + hex;
}

CgroupBase prepare_cgroups(const std::string& name, std::string_view mountinfo,
                           std::string_view proc_self_cgroup) {
    const std::vector<CgroupMount> mounts = parse_cgroup_mounts(mountinfo);
    if (mounts.empty()) {
        CgroupBase none;
        none.why_none = "no cgroup hierarchy is mounted";
        return none;
    }
    std::string why_not_v2;
    if (const CgroupMount* unified = find_mount(mounts, 2, "")) {
        const std::string own = group_dir(*unified, own_cgroup_path(proc_self_cgroup, ""));
        const std::string offered = read_control(own + "/cgroup.controllers");
        if (offered.find("memory") != std::string::npos ||
            find_mount(mounts, 1, "memory") == nullptr) {
            CgroupBase base = prepare_v2_base(*unified, proc_self_cgroup, name);
            if (base.in_use()) return base;
            why_not_v2 = base.why_none;
        }
    }
    CgroupBase base = prepare_v1_base(mounts, proc_self_cgroup, name);
    if (!base.in_use() && !why_not_v2.empty()) base.why_none = why_not_v2;
    return base;
}

CgroupBase prepare_own_cgroups(const std::string& name) {
    return prepare_cgroups(name, read_control("/proc/self/mountinfo"),
                           read_control("/proc/self/cgroup"));
}

}  // namespace bramble::execd
