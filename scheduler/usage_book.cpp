#include "usage_book.hpp"

#include "policy/fair_share.hpp"

namespace bramble::scheduler {

Status UsageBook::restore(store::Spool& spool) {
    auto records = spool.load_usage();
    if (!records) return make_error("cannot load past usage from the spool: " + records.message());
    for (auto& record : *records)
        committed_[record.user] = std::move(record);
    return ok_status();
}

const store::UsageRecord& UsageBook::charge(const std::string& user, double slot_seconds,
                                            std::int64_t end, std::int64_t half_life) {
    auto charged = charged_.find(user);
    if (charged == charged_.end()) {
        auto past = committed_.find(user);
        charged =
            charged_.emplace(user, past == committed_.end() ? store::UsageRecord{} : past->second)
                .first;
    }
    store::UsageRecord& record = charged->second;
    record.user = user;
    const auto usage = policy::accrue({record.value, record.as_of}, slot_seconds, end, half_life);
    record.value = usage.value;
    record.as_of = usage.as_of;
    return record;
}

void UsageBook::turn_ended(bool committed) {
    if (committed) {
        for (auto& [user, record] : charged_)
            committed_[user] = std::move(record);
    }
    charged_.clear();
}

}  // namespace bramble::scheduler
