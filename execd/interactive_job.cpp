// A qrsh CMD job's relay (see interactive_job.hpp).
#include "execd/interactive_job.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include <boost/asio/write.hpp>

#include "execd/job_dir.hpp"
#include "execd/terminal.hpp"

namespace bramble::execd {

namespace {

constexpr std::chrono::seconds kDrainGrace{3};

// Above kInteractiveStderr, so spawn_shepherd's dup2s never overwrite one they read later.
int numbered_high(int fd) {
    if (fd > kInteractiveStderr) return fd;
    const int high = ::fcntl(fd, F_DUPFD_CLOEXEC, kInteractiveStderr + 1);
    ::close(fd);
    return high;
}

struct Pipe {
    int read = -1;
    int write = -1;
};

Result<Pipe> make_pipe() {
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0)
        return make_error(std::string("cannot make a pipe: ") + std::strerror(errno));
    return Pipe{ends[0], ends[1]};
}

}  // namespace

InteractiveJob::InteractiveJob(boost::asio::io_context& io, JobId id, uid_t owner)
    : id_(id), owner_(owner), in_(io), out_(io), err_(io), drain_(io) {}

InteractiveJob::~InteractiveJob() {
    boost::system::error_code ignored;
    in_.close(ignored);
    out_.pipe.close(ignored);
    err_.pipe.close(ignored);
}

Result<ShepherdStdio> InteractiveJob::attach(Send send, bool pty,
                                             const wire::RemoteWindow& window) {
    auto ends = pty ? make_terminal(window) : make_pipes();
    if (!ends) return ends.error();
    send_ = std::move(send);
    read(out_, 1);
    if (err_.open) read(err_, 2);
    if (ends->in < 0 || ends->out < 0 || ends->err < 0)
        return make_error(std::string("cannot number the job's stdio: ") + std::strerror(errno));
    return ends;
}

Result<ShepherdStdio> InteractiveJob::make_pipes() {
    auto in = make_pipe();
    if (!in) return in.error();
    auto out = make_pipe();
    if (!out) {
        ::close(in->read);
        ::close(in->write);
        return out.error();
    }
    auto err = make_pipe();
    if (!err) {
        for (const int fd : {in->read, in->write, out->read, out->write})
            ::close(fd);
        return err.error();
    }
    in_.assign(in->write);
    out_.pipe.assign(out->read);
    err_.pipe.assign(err->read);
    out_.open = err_.open = true;
    return ShepherdStdio{numbered_high(in->read), numbered_high(out->write),
                         numbered_high(err->write)};
}

// One terminal: the master is read (out_) and written (in_, a copy, so that each has its own
// descriptor to wait on); the job's stdin, stdout and stderr are all the slave.
Result<ShepherdStdio> InteractiveJob::make_terminal(const wire::RemoteWindow& window) {
    auto terminal = open_terminal(owner_, window);
    if (!terminal) return terminal.error();
    const int writer = ::fcntl(terminal->master, F_DUPFD_CLOEXEC, 0);
    if (writer < 0) {
        const Status failed =
            make_error(std::string("cannot copy the terminal: ") + std::strerror(errno));
        ::close(terminal->master);
        ::close(terminal->slave);
        return failed.error();
    }
    terminal_ = terminal->master;
    in_.assign(writer);
    out_.pipe.assign(terminal->master);
    out_.open = true;
    const int slave = numbered_high(terminal->slave);
    return ShepherdStdio{slave, ::fcntl(slave, F_DUPFD_CLOEXEC, kInteractiveStderr + 1),
                         ::fcntl(slave, F_DUPFD_CLOEXEC, kInteractiveStderr + 1)};
}

Status InteractiveJob::resize(const wire::RemoteWindow& window) {
    if (terminal_ < 0 || finished_) return check_window(window);
    return set_window(terminal_, window);
}

void InteractiveJob::read(Stream& stream, int number) {
    auto self = shared_from_this();
    stream.pipe.async_read_some(
        boost::asio::buffer(stream.buffer), [this, self, &stream, number](auto ec, std::size_t n) {
            if (finished_) return;
            if (ec) {
                stream.open = false;
                return finish_when_drained();
            }
            if (send_) send_(wire::RemoteOutput{number, std::string(stream.buffer.data(), n)});
            read(stream, number);
        });
}

Status InteractiveJob::input(const wire::RemoteInput& input) {
    if (input_ended_) return ok_status();
    if (pending_bytes_ + input.data.size() > kUnreadInputBytes) {
        return make_error("job " + std::to_string(id_) + " left more than " +
                          std::to_string(kUnreadInputBytes >> 20) +
                          " MiB of its standard input unread");
    }
    if (!input.data.empty()) {
        pending_bytes_ += input.data.size();
        pending_input_.push_back(input.data);
    }
    // A terminal stays open at the end of qrsh's input (closing it would hang the job up): the
    // job reads the end of file its terminal makes of the EOF character (^D).
    if (input.end && terminal_ >= 0) {
        termios modes{};
        if (::tcgetattr(terminal_, &modes) == 0 && (modes.c_lflag & ICANON) != 0) {
            pending_input_.emplace_back(1, static_cast<char>(modes.c_cc[VEOF]));
            ++pending_bytes_;
        }
    }
    input_ended_ = input.end;
    write_input();
    return ok_status();
}

void InteractiveJob::write_input() {
    if (writing_ || !in_.is_open()) return;
    if (pending_input_.empty()) {
        if (input_ended_) close_input();
        return;
    }
    writing_ = true;
    auto self = shared_from_this();
    boost::asio::async_write(in_, boost::asio::buffer(pending_input_.front()),
                             [this, self](auto ec, std::size_t) {
                                 writing_ = false;
                                 pending_bytes_ -= pending_input_.front().size();
                                 pending_input_.pop_front();
                                 // A job that closed its stdin takes no more: the rest is dropped.
                                 if (ec) {
                                     pending_input_.clear();
                                     pending_bytes_ = 0;
                                     return close_input();
                                 }
                                 write_input();
                             });
}

void InteractiveJob::close_input() {
    boost::system::error_code ignored;
    in_.close(ignored);
}

void InteractiveJob::detach() {
    send_ = nullptr;
    input_ended_ = true;
    // The piece being written stays until its write returns; the rest is dropped.
    while (pending_input_.size() > (writing_ ? 1 : 0)) {
        pending_bytes_ -= pending_input_.back().size();
        pending_input_.pop_back();
    }
    if (!writing_) close_input();
}

void InteractiveJob::ended(const ExitRecord& exit) {
    exit_ = exit;
    auto self = shared_from_this();
    drain_.expires_after(kDrainGrace);
    drain_.async_wait([this, self](auto ec) {
        if (!ec) finish();
    });
    finish_when_drained();
}

void InteractiveJob::finish_when_drained() {
    if (exit_ && !out_.open && !err_.open) finish();
}

void InteractiveJob::finish() {
    if (finished_) return;
    finished_ = true;
    drain_.cancel();
    boost::system::error_code ignored;
    out_.pipe.close(ignored);
    err_.pipe.close(ignored);
    close_input();
    if (!send_) return;
    wire::RemoteExit done;
    done.exit_status = exit_->exit_status;
    done.signal = exit_->signal;
    if (exit_->failed != 0) done.error = exit_->failure;
    done.user_seconds = exit_->user_seconds;
    done.system_seconds = exit_->system_seconds;
    done.max_rss_kb = exit_->max_rss_kb;
    send_(done);
}

}  // namespace bramble::execd
