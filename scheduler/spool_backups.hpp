// The scheduler's own backups of its spool (`backup:` in cluster.yaml): every `every` seconds a
// consistent copy with SQLite's online backup, named by its time, and only the newest `keep`
// kept. Restoring one is `bramble-scheduler --restore FILE` (README: Backups).
#pragma once

#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "config/cluster_config.hpp"

namespace bramble::scheduler {

class SpoolBackups {
  public:
    SpoolBackups(boost::asio::io_context& io, std::string db_path, config::BackupConfig config);
    // Takes the first copy after `every` seconds, then one each `every` seconds.
    void start();

  private:
    void arm();
    void take_one();
    void drop_old() const;

    boost::asio::steady_timer timer_;
    std::string db_path_;
    config::BackupConfig config_;
};

}  // namespace bramble::scheduler
