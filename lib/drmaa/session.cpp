#include "session.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>

#include "net/client.hpp"

namespace bramble::drmaa {
namespace {

struct State {
    std::mutex lock;
    std::optional<std::string> contact;
    std::vector<std::string> jobs;  // in submission order, for DRMAA_JOB_IDS_SESSION_ANY
};

State& state() {
    static State s;
    return s;
}

// A contact must name a socket that exists, so that a typo fails at drmaa_init, not at the
// first submission.
Answer check_contact(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return failure(DRMAA_ERRNO_DRMS_INIT_FAILED,
                       "cannot reach the scheduler at " + path + ": " + std::strerror(errno) +
                           " (is bramble-scheduler running? BRAMBLE_SOCKET or the contact "
                           "string names its socket)");
    }
    if (!S_ISSOCK(info.st_mode)) {
        return failure(DRMAA_ERRNO_INVALID_CONTACT_STRING,
                       "contact '" + path +
                           "' is not a socket; the contact string is the path of the "
                           "scheduler's socket, or empty for the default");
    }
    return success();
}

}  // namespace

std::string default_contact() {
    return net::scheduler_socket_path();
}

Answer open_session(const char* contact) {
    const std::string path =
        contact == nullptr || *contact == '\0' ? default_contact() : std::string(contact);
    std::lock_guard guard(state().lock);
    if (state().contact) {
        return failure(DRMAA_ERRNO_ALREADY_ACTIVE_SESSION,
                       "a DRMAA session is already open in this process (drmaa_exit ends it)");
    }
    if (auto checked = check_contact(path); checked.code != DRMAA_ERRNO_SUCCESS) return checked;
    state().contact = path;
    state().jobs.clear();
    return success();
}

Answer close_session() {
    std::lock_guard guard(state().lock);
    if (!state().contact) return no_session();
    state().contact.reset();
    state().jobs.clear();
    return success();
}

std::optional<std::string> session_contact() {
    std::lock_guard guard(state().lock);
    return state().contact;
}

void remember_jobs(const std::vector<std::string>& ids) {
    std::lock_guard guard(state().lock);
    state().jobs.insert(state().jobs.end(), ids.begin(), ids.end());
}

void forget_job(const std::string& id) {
    std::lock_guard guard(state().lock);
    auto& jobs = state().jobs;
    jobs.erase(std::remove(jobs.begin(), jobs.end(), id), jobs.end());
}

bool knows_job(const std::string& id) {
    std::lock_guard guard(state().lock);
    const auto& jobs = state().jobs;
    return std::find(jobs.begin(), jobs.end(), id) != jobs.end();
}

std::vector<std::string> session_jobs() {
    std::lock_guard guard(state().lock);
    return state().jobs;
}

Answer no_session() {
    return failure(DRMAA_ERRNO_NO_ACTIVE_SESSION,
                   "no DRMAA session is open: call drmaa_init first");
}

}  // namespace bramble::drmaa
