// What an accept loop does when accept() fails. Out of files (EMFILE, ENFILE) the listening socket
// stays readable, so retrying at once spins and logs at full speed (700 MB of log in 25 s). Instead
// the loop pauses, 100 ms doubling to 1 s, and says so once when the trouble starts and once when
// it ends. Pure: the caller times the pauses and writes the log.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace bramble::net {

inline constexpr std::chrono::milliseconds kFirstAcceptPause{100};
inline constexpr std::chrono::milliseconds kLongestAcceptPause{1000};

class AcceptBackoff {
  public:
    // `where` names the door in the log: "client socket", "execd port".
    explicit AcceptBackoff(std::string where) : where_(std::move(where)) {}

    struct Pause {
        std::chrono::milliseconds delay{0};  // before the next accept
        std::optional<std::string> log;      // only the first failure of an episode says so
    };
    // accept() failed with errno `error`; `open_files_limit` is the process's RLIMIT_NOFILE.
    Pause failed(int error, std::size_t open_files_limit);

    // accept() succeeded: once after an episode, the line saying so.
    std::optional<std::string> accepted();

    [[nodiscard]] bool paused() const { return failures_ > 0; }

  private:
    std::string where_;
    std::size_t failures_ = 0;  // in the current episode
    std::chrono::milliseconds next_delay_ = kFirstAcceptPause;
    std::chrono::milliseconds paused_for_{0};
};

// Whether accept() failed with errno `error` for want of file descriptors, here or in the system.
bool out_of_files(int error);

}  // namespace bramble::net
