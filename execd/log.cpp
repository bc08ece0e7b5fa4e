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
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    ::localtime_r(&now, &local);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &local);
    std::fprintf(stderr, "%s %s: %s\n", stamp, log_name().c_str(), message.c_str());
}

}  // namespace bramble::execd
