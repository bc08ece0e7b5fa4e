// A running qrsh -inherit command (see running_command.hpp).
#include "execd/running_command.hpp"

#include <signal.h>

#include <algorithm>
#include <chrono>

#include "execd/shepherd/process_tree.hpp"

namespace bramble::execd {

namespace {
constexpr std::chrono::seconds kGrace{3};  // from SIGTERM to SIGKILL, and for draining pipes
}  // namespace

RunningCommand::RunningCommand(boost::asio::io_context& io, JobId job, StartedCommand started,
                               Send send, std::function<void()> done)
    : job_(job),
      pid_(started.pid),
      out_(io, started.out),
      err_(io, started.err),
      send_(std::move(send)),
      done_(std::move(done)),
      timer_(io) {}

void RunningCommand::start() {
    read(out_, 1);
    read(err_, 2);
}

void RunningCommand::read(Stream& stream, int number) {
    auto self = shared_from_this();
    stream.pipe.async_read_some(
        boost::asio::buffer(stream.buffer), [this, self, &stream, number](auto ec, std::size_t n) {
            if (finished_) return;
            if (ec) {
                stream.open = false;
                return finish_when_drained();
            }
            send_(wire::RemoteOutput{number, std::string(stream.buffer.data(), n)});
            read(stream, number);
        });
}

void RunningCommand::signal_all(int sig) {
    ::kill(-pid_, sig);
    for (const pid_t pid : tree_)
        ::kill(pid, sig);
}

void RunningCommand::exited(wire::RemoteExit exit) {
    exited_ = true;
    exit_ = std::move(exit);
    // Whatever the command left in its group ends with it, so its pipes close; so do the processes
    // it had in other groups when it was told to stop (Open MPI's daemon gives each rank its own).
    signal_all(SIGKILL);
    timer_.cancel();
    timer_.expires_after(kGrace);
    auto self = shared_from_this();
    timer_.async_wait([this, self](auto ec) {
        if (!ec) finish();
    });
    finish_when_drained();
}

void RunningCommand::kill() {
    if (exited_) return;
    remember_tree();
    signal_all(SIGTERM);
    timer_.expires_after(kGrace);
    auto self = shared_from_this();
    timer_.async_wait([this, self](auto ec) {
        if (ec || exited_) return;
        remember_tree();
        signal_all(SIGKILL);
    });
}

// The command's descendants now, added to those seen before: once the command is gone, its
// orphans can no longer be found from it.
void RunningCommand::remember_tree() {
    for (const pid_t pid : shepherd::descendants(pid_, shepherd::read_process_parents())) {
        if (std::find(tree_.begin(), tree_.end(), pid) == tree_.end()) tree_.push_back(pid);
    }
}

void RunningCommand::finish_when_drained() {
    if (exited_ && !out_.open && !err_.open) finish();
}

void RunningCommand::finish() {
    if (finished_) return;
    finished_ = true;
    timer_.cancel();
    boost::system::error_code ignored;
    out_.pipe.close(ignored);
    err_.pipe.close(ignored);
    send_(exit_);
    if (done_) done_();
}

}  // namespace bramble::execd
