// A job's share of a node and the rules of qrsh -inherit (see job_share.hpp).
#include "execd/job_share.hpp"

#include <algorithm>

#include "execd/job_dir.hpp"
#include "execd/shepherd/process_tree.hpp"

namespace bramble::execd {

namespace {

std::string short_name(const std::string& host) {
    return host.substr(0, host.find('.'));
}

std::string listed_host(const JobShare& share, const std::string& node) {
    const auto it = share.hosts.find(node);
    return it != share.hosts.end() && !it->second.empty() ? it->second : node;
}

std::string hosts_of(const JobShare& share) {
    std::string text;
    for (const auto& grant : share.allocation.grants) {
        const std::string host = listed_host(share, grant.node);
        if (text.find(host) != std::string::npos) continue;
        text += (text.empty() ? "" : ", ") + host;
    }
    return text;
}

}  // namespace

const NodeGrant* JobShare::grant(const std::string& name) const {
    for (const auto& candidate : allocation.grants) {
        if (candidate.node == name) return &candidate;
    }
    return nullptr;
}

Result<std::string> node_for_host(const std::string& host, const JobShare& share,
                                  const std::string& own_hostname) {
    if (share.grant(host) != nullptr) return host;
    const std::string wanted = short_name(host);
    std::vector<std::string> matches;
    for (const auto& grant : share.allocation.grants) {
        if (short_name(listed_host(share, grant.node)) == wanted) matches.push_back(grant.node);
    }
    const bool here = share.grant(share.node) != nullptr;
    const bool mine = std::find(matches.begin(), matches.end(), share.node) != matches.end();
    if (matches.size() == 1) return matches.front();
    if (matches.size() > 1 && mine) return share.node;
    if (matches.empty() && here && !wanted.empty() && short_name(own_hostname) == wanted)
        return share.node;
    if (matches.size() > 1) {
        return make_error("host " + host + " is several nodes of job " + std::to_string(share.id) +
                          "; name one of them instead");
    }
    return make_error("host " + host + " is not part of job " + std::to_string(share.id) +
                      "'s allocation (its hosts: " + hosts_of(share) + ")");
}

bool descends_from(pid_t pid, const std::set<pid_t>& roots, const ParentOf& parent_of) {
    // Bounded: a pid reused while we walk cannot make the walk loop.
    for (int depth = 0; pid > 1 && depth < 4096; ++depth) {
        if (roots.count(pid) != 0) return true;
        pid = parent_of(pid);
    }
    return false;
}

pid_t parent_in_proc(pid_t pid) {
    auto stat = read_text_file("/proc/" + std::to_string(pid) + "/stat");
    return stat ? shepherd::parent_from_stat(*stat) : -1;
}

void set_env(EnvList& env, const std::string& name, std::string value) {
    auto it =
        std::find_if(env.begin(), env.end(), [&](const auto& kv) { return kv.first == name; });
    if (it != env.end()) {
        it->second = std::move(value);
    } else {
        env.emplace_back(name, std::move(value));
    }
}

void default_env(EnvList& env, const std::string& name, std::string value) {
    if (find_env(env, name) == nullptr) env.emplace_back(name, std::move(value));
}

const std::string* find_env(const EnvList& env, const std::string& name) {
    for (const auto& [key, value] : env) {
        if (key == name) return &value;
    }
    return nullptr;
}

}  // namespace bramble::execd
