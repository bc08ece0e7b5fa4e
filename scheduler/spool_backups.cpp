// A copy runs on the scheduler's thread: it holds a read transaction for as long as the copy
// takes, which for the spool of a small cluster is milliseconds. A failed copy is logged and the
// next one tried at its time; the older copies stay.
#include "spool_backups.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <vector>

#include "log.hpp"
#include "store/spool_backup.hpp"

namespace bramble::scheduler {
namespace {

constexpr const char* kPrefix = "scheduler-";
constexpr const char* kSuffix = ".db";

// scheduler-20261207-104500.db: names sort as the copies were taken.
std::string copy_name() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    ::gmtime_r(&now, &utc);
    char stamp[32];
    (void)std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &utc);
    return std::string(kPrefix) + stamp + kSuffix;
}

bool is_copy(const std::string& name) {
    return name.starts_with(kPrefix) && name.ends_with(kSuffix);
}

}  // namespace

SpoolBackups::SpoolBackups(boost::asio::io_context& io, std::string db_path,
                           config::BackupConfig config)
    : timer_(io), db_path_(std::move(db_path)), config_(std::move(config)) {}

void SpoolBackups::start() {
    if (config_.every <= 0) return;
    std::error_code error;
    std::filesystem::create_directories(config_.dir, error);
    if (error) log("backup: cannot create " + config_.dir + ": " + error.message());
    log("backup: a copy of the spool every " + std::to_string(config_.every) + " s in " +
        config_.dir + ", the newest " + std::to_string(config_.keep) + " kept");
    arm();
}

void SpoolBackups::arm() {
    timer_.expires_after(std::chrono::seconds(config_.every));
    timer_.async_wait([this](const boost::system::error_code& error) {
        if (error) return;
        take_one();
        arm();
    });
}

void SpoolBackups::take_one() {
    const std::string to = config_.dir + "/" + copy_name();
    if (auto copied = store::backup_spool(db_path_, to); !copied) {
        log("backup: " + copied.message());
        return;
    }
    drop_old();
}

void SpoolBackups::drop_old() const {
    std::vector<std::filesystem::path> copies;
    std::error_code error;
    for (std::filesystem::directory_iterator it(config_.dir, error), end; !error && it != end;
         it.increment(error)) {
        if (is_copy(it->path().filename().string())) copies.push_back(it->path());
    }
    std::sort(copies.begin(), copies.end());
    const auto keep = static_cast<std::size_t>(config_.keep);
    for (std::size_t i = 0; copies.size() > keep && i < copies.size() - keep; ++i) {
        std::filesystem::remove(copies[i], error);
    }
}

}  // namespace bramble::scheduler
