// Reading and writing the files of a job directory.
#include "execd/job_dir.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "wire/json_model.hpp"

namespace bramble::execd {

namespace {

std::string errno_text() {
    return std::strerror(errno);
}

Status write_all(int fd, const std::string& text, const std::string& path) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return make_error("cannot write " + path + ": " + errno_text());
        done += static_cast<std::size_t>(n);
    }
    return ok_status();
}

}  // namespace

Status write_file_atomically(const std::string& path, const std::string& text, int mode) {
    const std::string temporary = path + ".tmp";
    // Not O_TRUNC: a file reserved beforehand (reserve_exit_record) keeps its blocks until the
    // text is in, and is cut to size after.
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0) return make_error("cannot create " + temporary + ": " + errno_text());
    // Exactly `mode`, whatever the umask or a leftover temporary file had.
    if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) {
        const std::string why = errno_text();
        ::close(fd);
        return make_error("cannot set the mode of " + temporary + ": " + why);
    }
    // Renamed, not synced: the files of a job directory only have to survive an execd or shepherd
    // crash, which the rename covers. A machine crash ends the job anyway, and the scheduler's
    // spool, which is synced, then fails it when the node registers again. Three fsyncs per job
    // were a third of a short job's cost.
    Status written = write_all(fd, text, temporary);
    if (written && ::ftruncate(fd, static_cast<off_t>(text.size())) != 0) {
        written = make_error("cannot cut " + temporary + " to size: " + errno_text());
    }
    ::close(fd);
    if (!written) return written;
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        return make_error("cannot rename " + temporary + " to " + path + ": " + errno_text());
    }
    return ok_status();
}

Result<std::string> read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("cannot read " + path + ": " + errno_text());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

Status write_launch_spec(const std::string& dir, const LaunchSpec& launch) {
    nlohmann::json doc;
    doc["job"] = launch.job;
    doc["queue"] = launch.queue;
    doc["node"] = launch.node;
    doc["hostname"] = launch.hostname;
    doc["tmpdir"] = launch.tmpdir;
    doc["hosts"] = launch.hosts;
    doc["gpio_chip"] = launch.gpio_chip;
    doc["execds"] = launch.execds;
    doc["gpio_lines"] = launch.gpio_lines;
    doc["binding"] = {{"cores", launch.binding.cores},
                      {"cpus", launch.binding.cpus},
                      {"unbound_reason", launch.binding.unbound_reason}};
    doc["cgroups"] = {{"version", launch.cgroups.version},
                      {"dirs", launch.cgroups.dirs},
                      {"memory_dir", launch.cgroups.memory_dir},
                      {"cpuset_dir", launch.cgroups.cpuset_dir},
                      {"why_none", launch.cgroups.why_none}};
    return write_file_atomically(dir + "/" + kJobFile, doc.dump(2) + "\n");
}

Result<LaunchSpec> read_launch_spec(const std::string& dir) {
    const std::string path = dir + "/" + kJobFile;
    auto text = read_text_file(path);
    if (!text) return text.error();
    try {
        const auto doc = nlohmann::json::parse(*text);
        LaunchSpec launch;
        launch.job = doc.at("job").get<Job>();
        launch.queue = doc.at("queue").get<std::string>();
        launch.node = doc.at("node").get<std::string>();
        launch.hostname = doc.at("hostname").get<std::string>();
        launch.tmpdir = doc.at("tmpdir").get<std::string>();
        launch.hosts = doc.value("hosts", launch.hosts);
        launch.gpio_chip = doc.value("gpio_chip", launch.gpio_chip);
        launch.execds = doc.value("execds", launch.execds);
        launch.gpio_lines = doc.value("gpio_lines", launch.gpio_lines);
        if (const auto binding = doc.find("binding"); binding != doc.end()) {
            launch.binding.cores = binding->value("cores", launch.binding.cores);
            launch.binding.cpus = binding->value("cpus", launch.binding.cpus);
            launch.binding.unbound_reason = binding->value("unbound_reason", std::string());
        }
        if (const auto cgroups = doc.find("cgroups"); cgroups != doc.end()) {
            launch.cgroups.version = cgroups->value("version", 0);
            launch.cgroups.dirs = cgroups->value("dirs", launch.cgroups.dirs);
            launch.cgroups.memory_dir = cgroups->value("memory_dir", std::string());
            launch.cgroups.cpuset_dir = cgroups->value("cpuset_dir", std::string());
            launch.cgroups.why_none = cgroups->value("why_none", std::string());
        }
        return launch;
    } catch (const nlohmann::json::exception& e) {
        return make_error(path + " is not a valid job description: " + e.what());
    }
}

Status reserve_exit_record(const std::string& dir) {
    // Far more than a record takes: its longest text is a failure reason of a few lines.
    constexpr off_t kReserved = off_t{64} * 1024;
    const std::string path = dir + "/" + kExitFile + ".tmp";
    const int fd =
        ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return make_error("cannot create " + path + ": " + errno_text());
    const int error = ::posix_fallocate(fd, 0, kReserved);
    ::close(fd);
    if (error != 0) {
        return make_error("cannot reserve space for the exit record in " + path + ": " +
                          std::strerror(error));
    }
    return ok_status();
}

Status write_exit_record(const std::string& dir, const ExitRecord& exit) {
    const nlohmann::json doc = exit;
    return write_file_atomically(dir + "/" + kExitFile, doc.dump(2) + "\n");
}

Result<ExitRecord> read_exit_record(const std::string& dir) {
    const std::string path = dir + "/" + kExitFile;
    auto text = read_text_file(path);
    if (!text) return text.error();
    try {
        return nlohmann::json::parse(*text).get<ExitRecord>();
    } catch (const nlohmann::json::exception& e) {
        return make_error(path + " is not a valid exit record: " + e.what());
    }
}

}  // namespace bramble::execd
