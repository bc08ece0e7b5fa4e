// One qrsh CMD job on this node, as the execd relays it. From StartJob it waits a bounded time for
// its owner's qrsh to attach, once; the attach makes the pipes the shepherd hands the job as its
// stdin, stdout and stderr. Then qrsh's RemoteInput goes into the stdin pipe (at most
// kUnreadInputBytes waiting for a job that does not read), stdout and stderr go out as
// RemoteOutput, and once the job has ended and its pipes are drained (or a few seconds after its
// end: leftovers holding them are killed by the shepherd) the job's exit goes out as RemoteExit.
// With a terminal (qrsh -pty y, qlogin) the job's stdin, stdout and stderr are the slave of a
// pseudo-terminal (terminal.hpp) instead: qrsh's input goes into the master, whatever the master
// gives out goes as stream 1, and the end of qrsh's input is the terminal's end-of-file character.
#pragma once

#include <sys/types.h>

#include <array>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "execd/launch.hpp"
#include "model/job.hpp"
#include "wire/messages.hpp"

namespace bramble::execd {

inline constexpr std::size_t kUnreadInputBytes = std::size_t{16} << 20;

class InteractiveJob : public std::enable_shared_from_this<InteractiveJob> {
  public:
    using Send = std::function<void(const wire::Message&)>;

    InteractiveJob(boost::asio::io_context& io, JobId id, uid_t owner);
    ~InteractiveJob();
    InteractiveJob(const InteractiveJob&) = delete;
    InteractiveJob& operator=(const InteractiveJob&) = delete;

    [[nodiscard]] JobId id() const { return id_; }
    [[nodiscard]] uid_t owner() const { return owner_; }
    [[nodiscard]] bool attached() const { return static_cast<bool>(send_); }

    // Makes the pipes, or the terminal of `window`'s size with `pty`, and starts relaying to
    // `send`; returns the job's ends for the shepherd, which the caller closes once the shepherd
    // has them.
    Result<ShepherdStdio> attach(Send send, bool pty, const wire::RemoteWindow& window);
    // qrsh's window changed: the terminal's size follows (nothing for a job without one).
    Status resize(const wire::RemoteWindow& window);
    // qrsh's standard input; an error when more is waiting than the job has read.
    Status input(const wire::RemoteInput& input);
    // The job ended with `exit`: RemoteExit follows once stdout and stderr are drained.
    void ended(const ExitRecord& exit);
    // qrsh went away: nothing more is sent, and stdin is closed.
    void detach();

  private:
    struct Stream {
        explicit Stream(boost::asio::io_context& io) : pipe(io) {}
        boost::asio::posix::stream_descriptor pipe;
        std::array<char, 16384> buffer{};
        bool open = false;
    };

    void read(Stream& stream, int number);
    Result<ShepherdStdio> make_pipes();
    Result<ShepherdStdio> make_terminal(const wire::RemoteWindow& window);
    void write_input();
    void close_input();
    void finish_when_drained();
    void finish();

    JobId id_;
    uid_t owner_;
    Send send_;
    boost::asio::posix::stream_descriptor in_;
    Stream out_;
    Stream err_;
    std::deque<std::string> pending_input_;
    std::size_t pending_bytes_ = 0;
    bool writing_ = false;
    bool input_ended_ = false;
    int terminal_ = -1;  // the master of the job's terminal (owned by out_), or -1
    std::optional<ExitRecord> exit_;
    bool finished_ = false;
    boost::asio::steady_timer drain_;  // the bound on draining stdout and stderr after the end
};

}  // namespace bramble::execd
