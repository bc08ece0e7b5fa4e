// One qrsh -inherit command running on this node, from start to its RemoteExit: reads its stdout
// and stderr pipes and sends each piece as RemoteOutput; once it has been reaped and its pipes are
// drained (leftovers of its process group are killed at its end), sends RemoteExit. Killing it
// (the requester went away, the job ended) is SIGTERM to its process group and every descendant,
// then SIGKILL.
#pragma once

#include <sys/types.h>

#include <array>
#include <functional>
#include <memory>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "execd/remote_command.hpp"
#include "wire/messages.hpp"

namespace bramble::execd {

class RunningCommand : public std::enable_shared_from_this<RunningCommand> {
  public:
    using Send = std::function<void(const wire::Message&)>;

    // `send` takes the output and, last, the RemoteExit; `done` runs after that.
    RunningCommand(boost::asio::io_context& io, JobId job, StartedCommand started, Send send,
                   std::function<void()> done);

    void start();
    // The command was reaped; `exit` carries its status and usage.
    void exited(wire::RemoteExit exit);
    void kill();

    [[nodiscard]] JobId job() const { return job_; }
    [[nodiscard]] pid_t pid() const { return pid_; }

  private:
    struct Stream {
        explicit Stream(boost::asio::io_context& io, int fd) : pipe(io, fd) {}
        boost::asio::posix::stream_descriptor pipe;
        std::array<char, 16384> buffer{};
        bool open = true;
    };

    void read(Stream& stream, int number);
    void finish_when_drained();
    void remember_tree();
    void signal_all(int sig);
    void finish();

    JobId job_;
    pid_t pid_;
    Stream out_;
    Stream err_;
    Send send_;
    std::function<void()> done_;
    boost::asio::steady_timer timer_;  // SIGKILL after SIGTERM; the bound on draining after exit
    std::vector<pid_t> tree_;          // descendants seen when it was told to stop
    bool exited_ = false;
    bool finished_ = false;
    wire::RemoteExit exit_;
};

}  // namespace bramble::execd
