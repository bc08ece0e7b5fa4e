// Log lines (see log.hpp).
#include "execd/log.hpp"

#include <cstdio>
#include <ctime>

namespace bramble::execd {

namespace {
std::string& log_name() {
    static std::string name = "bramble-execd";
    return name;
}
}  // namespace

void set_log_name(const std::string& name) {
    log_name() = "bramble-execd[" + name + "]";
}

void log(const std::string& message) {
    // Milliseconds, like the scheduler's lines, so a job's path can be timed across both logs.
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    std::tm local{};
    ::localtime_r(&now.tv_sec, &local);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &local);
    std::fprintf(stderr, "%s.%03ld %s: %s\n", stamp, now.tv_nsec / 1000000, log_name().c_str(),
                 message.c_str());
}

}  // namespace bramble::execd
