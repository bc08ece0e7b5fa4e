#include "net/accept_backoff.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace bramble::net {

bool out_of_files(int error) {
    return error == EMFILE || error == ENFILE;
}

AcceptBackoff::Pause AcceptBackoff::failed(int error, std::size_t open_files_limit) {
    Pause pause;
    pause.delay = next_delay_;
    next_delay_ = std::min(next_delay_ * 2, kLongestAcceptPause);
    paused_for_ += pause.delay;
    if (failures_++ > 0) return pause;
    if (error == EMFILE) {
        pause.log = where_ + ": accept: too many open files (limit " +
                    std::to_string(open_files_limit) + "); pausing accepts";
    } else if (error == ENFILE) {
        pause.log = where_ + ": accept: the system's table of open files is full; pausing accepts";
    } else {
        pause.log = where_ + ": accept failed: " + std::strerror(error) + "; pausing accepts";
    }
    return pause;
}

std::optional<std::string> AcceptBackoff::accepted() {
    if (failures_ == 0) return std::nullopt;
    std::string line = where_ + ": accepting again after " + std::to_string(failures_) +
                       " failed accepts over " + std::to_string(paused_for_.count()) + " ms";
    failures_ = 0;
    next_delay_ = kFirstAcceptPause;
    paused_for_ = std::chrono::milliseconds(0);
    return line;
}

}  // namespace bramble::net
