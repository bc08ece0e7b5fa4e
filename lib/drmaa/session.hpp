// The DRMAA session: at most one per process, between drmaa_init and drmaa_exit. It knows the
// scheduler's socket (the contact string) and the jobs submitted in it that no drmaa_wait or
// drmaa_synchronize(dispose) has reaped yet. Thread-safe: python-drmaa and Galaxy call from
// several threads, so every access takes the one lock, and no call holds it while it talks to
// the scheduler.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "c_boundary.hpp"

namespace bramble::drmaa {

// The contact string drmaa_init(NULL) chooses: the scheduler socket the tools use.
std::string default_contact();

// drmaa_init: `contact` null or empty = default_contact(); else a scheduler socket's path.
Answer open_session(const char* contact);
Answer close_session();

// The active session's contact, or nothing between sessions.
std::optional<std::string> session_contact();

// The session's unreaped jobs, by the ids drmaa_run_job handed out ("42", "43.7").
void remember_jobs(const std::vector<std::string>& ids);
void forget_job(const std::string& id);
bool knows_job(const std::string& id);
std::vector<std::string> session_jobs();

// The Answer every call but drmaa_init gives without a session.
Answer no_session();

}  // namespace bramble::drmaa
