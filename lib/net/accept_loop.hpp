// An accept loop on Asio that a flood cannot turn into a spin. When accept() fails for want of
// files, the connections waiting in the backlog are taken with a spare descriptor and refused at
// once (the owner says why to each), and the loop pauses (AcceptBackoff), saying so once per
// episode in the log. Every accepted socket goes to the owner, which decides whether to keep it.
#pragma once

#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <string>
#include <utility>  // before Asio, which uses std::exchange without including it

#include <boost/asio/steady_timer.hpp>

#include "net/accept_backoff.hpp"
#include "net/connection_caps.hpp"
#include "net/spare_descriptor.hpp"

namespace bramble::net {

// How many waiting connections one refusal round takes out of the backlog, so that a long backlog
// does not hold the daemon's only thread.
inline constexpr int kRefusedPerRound = 64;

template <class Acceptor>
class AcceptLoop {
  public:
    using Socket = typename Acceptor::protocol_type::socket;
    using Serve = std::function<void(Socket)>;
    // Told a connection that cannot be kept for want of files: say why on `fd` (without waiting);
    // the loop closes it.
    using Refuse = std::function<void(int fd, const std::string& why)>;
    using Log = std::function<void(const std::string&)>;

    // `where` names the door in the log ("client socket"); the acceptor must outlive the loop.
    AcceptLoop(Acceptor& acceptor, std::string where, Log log, Serve serve, Refuse refuse)
        : acceptor_(acceptor),
          backoff_(std::move(where)),
          pause_(acceptor.get_executor()),
          log_(std::move(log)),
          serve_(std::move(serve)),
          refuse_(std::move(refuse)) {}

    void start() {
        // The refusals below call accept() directly, which must not block on an empty backlog.
        boost::system::error_code ignored;
        acceptor_.non_blocking(true, ignored);
        accept();
    }

  private:
    void accept() {
        acceptor_.async_accept([this](const boost::system::error_code& error, Socket socket) {
            if (error == boost::asio::error::operation_aborted) return;  // we are gone
            if (error) return failed(error.value());
            if (auto line = backoff_.accepted()) log_(*line);
            serve_(std::move(socket));
            accept();
        });
    }

    void failed(int error) {
        const std::size_t limit = open_files_limit();
        if (out_of_files(error)) refuse_waiting(limit);
        auto pause = backoff_.failed(error, limit);
        if (pause.log) log_(*pause.log);
        pause_.expires_after(pause.delay);
        pause_.async_wait([this](const boost::system::error_code& waited) {
            if (!waited) accept();
        });
    }

    void refuse_waiting(std::size_t limit) {
        const std::string why =
            "out of file descriptors (its limit is " + std::to_string(limit) + "); try again later";
        spare_.release();
        for (int i = 0; i < kRefusedPerRound; ++i) {
            const int fd = ::accept4(acceptor_.native_handle(), nullptr, nullptr,
                                     SOCK_CLOEXEC | SOCK_NONBLOCK);
            if (fd < 0) break;
            refuse_(fd, why);
            ::close(fd);
        }
        spare_.restore();
    }

    Acceptor& acceptor_;
    AcceptBackoff backoff_;
    SpareDescriptor spare_;
    boost::asio::steady_timer pause_;
    Log log_;
    Serve serve_;
    Refuse refuse_;
};

}  // namespace bramble::net
