#include "waiting.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

#include "job_status.hpp"

namespace bramble::drmaa {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

class Patience {
  public:
    explicit Patience(long timeout) {
        if (timeout >= 0) deadline_ = Clock::now() + std::chrono::seconds(timeout);
    }

    // Sleeps the next pause, cut to the time left; false when no time is left.
    bool pause() {
        auto wait = pause_;
        if (deadline_) {
            const auto left = std::chrono::duration_cast<milliseconds>(*deadline_ - Clock::now());
            if (left <= milliseconds{0}) return false;
            wait = std::min(wait, left);
        }
        std::this_thread::sleep_for(wait);
        pause_ = std::min(pause_ * 2, milliseconds{2000});
        return true;
    }

  private:
    std::optional<Clock::time_point> deadline_;
    milliseconds pause_{100};
};

Answer timed_out(long timeout) {
    return failure(DRMAA_ERRNO_EXIT_TIMEOUT,
                   "no job finished within the timeout of " + std::to_string(timeout) + " s");
}

}  // namespace

Answer wait_for_any(const std::string& contact, const std::vector<std::string>& ids, long timeout,
                    std::string& finished) {
    Patience patience(timeout);
    while (true) {
        std::vector<std::string> gone;
        if (auto asked = finished_among(contact, ids, gone); asked.code != DRMAA_ERRNO_SUCCESS)
            return asked;
        for (const auto& id : ids) {
            if (std::find(gone.begin(), gone.end(), id) != gone.end()) {
                finished = id;
                return success();
            }
        }
        if (!patience.pause()) return timed_out(timeout);
    }
}

Answer wait_for_all(const std::string& contact, std::vector<std::string> ids, long timeout) {
    Patience patience(timeout);
    while (!ids.empty()) {
        std::vector<std::string> gone;
        if (auto asked = finished_among(contact, ids, gone); asked.code != DRMAA_ERRNO_SUCCESS)
            return asked;
        std::erase_if(ids, [&](const std::string& id) {
            return std::find(gone.begin(), gone.end(), id) != gone.end();
        });
        if (!ids.empty() && !patience.pause()) return timed_out(timeout);
    }
    return success();
}

}  // namespace bramble::drmaa
