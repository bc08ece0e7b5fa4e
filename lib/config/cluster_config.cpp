#include "config/cluster_config.hpp"

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>

namespace bramble::config {

namespace {

std::string where(const std::string& path, const YAML::Node& node, const std::string& key) {
    return path + ":" + std::to_string(node.Mark().line + 1) + ": key '" + key + "': ";
}

// Reads one scalar into `out`, or says which key in which file and line was wrong.
template <class T>
Status read_scalar(const std::string& path, const std::string& key, const YAML::Node& node,
                   T& out) {
    try {
        out = node.as<T>();
        return ok_status();
    } catch (const YAML::Exception&) {
        return make_error(where(path, node, key) + "expected " +
                          (std::is_same_v<T, std::string> ? "a string" : "a whole number"));
    }
}

Status read_positive(const std::string& path, const std::string& key, const YAML::Node& node,
                     int& out) {
    if (auto status = read_scalar(path, key, node, out); !status) return status;
    if (out <= 0 || out > 3600)
        return make_error(where(path, node, key) + "must be 1..3600 seconds");
    return ok_status();
}

Status read_list(const std::string& path, const std::string& key, const YAML::Node& node,
                 std::vector<std::string>& out) {
    if (!node.IsSequence())
        return make_error(where(path, node, key) + "expected a list of user names");
    out.clear();
    for (const auto& item : node) {
        std::string name;
        if (auto status = read_scalar(path, key, item, name); !status) return status;
        out.push_back(name);
    }
    return ok_status();
}

using KeyReader = std::function<Status(const std::string&, const YAML::Node&, ClusterConfig&)>;

const std::map<std::string, KeyReader>& key_readers() {
    static const std::map<std::string, KeyReader> readers = {
        {"cluster_name", [](auto& p, auto& n,
                            auto& c) { return read_scalar(p, "cluster_name", n, c.cluster_name); }},
        {"queue", [](auto& p, auto& n, auto& c) { return read_scalar(p, "queue", n, c.queue); }},
        {"listen", [](auto& p, auto& n, auto& c) { return read_scalar(p, "listen", n, c.listen); }},
        {"socket", [](auto& p, auto& n, auto& c) { return read_scalar(p, "socket", n, c.socket); }},
        {"spool", [](auto& p, auto& n, auto& c) { return read_scalar(p, "spool", n, c.spool); }},
        {"managers",
         [](auto& p, auto& n, auto& c) { return read_list(p, "managers", n, c.managers); }},
        {"heartbeat_seconds",
         [](auto& p, auto& n, auto& c) {
             return read_positive(p, "heartbeat_seconds", n, c.heartbeat_seconds);
         }},
        {"node_timeout_seconds",
         [](auto& p, auto& n, auto& c) {
             return read_positive(p, "node_timeout_seconds", n, c.node_timeout_seconds);
         }},
    };
    return readers;
}

std::string known_keys() {
    std::string names;
    for (const auto& [name, reader] : key_readers())
        names += (names.empty() ? "" : ", ") + name;
    return names;
}

}  // namespace

Result<ClusterConfig> load_cluster_config(const std::string& path, bool explicitly_named) {
    ClusterConfig config;
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
        if (!explicitly_named) return config;
        return make_error(path + ": no such configuration file");
    }
    YAML::Node root;
    try {
        root = YAML::LoadFile(path);
    } catch (const YAML::ParserException& parse_error) {
        return make_error(path + ":" + std::to_string(parse_error.mark.line + 1) + ": " +
                          parse_error.msg);
    } catch (const YAML::Exception& load_error) {
        return make_error(path + ": " + load_error.what());
    }
    if (root.IsNull()) return config;
    if (!root.IsMap()) return make_error(path + ": the configuration must be a map of keys");
    for (const auto& entry : root) {
        const auto key = entry.first.as<std::string>();
        const auto reader = key_readers().find(key);
        if (reader == key_readers().end()) {
            return make_error(where(path, entry.first, key) +
                              "unknown key (known: " + known_keys() + ")");
        }
        if (auto status = reader->second(path, entry.second, config); !status)
            return status.error();
    }
    return config;
}

std::string default_spool_dir() {
    if (::geteuid() == 0) return "/var/lib/bramble";
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state) {
        return std::string(state) + "/bramble";
    }
    const char* home = std::getenv("HOME");
    return std::string(home ? home : "/tmp") + "/.local/state/bramble";
}

std::string default_socket_path() {
    if (::geteuid() == 0) return "/run/bramble/scheduler.sock";
    if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && *runtime) {
        return std::string(runtime) + "/bramble/scheduler.sock";
    }
    return default_spool_dir() + "/scheduler.sock";
}

}  // namespace bramble::config
