// NetnsNetwork: a private network of Linux network namespaces for multi-host tests. A "hub"
// namespace holds a bridge; each member namespace (head, pi01, ...) gets loopback and one veth
// into that bridge with its own address, and no default route. Everything lives in namespaces, so
// the host's own network is never touched, and every name carries a prefix unique to the
// instance, so parallel tests do not clash. Destroying it kills whatever still runs inside and
// deletes every namespace it made (the veths and the bridge go with them).
#pragma once

#include <string>
#include <vector>

#include "model/result.hpp"

namespace bramble::test {

// Why this machine cannot host such a network (not root, no `ip`, namespaces refused), or "" when
// it can. Tries a namespace for real.
std::string netns_unavailable_reason();

// The absolute path of a system program (ip, unshare) in the usual sbin/bin folders, or "".
std::string system_program(const std::string& name);

// Deletes namespaces left by test processes that died before cleaning up (their names carry the
// pid of the process that made them).
void remove_stale_test_namespaces();

class NetnsNetwork {
  public:
    // `prefix` starts every namespace name ("bramble-t4242-1" -> "bramble-t4242-1-pi01").
    explicit NetnsNetwork(std::string prefix);
    ~NetnsNetwork();
    NetnsNetwork(const NetnsNetwork&) = delete;
    NetnsNetwork& operator=(const NetnsNetwork&) = delete;

    // Creates the hub and its bridge; call once, first.
    Status create_hub();
    // Creates the member `name` with `address` (CIDR, e.g. 10.77.0.11/24) on the bridge.
    Status add_member(const std::string& name, const std::string& address);

    [[nodiscard]] std::string namespace_of(const std::string& name) const;
    [[nodiscard]] const std::vector<std::string>& namespaces() const { return created_; }

    // The argv prefix that runs a program inside member `name`'s namespace.
    [[nodiscard]] std::vector<std::string> exec_in(const std::string& name) const;

    // Takes member `name`'s interface down (as if its cable were pulled) or up again. Its sockets
    // stay open: the peers hear nothing until the link is back.
    Status set_link(const std::string& name, bool up) const;

    // Kills every process inside the namespaces and deletes them; safe to call twice.
    void destroy();

  private:
    Status add_namespace(const std::string& ns);
    Status ip(const std::vector<std::string>& args) const;

    std::string prefix_;
    std::string ip_;
    std::string nsenter_;
    std::vector<std::string> created_;
    int next_port_ = 0;
};

}  // namespace bramble::test
