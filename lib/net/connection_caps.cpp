#include "net/connection_caps.hpp"

#include <sys/resource.h>

#include <limits>
#include <utility>

namespace bramble::net {

struct ConnectionCaps::Place::Counts {
    std::map<std::string, std::size_t> open;  // only keys with a connection open
    std::size_t total = 0;
    std::map<std::string, bool> refusing;  // keys refused since they were last admitted
};

ConnectionCaps::Place::Place(std::weak_ptr<Counts> counts, std::string key)
    : counts_(std::move(counts)), key_(std::move(key)) {}

ConnectionCaps::Place::~Place() {
    auto counts = counts_.lock();
    if (!counts) return;  // moved from, or the caps are gone
    --counts->total;
    if (auto it = counts->open.find(key_); it != counts->open.end() && --it->second == 0) {
        counts->open.erase(it);
    }
}

ConnectionCaps::ConnectionCaps(std::size_t per_key, std::size_t total, std::string what)
    : per_key_(per_key),
      total_(total),
      what_(std::move(what)),
      counts_(std::make_shared<Place::Counts>()) {}

ConnectionCaps::Verdict ConnectionCaps::admit(const std::string& key) {
    Verdict verdict;
    const std::size_t mine = open(key);
    if (mine >= per_key_) {
        verdict.refusal = "too many " + what_ + " from " + key + " (" + std::to_string(mine) +
                          " open); try again later";
    } else if (counts_->total >= total_) {
        verdict.refusal = "too many " + what_ + " (" + std::to_string(counts_->total) +
                          " open, the most it takes); try again later";
    }
    if (!verdict.refusal.empty()) {
        // Bounded: a key is remembered while refused, and forgotten once admitted.
        if (counts_->refusing.size() < total_) {
            verdict.first_refusal = !std::exchange(counts_->refusing[key], true);
        }
        return verdict;
    }
    counts_->refusing.erase(key);
    ++counts_->open[key];
    ++counts_->total;
    verdict.place.emplace(Place(counts_, key));
    return verdict;
}

std::size_t ConnectionCaps::open(const std::string& key) const {
    auto it = counts_->open.find(key);
    return it == counts_->open.end() ? 0 : it->second;
}

std::size_t ConnectionCaps::open_total() const {
    return counts_->total;
}

std::size_t open_files_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) {
        return std::numeric_limits<int>::max();
    }
    return static_cast<std::size_t>(limit.rlim_cur);
}

}  // namespace bramble::net
