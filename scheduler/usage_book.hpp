// Fair share's memory: each user's past usage in slot-seconds, decayed with the configured
// half-life, as committed to the spool, and what the open turn charged on top of it. A finished job
// is charged its slots x wall time in the turn that ends it; memory takes the charge only when that
// turn commits.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "store/spool.hpp"

namespace bramble::scheduler {

class UsageBook {
  public:
    // The usage the spool remembers, at start.
    Status restore(store::Spool& spool);

    // Adds `slot_seconds` used until `end` to the user's usage as the turn leaves it, and returns
    // the record the turn must save. Two ends of one user in one turn build on each other.
    const store::UsageRecord& charge(const std::string& user, double slot_seconds, std::int64_t end,
                                     std::int64_t half_life);
    // The turn committed (its charges become the usage) or did not (they are dropped).
    void turn_ended(bool committed);

    // Every user's usage as the turn leaves it.
    template <class Visit>
    void each(const Visit& visit) const {
        for (const auto& [user, record] : committed_) {
            const auto charged = charged_.find(user);
            visit(charged == charged_.end() ? record : charged->second);
        }
        for (const auto& [user, record] : charged_) {
            if (!committed_.contains(user)) visit(record);
        }
    }

  private:
    std::map<std::string, store::UsageRecord> committed_;  // by user
    std::map<std::string, store::UsageRecord> charged_;    // this turn's, by user
};

}  // namespace bramble::scheduler
