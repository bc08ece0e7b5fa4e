#include "net/stale_socket.hpp"

#include <sys/un.h>

#include <filesystem>
#include <system_error>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>

namespace bramble::net {

bool someone_answers(const std::string& path) {
    boost::asio::io_context io;
    boost::asio::local::stream_protocol::socket probe(io);
    boost::system::error_code error;
    probe.connect(boost::asio::local::stream_protocol::endpoint(path), error);
    return !error;
}

Result<bool> clear_stale_socket(const std::string& path, std::string_view option) {
    namespace fs = std::filesystem;
    const std::string flag(option);
    if (path.empty() || path.size() >= sizeof(sockaddr_un::sun_path)) {
        return make_error(flag + " \"" + path + "\" is empty or longer than " +
                          std::to_string(sizeof(sockaddr_un::sun_path) - 1) + " bytes");
    }
    std::error_code error;
    const auto status = fs::symlink_status(path, error);
    if (!fs::exists(status)) return false;
    if (!fs::is_socket(status)) {
        return make_error(path + " exists and is not a socket; remove it or choose another " +
                          flag);
    }
    if (someone_answers(path)) {
        return make_error("another daemon already answers on " + path + "; stop it or give " +
                          flag + " another path");
    }
    fs::remove(path, error);
    if (error) return make_error("cannot remove the stale socket " + path + ": " + error.message());
    return true;
}

}  // namespace bramble::net
