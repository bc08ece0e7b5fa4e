// bramble-scheduler, the head node's daemon: reads the command line and the cluster config, opens
// the spool, restores the state, opens both sockets and runs the one event loop on one thread.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <boost/asio.hpp>

#include "allocator.hpp"
#include "auth/cluster_key.hpp"
#include "config/cluster_config.hpp"
#include "listener.hpp"
#include "log.hpp"
#include "scheduler.hpp"
#include "spool_backups.hpp"
#include "store/spool.hpp"
#include "store/spool_backup.hpp"

namespace {

using namespace bramble;
using namespace bramble::scheduler;

struct Options {
    std::string config = "/etc/bramble/cluster.yaml";
    bool config_named = false;
    std::string spool;
    std::string socket;
    std::string listen;
    std::string cluster_key;
    std::string port_file;
    std::string backup_to;     // --backup FILE: copy the spool and exit
    std::string restore_from;  // --restore FILE: replace the spool with a copy and exit
};

std::string first_set(const std::string& a, const std::string& b) {
    return a.empty() ? b : a;
}

Result<std::unique_ptr<store::Spool>> open_spool(const std::string& directory) {
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error) {
        return make_error("cannot create the spool directory " + directory + ": " +
                          error.message());
    }
    return store::Spool::open(directory + "/scheduler.db");
}

// Written under a temporary name and renamed, so a reader never sees a half-written port.
Status write_port_file(const std::string& path, unsigned short port) {
    const std::string temporary = path + ".tmp." + std::to_string(getpid());
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << port << '\n';
        if (!out.flush()) return make_error("cannot write the port file " + temporary);
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error)
        return make_error("cannot rename " + temporary + " to " + path + ": " + error.message());
    return ok_status();
}

void tick_every_second(boost::asio::steady_timer& timer, Scheduler& scheduler) {
    timer.expires_after(std::chrono::seconds(1));
    timer.async_wait([&timer, &scheduler](const boost::system::error_code& error) {
        if (error) return;
        scheduler.tick();
        tick_every_second(timer, scheduler);
    });
}

// SIGHUP: the config file read again. One that does not load is refused, with the reason, and the
// config in force stays.
void reload_on_hangup(boost::asio::signal_set& hangups, Scheduler& scheduler,
                      const Options& options) {
    hangups.async_wait(
        [&hangups, &scheduler, &options](const boost::system::error_code& error, int /*signal*/) {
            if (error) return;
            auto next = config::load_cluster_config(options.config, options.config_named);
            if (next) {
                scheduler.reload_config(std::move(*next));
            } else {
                log("bramble-scheduler: SIGHUP: the config was not reloaded and the one in force "
                    "stays: " +
                    next.message());
            }
            reload_on_hangup(hangups, scheduler, options);
        });
}

int fail(const std::string& why) {
    log("bramble-scheduler: " + why);
    return 1;
}

// --backup and --restore: one operation on the spool's database, said on stdout, then exit.
int maintain_spool(const Options& options, const std::string& spool_dir) {
    const std::string db = spool_dir + "/scheduler.db";
    if (!options.backup_to.empty()) {
        if (auto copied = store::backup_spool(db, options.backup_to); !copied) {
            return fail(copied.message());
        }
        std::printf("copied the spool %s to %s\n", db.c_str(), options.backup_to.c_str());
        return 0;
    }
    auto restored = store::restore_spool(options.restore_from, db);
    if (!restored) return fail(restored.message());
    std::printf("%s\n", restored->c_str());
    return 0;
}

int run(const Options& options) {
    auto config = config::load_cluster_config(options.config, options.config_named);
    if (!config) return fail(config.message());
    const std::string spool_dir =
        first_set(options.spool, first_set(config->spool, config::default_spool_dir()));
    if (!options.backup_to.empty() || !options.restore_from.empty()) {
        return maintain_spool(options, spool_dir);
    }
    const std::string socket =
        first_set(options.socket, first_set(config->socket, config::default_socket_path()));
    const std::string listen = first_set(options.listen, config->listen);
    const std::string key_path =
        first_set(options.cluster_key, first_set(config->cluster_key, auth::default_key_path()));
    auto key = auth::ClusterKey::load(key_path);
    if (!key) return fail(key.message());

    auto spool = open_spool(spool_dir);
    if (!spool) return fail(spool.message());
    config->sge_root = first_set(config->sge_root, spool_dir + "/sge_root");
    boost::asio::io_context io;
    Scheduler scheduler(io, *config, std::move(*spool));
    auto clients = ClientListener::open(io, socket, scheduler);  // first: refuses a second daemon
    if (!clients) return fail(clients.message());
    if (auto restored = scheduler.restore(); !restored) return fail(restored.message());
    auto nodes = NodeListener::open(io, listen, scheduler, std::move(*key));
    if (!nodes) return fail(nodes.message());
    if (!options.port_file.empty()) {
        if (auto written = write_port_file(options.port_file, (*nodes)->port()); !written) {
            return fail(written.message());
        }
    }
    log("bramble-scheduler: spool " + spool_dir + ", clients on " + socket + ", execds on port " +
        std::to_string((*nodes)->port()) + ", accounting file " + config->sge_root +
        "/default/common/accounting");

    SpoolBackups backups(io, spool_dir + "/scheduler.db", config->backup);
    backups.start();

    boost::asio::steady_timer ticker(io);
    tick_every_second(ticker, scheduler);
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& error, int signal) {
        if (error) return;
        log("bramble-scheduler: signal " + std::to_string(signal) + ", stopping");
        scheduler.flush();
        io.stop();
    });
    boost::asio::signal_set hangups(io, SIGHUP);
    reload_on_hangup(hangups, scheduler, options);
    io.run();
    scheduler.flush();
    log("bramble-scheduler: stopped");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    (void)std::signal(SIGPIPE, SIG_IGN);
    // A SIGHUP while the spool is restored must not kill the daemon; the loop's handler reloads.
    (void)std::signal(SIGHUP, SIG_IGN);
    keep_freed_memory();
    CLI::App app{"bramble-scheduler: the head node's daemon (queue, nodes, dispatch, accounting)"};
    Options options;
    app.add_option("--config", options.config, "cluster configuration (YAML)");
    app.add_option("--spool", options.spool, "spool directory (overrides the config)");
    app.add_option("--socket", options.socket, "Unix socket for qsub, qstat, qdel, qhost");
    app.add_option("--listen", options.listen, "HOST:PORT for execd links (port 0: any free port)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.add_option("--port-file", options.port_file, "write the bound execd port to this file");
    app.add_option("--cluster-key", options.cluster_key,
                   "the secret all daemons share (default: /etc/bramble/cluster.key as root)");
    auto* backup = app.add_option("--backup", options.backup_to,
                                  "copy the spool's database to FILE (safe while a scheduler "
                                  "runs) and exit");
    app.add_option("--restore", options.restore_from,
                   "replace the spool's database with the copy FILE (the scheduler must be "
                   "stopped) and exit")
        ->excludes(backup);
    CLI11_PARSE(app, argc, argv);
    options.config_named = app.count("--config") > 0;
    return run(options);
}
