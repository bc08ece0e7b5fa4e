// execv of /proc/self/exe after marking every descriptor close-on-exec (Asio does not set it on
// its sockets): the spool's lock, the database and both listeners go with the old image.
#include "self_restart.hpp"

#include <linux/close_range.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "log.hpp"

namespace bramble::scheduler {
namespace {

std::vector<std::string>& command_line() {
    static std::vector<std::string> words;
    return words;
}

}  // namespace

void remember_command_line(int argc, char** argv) {
    command_line().assign(argv, argv + argc);
}

void restart_self(const std::string& why, const std::vector<std::string>& extra) {
    log("bramble-scheduler: restarting from the spool (" + why + ")");
    std::vector<std::string> words = command_line();
    words.insert(words.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    argv.reserve(words.size() + 1);
    for (auto& word : words)
        argv.push_back(word.data());
    argv.push_back(nullptr);
    ::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
    ::execv("/proc/self/exe", argv.data());
    log(std::string("bramble-scheduler: cannot restart: ") + std::strerror(errno));
}

}  // namespace bramble::scheduler
