// load_cluster_config: the file, its top-level keys, and the defaults (see cluster_config.hpp).
// Sections with structure of their own are read in sections.hpp; values are read with their file,
// line and dotted key by yaml_reader.hpp, so every error says where it is.
#include "config/cluster_config.hpp"

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>

#include "config/parallel_environments.hpp"
#include "config/sections.hpp"
#include "config/yaml_reader.hpp"

namespace bramble::config {

namespace {

Status set_string(const Entry& entry, std::string& field) {
    auto value = read_string(entry);
    if (!value) return value.error();
    field = *value;
    return ok_status();
}

Status set_seconds(const Entry& entry, int& field) {
    auto value = read_integer(entry, 1, 3600);
    if (!value) return value.error();
    field = static_cast<int>(*value);
    return ok_status();
}

// A directory the scheduler creates and writes in as root: an absolute path without `..`, so what
// the config names is where it writes.
Status set_directory(const Entry& entry, std::string& field) {
    auto value = read_string(entry);
    if (!value) return value.error();
    const std::filesystem::path path(*value);
    if (!path.is_absolute()) return entry.error("expected an absolute path, got '" + *value + "'");
    for (const auto& part : path) {
        if (part == "..") return entry.error("'..' is not allowed in '" + *value + "'");
    }
    field = *value;
    return ok_status();
}

Status set_managers(const Entry& entry, ClusterConfig& config) {
    if (!entry.value.IsSequence()) return entry.error("expected a list of user names");
    std::vector<std::string> managers;
    for (const auto& item : entry.value) {
        auto name = read_string(Entry{entry.file, entry.key, entry.key_node, item});
        if (!name) return name.error();
        managers.push_back(*name);
    }
    config.managers = std::move(managers);
    return ok_status();
}

// Jobs and array tasks one user may have in the scheduler at once; 0 = no cap.
Status set_max_queued(const Entry& entry, ClusterConfig& config) {
    auto value = read_integer(entry, 0, 10000000);
    if (!value) return value.error();
    config.max_queued_per_user = static_cast<int>(*value);
    return ok_status();
}

Status set_submit_hosts(const Entry& entry, ClusterConfig& config) {
    if (!entry.value.IsSequence()) return entry.error("expected a list of node names");
    std::vector<std::string> hosts;
    for (const auto& item : entry.value) {
        auto name = read_string(Entry{entry.file, entry.key, entry.key_node, item});
        if (!name) return name.error();
        hosts.push_back(*name);
    }
    config.submit_hosts = std::move(hosts);
    return ok_status();
}

Status set_relay_root(const Entry& entry, ClusterConfig& config) {
    auto value = read_bool(entry);
    if (!value) return value.error();
    config.relay_root = *value;
    return ok_status();
}

Status set_backfill(const Entry& entry, ClusterConfig& config) {
    auto value = read_bool(entry);
    if (!value) return value.error();
    config.backfill = *value;
    return ok_status();
}

// An absolute path, or `none` for no mail: the scheduler runs it as root.
Status set_mailer(const Entry& entry, std::string& mailer) {
    auto value = read_string(entry);
    if (!value) return value.error();
    if (*value != "none" && value->front() != '/') {
        return entry.error("expected an absolute path, or none for no mail, got '" + *value + "'");
    }
    mailer = *value == "none" ? "" : *value;
    return ok_status();
}

using Reader = Status (*)(const Entry&, ClusterConfig&);

struct Key {
    std::string_view name;
    Reader read;
};

// In the order etc/cluster.yaml documents them.
constexpr Key kKeys[] = {
    {"cluster_name",
     [](const Entry& e, ClusterConfig& c) { return set_string(e, c.cluster_name); }},
    {"queue", [](const Entry& e, ClusterConfig& c) { return set_string(e, c.queue); }},
    {"listen", [](const Entry& e, ClusterConfig& c) { return set_string(e, c.listen); }},
    {"socket", [](const Entry& e, ClusterConfig& c) { return set_string(e, c.socket); }},
    {"spool", [](const Entry& e, ClusterConfig& c) { return set_string(e, c.spool); }},
    {"cluster_key", [](const Entry& e, ClusterConfig& c) { return set_string(e, c.cluster_key); }},
    {"sge_root", [](const Entry& e, ClusterConfig& c) { return set_directory(e, c.sge_root); }},
    {"mailer", [](const Entry& e, ClusterConfig& c) { return set_mailer(e, c.mailer); }},
    {"managers", set_managers},
    {"heartbeat_seconds",
     [](const Entry& e, ClusterConfig& c) { return set_seconds(e, c.heartbeat_seconds); }},
    {"node_timeout_seconds",
     [](const Entry& e, ClusterConfig& c) { return set_seconds(e, c.node_timeout_seconds); }},
    {"node_lost_seconds",
     [](const Entry& e, ClusterConfig& c) { return set_seconds(e, c.node_lost_seconds); }},
    {"node_error_seconds",
     [](const Entry& e, ClusterConfig& c) { return set_seconds(e, c.node_error_seconds); }},
    {"parallel_environments", read_parallel_environments},
    {"nodes", read_nodes},
    {"queue_limits", read_queue_limits},
    {"backup", read_backup},
    {"fair_share", read_fair_share},
    {"user_limits", read_user_limits},
    {"max_queued_per_user", set_max_queued},
    {"backfill", set_backfill},
    {"submit_hosts", set_submit_hosts},
    {"relay_root", set_relay_root},
};

std::string known_keys() {
    std::string names;
    for (const auto& key : kKeys)
        names += (names.empty() ? "" : ", ") + std::string(key.name);
    return names;
}

Status read_keys(const Entry& root, ClusterConfig& config) {
    return for_each_entry(root, {}, "configuration keys", [&](const Entry& entry) -> Status {
        for (const auto& key : kKeys) {
            if (key.name == entry.key) return key.read(entry, config);
        }
        return entry.key_error("unknown key (known: " + known_keys() + ")");
    });
}

Result<YAML::Node> load_yaml(const std::string& path) {
    try {
        return YAML::LoadFile(path);
    } catch (const YAML::ParserException& parse_error) {
        return make_error(path + ":" + std::to_string(parse_error.mark.line + 1) +
                          ": invalid YAML: " + parse_error.msg);
    } catch (const YAML::Exception& load_error) {
        return make_error(path + ": " + load_error.what());
    }
}

}  // namespace

Result<ClusterConfig> load_cluster_config(const std::string& path, bool explicitly_named) {
    ClusterConfig config;
    config.parallel_environments = default_parallel_environments();
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
        if (!explicitly_named) return config;
        return make_error(path + ": no such configuration file");
    }
    auto root = load_yaml(path);
    if (!root) return root.error();
    if (root->IsNull()) return config;
    if (!root->IsMap()) return make_error(path + ": the configuration must be a map of keys");
    try {
        if (auto ok = read_keys(Entry{path, "", YAML::Node(), *root}, config); !ok) {
            return ok.error();
        }
    } catch (const YAML::Exception& read_error) {
        return make_error(path + ": " + read_error.what());
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
