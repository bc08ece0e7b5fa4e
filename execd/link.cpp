// Asio plumbing of the scheduler link (see link.hpp). Single-threaded: every handler runs on the
// one io_context thread.
#include "execd/link.hpp"

#include <algorithm>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>

#include "execd/log.hpp"
#include "wire/codec.hpp"

namespace bramble::execd {

namespace {
constexpr std::chrono::milliseconds kFirstRetry{200};
constexpr std::chrono::milliseconds kLastRetry{5000};
}  // namespace

using boost::asio::ip::tcp;

SchedulerLink::SchedulerLink(boost::asio::io_context& io, std::string host, std::string port,
                             auth::ClusterKey key, Handlers handlers)
    : host_(std::move(host)),
      port_(std::move(port)),
      key_(std::move(key)),
      handlers_(std::move(handlers)),
      resolver_(io),
      socket_(io),
      retry_(io),
      backoff_(kFirstRetry) {}

std::string SchedulerLink::local_address() const {
    boost::system::error_code ec;
    const auto endpoint = socket_.local_endpoint(ec);
    return ec ? std::string() : endpoint.address().to_string();
}

void SchedulerLink::start() {
    connect();
}

void SchedulerLink::connect() {
    const auto generation = generation_;
    resolver_.async_resolve(
        host_, port_, [this, generation](auto ec, tcp::resolver::results_type found) {
            if (generation != generation_) return;
            if (ec) {
                log("cannot resolve scheduler " + address() + ": " + ec.message());
                retry_later();
                return;
            }
            boost::asio::async_connect(socket_, found, [this, generation](auto error, const auto&) {
                if (generation != generation_) return;
                if (error) {
                    socket_.close();
                    retry_later();
                    return;
                }
                auth_.emplace(key_, auth::SessionAuth::Side::Connecting);
                // JobStarted and JobFinished follow each other within milliseconds and get no
                // reply; Nagle would hold the second until the delayed ACK of the first (~40 ms).
                boost::system::error_code ignored;
                socket_.set_option(tcp::no_delay(true), ignored);
                read();
                // A scheduler that does not prove the key in time is left as one that fails it.
                retry_.expires_after(auth::kHandshakeTime);
                retry_.async_wait([this, generation](auto expired) {
                    if (expired || generation != generation_ || connected_) return;
                    close("the scheduler at " + address() +
                          " did not prove the cluster key within " +
                          std::to_string(auth::kHandshakeTime.count()) + " s");
                });
            });
        });
}

void SchedulerLink::retry_later() {
    retry_.expires_after(backoff_);
    backoff_ = std::min(backoff_ * 2, kLastRetry);
    const auto generation = generation_;
    retry_.async_wait([this, generation](auto ec) {
        if (!ec && generation == generation_) connect();
    });
}

void SchedulerLink::send(const wire::Message& message) {
    if (!connected_) return;
    queue_frame(auth_->seal(wire::encode(message)));
}

void SchedulerLink::queue_frame(std::string_view body) {
    outbox_.push_back(wire::frame(body));
    if (!writing_) write_next();
}

void SchedulerLink::write_next() {
    if (outbox_.empty()) {
        writing_ = false;
        return;
    }
    writing_ = true;
    const auto generation = generation_;
    boost::asio::async_write(socket_, boost::asio::buffer(outbox_.front()),
                             [this, generation](auto ec, std::size_t) {
                                 if (generation != generation_) return;
                                 if (ec) {
                                     close("cannot write to the scheduler: " + ec.message());
                                     return;
                                 }
                                 outbox_.pop_front();
                                 write_next();
                             });
}

void SchedulerLink::read() {
    const auto generation = generation_;
    socket_.async_read_some(boost::asio::buffer(buffer_), [this, generation](auto ec,
                                                                             std::size_t n) {
        if (generation != generation_) return;
        if (ec) {
            std::string why = ec == boost::asio::error::eof ? "the scheduler closed the connection"
                                                            : "lost the scheduler: " + ec.message();
            if (!connected_) {
                why +=
                    " before the two daemons had proved the cluster key to each other (do"
                    " they use the same key?)";
            }
            close(why);
            return;
        }
        decoder_.feed(std::string_view(buffer_.data(), n));
        take_frames();
        if (generation == generation_) read();
    });
}

void SchedulerLink::take_frames() {
    const auto generation = generation_;
    while (generation == generation_) {
        auto body = decoder_.next();
        if (!body) {
            close("bad frame from the scheduler: " + body.message());
            return;
        }
        if (!body->has_value()) return;
        if (!take_signed(**body)) continue;
        auto message = wire::decode(**body);
        if (!message) {
            close("undecodable message from the scheduler: " + message.message());
            return;
        }
        backoff_ = kFirstRetry;  // the scheduler is speaking sense: a later loss retries quickly
        handlers_.message(std::move(*message));
    }
}

// The handshake, then each message's signature; true when `body` holds a checked message.
bool SchedulerLink::take_signed(std::string& body) {
    const auto generation = generation_;
    auto received = auth_->receive(std::move(body));
    if (!received) {
        close("the scheduler at " + address() + " failed authentication: " + received.message());
        return false;
    }
    for (const std::string& reply : received->replies)
        queue_frame(reply);
    if (received->became_ready) {
        decoder_.set_max_body(wire::kMaxFrameBytes);  // the scheduler has proved the key
        connected_ = true;
        log("connected to scheduler " + address());
        handlers_.connected();
        if (generation != generation_) return false;
    }
    if (!received->message) return false;
    body = std::move(*received->message);
    return true;
}

void SchedulerLink::close(const std::string& why) {
    log(why + "; reconnecting");
    ++generation_;
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    connected_ = false;
    writing_ = false;
    outbox_.clear();
    decoder_ = wire::FrameDecoder(wire::kMaxUnprovenFrameBytes);
    auth_.reset();
    handlers_.disconnected();
    retry_later();
}

}  // namespace bramble::execd
