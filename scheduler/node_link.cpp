// The TCP side of an execd link, as the scheduler's NodeChannel. Closing is posted rather than done
// inside a message handler, so a connection never tears itself down while it is delivering.
#include "node_link.hpp"

#include <string>

#include <boost/asio/post.hpp>

#include "log.hpp"
#include "wire/codec.hpp"

namespace bramble::scheduler {
namespace {

class TcpNodeChannel : public NodeChannel, public std::enable_shared_from_this<TcpNodeChannel> {
  public:
    explicit TcpNodeChannel(std::shared_ptr<net::TcpConnection> connection)
        : connection_(std::move(connection)), peer_(describe(*connection_)) {}

    void send(const wire::Message& message) override { connection_->send(message); }

    void close(const std::string& why) override {
        log("execd link " + peer_ + (node_.empty() ? "" : " (" + node_ + ")") + " closed: " + why);
        auto connection = connection_;
        boost::asio::post(connection->socket().get_executor(),
                          [connection] { connection->close_after_send(); });
    }

    void on_message(Scheduler& scheduler, wire::Message message) {
        if (!node_.empty()) {
            scheduler.node_message(shared_from_this(), node_, std::move(message));
            return;
        }
        auto* request = std::get_if<wire::RegisterNode>(&message);
        if (request == nullptr) {
            close("the first message was " + std::string(wire::type_name(message)) +
                  ", not register_node");
            return;
        }
        node_ = request->inventory.name;
        scheduler.node_registered(shared_from_this(), std::move(*request));
    }

    void on_closed(Scheduler& scheduler, const std::string& why) {
        if (why.rfind("bad ", 0) == 0 || why.rfind(net::kNotAClusterDaemon, 0) == 0) {
            log("execd link " + peer_ + ": " + why);
        }
        if (!node_.empty()) scheduler.node_link_closed(shared_from_this(), node_, why);
    }

  private:
    static std::string describe(net::TcpConnection& connection) {
        boost::system::error_code error;
        auto endpoint = connection.socket().remote_endpoint(error);
        if (error) return "(unknown peer)";
        return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
    }

    std::shared_ptr<net::TcpConnection> connection_;
    std::string peer_;
    std::string node_;  // set by RegisterNode
};

}  // namespace

void serve_node_link(const std::shared_ptr<net::TcpConnection>& connection, Scheduler& scheduler) {
    auto channel = std::make_shared<TcpNodeChannel>(connection);
    connection->start(
        [channel, &scheduler](wire::Message message) {
            channel->on_message(scheduler, std::move(message));
        },
        [channel, &scheduler](const std::string& why) { channel->on_closed(scheduler, why); });
}

}  // namespace bramble::scheduler
