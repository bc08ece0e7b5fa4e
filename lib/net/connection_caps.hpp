// How many connections one uid (or one address) may hold open at once, and all of them together.
// A place is taken when a connection is accepted and given back when the Place is destroyed (the
// connection closed, or the peer proved who it is); over either cap the connection is refused at
// once with a reason for people, instead of waiting in the backlog while a flood holds every file.
// Pure: no sockets, no clock.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace bramble::net {

class ConnectionCaps {
  public:
    // `what` names the connections in refusals ("connections", "connections without the cluster
    // key").
    ConnectionCaps(std::size_t per_key, std::size_t total, std::string what = "connections");

    // A taken place; destroying it gives the place back (the caps may be gone by then).
    class Place {
      public:
        Place(Place&&) noexcept = default;
        Place& operator=(Place&&) = delete;
        ~Place();

      private:
        friend class ConnectionCaps;
        struct Counts;
        Place(std::weak_ptr<Counts> counts, std::string key);
        std::weak_ptr<Counts> counts_;
        std::string key_;
    };

    struct Verdict {
        std::optional<Place> place;  // admitted
        std::string refusal;         // why not: "too many connections from uid 1001 (64 open)"
        bool first_refusal = false;  // the first for this key since it was last admitted: log it
    };
    // `key` is how people know the peer: "uid 1001", "address 10.0.0.7".
    Verdict admit(const std::string& key);

    [[nodiscard]] std::size_t open(const std::string& key) const;
    [[nodiscard]] std::size_t open_total() const;
    [[nodiscard]] std::size_t per_key() const { return per_key_; }
    [[nodiscard]] std::size_t total() const { return total_; }

  private:
    std::size_t per_key_;
    std::size_t total_;
    std::string what_;
    std::shared_ptr<Place::Counts> counts_;
};

// How many files this process may have open (the soft RLIMIT_NOFILE), for sizing the caps.
std::size_t open_files_limit();

}  // namespace bramble::net
