// Per-user caps on running jobs and slots (PolicyConfig.user_limits, else default_user_limit; 0 =
// no cap). What a user holds counts the jobs already running and the placements of this pass.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "policy/snapshot.hpp"

namespace bramble::policy {

class UserLimits {
  public:
    // Keeps a reference to `snapshot`, which must outlive this object.
    explicit UserLimits(const Snapshot& snapshot);

    // Why `job` may not start now because of its user's caps ("user limit 8 slots reached",
    // "user limit 3 running jobs reached"), or nothing.
    [[nodiscard]] std::optional<std::string> refuse(const PendingJob& job) const;

    // Counts a placement of this pass against its user.
    void count(const std::string& user, int slots);

  private:
    struct Held {
        int jobs = 0;
        int slots = 0;
    };

    [[nodiscard]] const UserLimit& limit_of(const std::string& user) const;

    const PolicyConfig& policy_;
    bool any_ = false;  // no cap anywhere: nothing to count
    std::map<std::string, Held, std::less<>> held_;
};

}  // namespace bramble::policy
