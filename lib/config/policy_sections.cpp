// `queue_limits:`, `fair_share:` and `user_limits:`: the knobs the planner's policy reads.
#include "config/sections.hpp"

namespace bramble::config {

namespace {

constexpr std::int64_t kMaxCount = 1000000;  // jobs or slots: far beyond any small cluster

Status set_duration(const Entry& entry, std::int64_t& field, bool zero_allowed) {
    auto seconds = read_duration(entry, zero_allowed);
    if (!seconds) return seconds.error();
    field = *seconds;
    return ok_status();
}

Status set_weight(const Entry& entry, double& field) {
    auto weight = read_number(entry, 0);
    if (!weight) return weight.error();
    field = *weight;
    return ok_status();
}

Status set_count(const Entry& entry, int& field) {
    auto count = read_integer(entry, 0, kMaxCount);
    if (!count) return count.error();
    field = static_cast<int>(*count);
    return ok_status();
}

}  // namespace

Status read_queue_limits(const Entry& entry, ClusterConfig& config) {
    QueueLimits limits;
    auto read = for_each_entry(entry, {"default_walltime", "max_walltime", "rerun"},
                               "default_walltime, max_walltime and rerun",
                               [&](const Entry& field) -> Status {
                                   const std::string& key = field.key_node.Scalar();
                                   if (key == "default_walltime") {
                                       return set_duration(field, limits.default_walltime, false);
                                   }
                                   if (key == "rerun") {
                                       auto rerun = read_bool(field);
                                       if (!rerun) return rerun.error();
                                       limits.rerun = *rerun;
                                       return ok_status();
                                   }
                                   return set_duration(field, limits.max_walltime, true);
                               });
    if (!read) return read;
    if (limits.max_walltime > 0 && limits.default_walltime > limits.max_walltime) {
        return entry.key_error("default_walltime (" + std::to_string(limits.default_walltime) +
                               " s) is longer than max_walltime (" +
                               std::to_string(limits.max_walltime) +
                               " s): a job asking for nothing could never run");
    }
    config.queue_limits = limits;
    return ok_status();
}

Status read_backup(const Entry& entry, ClusterConfig& config) {
    BackupConfig backup;
    auto read = for_each_entry(entry, {"every", "dir", "keep"}, "every, dir and keep",
                               [&](const Entry& field) -> Status {
                                   const std::string& key = field.key_node.Scalar();
                                   if (key == "every") {
                                       return set_duration(field, backup.every, false);
                                   }
                                   if (key == "keep") {
                                       auto keep = read_integer(field, 1, 1000);
                                       if (!keep) return keep.error();
                                       backup.keep = static_cast<int>(*keep);
                                       return ok_status();
                                   }
                                   auto dir = read_string(field);
                                   if (!dir) return dir.error();
                                   if (dir->front() != '/') {
                                       return field.error("must be an absolute path");
                                   }
                                   backup.dir = *dir;
                                   return ok_status();
                               });
    if (!read) return read;
    if (backup.every > 0 && backup.dir.empty()) {
        return entry.key_error("names no dir: where should the copies go?");
    }
    config.backup = backup;
    return ok_status();
}

Status read_fair_share(const Entry& entry, ClusterConfig& config) {
    FairShareConfig& share = config.fair_share;
    return for_each_entry(
        entry,
        {"half_life", "weight_priority", "weight_fair_share", "weight_waiting", "waiting_scale"},
        "fair-share settings", [&](const Entry& field) {
            const std::string& key = field.key_node.Scalar();
            if (key == "half_life") return set_duration(field, share.half_life, false);
            if (key == "waiting_scale") return set_duration(field, share.waiting_scale, false);
            if (key == "weight_priority") return set_weight(field, share.weight_priority);
            if (key == "weight_fair_share") return set_weight(field, share.weight_fair_share);
            return set_weight(field, share.weight_waiting);
        });
}

Status read_user_limits(const Entry& entry, ClusterConfig& config) {
    return for_each_entry(
        entry, {}, "limits by user name (\"*\" for everyone)", [&](const Entry& user) -> Status {
            const std::string name = user.key_node.Scalar();
            if (name != "*") {
                if (auto ok = check_name(user, name, "user name", "_.-"); !ok) return ok;
            }
            UserLimitConfig limits;
            auto read = for_each_entry(user, {"max_running_jobs", "max_slots"},
                                       "max_running_jobs and max_slots", [&](const Entry& field) {
                                           if (field.key_node.Scalar() == "max_running_jobs") {
                                               return set_count(field, limits.max_running_jobs);
                                           }
                                           return set_count(field, limits.max_slots);
                                       });
            if (!read) return read;
            config.user_limits[name] = limits;
            return ok_status();
        });
}

}  // namespace bramble::config
