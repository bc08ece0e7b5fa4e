// A job's share of this node, as the qrsh -inherit service sees it: the job whose script runs here
// (its master) or a part of a parallel job whose script runs elsewhere. And the pure rules the
// service applies to a request: which node a host name means, whether the calling process belongs
// to the job, and the environment a command gets.
#pragma once

#include <sys/types.h>

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "model/job.hpp"
#include "model/result.hpp"

namespace bramble::execd {

struct JobShare {
    JobId id = 0;
    Owner owner;
    Allocation allocation;
    std::string node;                           // this node
    std::map<std::string, std::string> hosts;   // node -> host name, as PE_HOSTFILE lists them
    std::map<std::string, std::string> execds;  // node -> "address:port" of its execd
    pid_t shepherd = -1;                        // the master's shepherd; -1 for a part

    // This node's grant, or null when the allocation has none for `node`.
    [[nodiscard]] const NodeGrant* grant(const std::string& node) const;
};

// The node of the job's allocation that `host` names: a node name; else a host name (compared up
// to the first '.', as Open MPI shortens them) that one node was listed with; else this node's own
// host name. A host name several nodes share means this node when it is one of them. Anything else
// is refused, naming the hosts the job has.
Result<std::string> node_for_host(const std::string& host, const JobShare& share,
                                  const std::string& own_hostname);

// The parent of a process, or -1 when it is gone or unreadable.
using ParentOf = std::function<pid_t(pid_t)>;

// Whether `pid` is one of `roots` or a descendant of one, walking parents up to init.
bool descends_from(pid_t pid, const std::set<pid_t>& roots, const ParentOf& parent_of);

// The parent from /proc/<pid>/stat.
pid_t parent_in_proc(pid_t pid);

using EnvList = std::vector<std::pair<std::string, std::string>>;

// Sets `name` to `value`, replacing an earlier value in place.
void set_env(EnvList& env, const std::string& name, std::string value);
// Sets `name` only when it is missing.
void default_env(EnvList& env, const std::string& name, std::string value);
[[nodiscard]] const std::string* find_env(const EnvList& env, const std::string& name);

}  // namespace bramble::execd
