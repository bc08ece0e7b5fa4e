// JSON forms of the model's plain data. Decoding is lenient about absence and strict about type: a
// missing field keeps the struct's default (so documents written by an older bramble still load),
// while a field of the wrong type throws, because guessing would silently change a job.
#include "wire/json_model.hpp"

#include <nlohmann/json.hpp>
#include <string>

#include "model/job_state.hpp"

namespace bramble {
namespace {

using nlohmann::json;

void require_object(const json& in, const char* what) {
    if (!in.is_object()) {
        throw json::type_error::create(
            302, std::string(what) + " must be an object, not " + in.type_name(), &in);
    }
}

// Reads `key` into `field` when present; absent or null leaves the default in place.
template <class T>
void read(const json& in, const char* key, T& field) {
    const auto it = in.find(key);
    if (it != in.end() && !it->is_null()) it->get_to(field);
}

// States are stored by name so that reordering the enum never changes what a spool row means.
void read_state(const json& in, JobState& state) {
    const auto it = in.find("state");
    if (it == in.end() || it->is_null()) return;
    const auto name = it->get<std::string>();
    const auto known = job_state_from_string(name);
    if (!known) throw json::other_error::create(501, "unknown job state \"" + name + "\"", &in);
    state = *known;
}

}  // namespace

void to_json(json& out, const JobSpec& spec) {
    out = json{{"name", spec.name},
               {"binary", spec.binary},
               {"script", spec.script},
               {"script_path", spec.script_path},
               {"args", spec.args},
               {"shell", spec.shell},
               {"workdir", spec.workdir},
               {"stdout_path", spec.stdout_path},
               {"stderr_path", spec.stderr_path},
               {"join", spec.join},
               {"env", spec.env},
               {"slots", spec.slots},
               {"slots_max", spec.slots_max},
               {"pe", spec.pe},
               {"memory_per_slot", spec.memory_per_slot},
               {"memory_per_job", spec.memory_per_job},
               {"walltime", spec.walltime},
               {"nodes", spec.nodes},
               {"queue", spec.queue},
               {"resources", spec.resources},
               {"job_resources", spec.job_resources},
               {"labels", spec.labels},
               {"exclusive", spec.exclusive},
               {"gpio", spec.gpio},
               {"task_first", spec.task_first},
               {"task_last", spec.task_last},
               {"task_step", spec.task_step},
               {"max_running_tasks", spec.max_running_tasks},
               {"hold_jids", spec.hold_jids},
               {"after_ok", spec.after_ok},
               {"hold_jids_by_task", spec.hold_jids_by_task},
               {"hold", spec.hold},
               {"immediate", spec.immediate},
               {"interactive", spec.interactive},
               {"rerun", spec.rerun},
               {"priority", spec.priority},
               {"account", spec.account},
               {"project", spec.project},
               {"mail_events", spec.mail_events},
               {"mail_list", spec.mail_list},
               {"submit_host", spec.submit_host},
               {"submit_env", spec.submit_env}};
}

void from_json(const json& in, JobSpec& spec) {
    require_object(in, "a job spec");
    read(in, "name", spec.name);
    read(in, "binary", spec.binary);
    read(in, "script", spec.script);
    read(in, "script_path", spec.script_path);
    read(in, "args", spec.args);
    read(in, "shell", spec.shell);
    read(in, "workdir", spec.workdir);
    read(in, "stdout_path", spec.stdout_path);
    read(in, "stderr_path", spec.stderr_path);
    read(in, "join", spec.join);
    read(in, "env", spec.env);
    read(in, "slots", spec.slots);
    read(in, "slots_max", spec.slots_max);
    read(in, "pe", spec.pe);
    read(in, "memory_per_slot", spec.memory_per_slot);
    read(in, "memory_per_job", spec.memory_per_job);
    read(in, "walltime", spec.walltime);
    read(in, "nodes", spec.nodes);
    read(in, "queue", spec.queue);
    read(in, "resources", spec.resources);
    read(in, "job_resources", spec.job_resources);
    read(in, "labels", spec.labels);
    read(in, "exclusive", spec.exclusive);
    read(in, "gpio", spec.gpio);
    read(in, "task_first", spec.task_first);
    read(in, "task_last", spec.task_last);
    read(in, "task_step", spec.task_step);
    read(in, "max_running_tasks", spec.max_running_tasks);
    read(in, "hold_jids", spec.hold_jids);
    read(in, "after_ok", spec.after_ok);
    read(in, "hold_jids_by_task", spec.hold_jids_by_task);
    read(in, "hold", spec.hold);
    read(in, "immediate", spec.immediate);
    read(in, "interactive", spec.interactive);
    read(in, "rerun", spec.rerun);
    read(in, "priority", spec.priority);
    read(in, "account", spec.account);
    read(in, "project", spec.project);
    read(in, "mail_events", spec.mail_events);
    read(in, "mail_list", spec.mail_list);
    read(in, "submit_host", spec.submit_host);
    read(in, "submit_env", spec.submit_env);
}

void to_json(json& out, const Owner& owner) {
    out =
        json{{"uid", owner.uid}, {"gid", owner.gid}, {"user", owner.user}, {"group", owner.group}};
}

void from_json(const json& in, Owner& owner) {
    require_object(in, "an owner");
    read(in, "uid", owner.uid);
    read(in, "gid", owner.gid);
    read(in, "user", owner.user);
    read(in, "group", owner.group);
}

void to_json(json& out, const ExitRecord& exit) {
    out = json{{"exit_status", exit.exit_status},
               {"signal", exit.signal},
               {"failed", exit.failed},
               {"failure", exit.failure},
               {"wall_seconds", exit.wall_seconds},
               {"user_seconds", exit.user_seconds},
               {"system_seconds", exit.system_seconds},
               {"max_rss_kb", exit.max_rss_kb},
               {"minor_faults", exit.minor_faults},
               {"major_faults", exit.major_faults},
               {"blocks_in", exit.blocks_in},
               {"blocks_out", exit.blocks_out},
               {"voluntary_switches", exit.voluntary_switches},
               {"involuntary_switches", exit.involuntary_switches},
               {"start_time", exit.start_time},
               {"end_time", exit.end_time},
               {"host", exit.host}};
}

void from_json(const json& in, ExitRecord& exit) {
    require_object(in, "an exit record");
    read(in, "exit_status", exit.exit_status);
    read(in, "signal", exit.signal);
    read(in, "failed", exit.failed);
    read(in, "failure", exit.failure);
    read(in, "wall_seconds", exit.wall_seconds);
    read(in, "user_seconds", exit.user_seconds);
    read(in, "system_seconds", exit.system_seconds);
    read(in, "max_rss_kb", exit.max_rss_kb);
    read(in, "minor_faults", exit.minor_faults);
    read(in, "major_faults", exit.major_faults);
    read(in, "blocks_in", exit.blocks_in);
    read(in, "blocks_out", exit.blocks_out);
    read(in, "voluntary_switches", exit.voluntary_switches);
    read(in, "involuntary_switches", exit.involuntary_switches);
    read(in, "start_time", exit.start_time);
    read(in, "end_time", exit.end_time);
    read(in, "host", exit.host);
}

void to_json(json& out, const NodeGrant& grant) {
    out = json{{"node", grant.node},
               {"cores", grant.cores},
               {"memory", grant.memory},
               {"consumables", grant.consumables},
               {"gpio", grant.gpio}};
}

void from_json(const json& in, NodeGrant& grant) {
    require_object(in, "a node grant");
    read(in, "node", grant.node);
    read(in, "cores", grant.cores);
    read(in, "memory", grant.memory);
    read(in, "consumables", grant.consumables);
    read(in, "gpio", grant.gpio);
}

void to_json(json& out, const Allocation& allocation) {
    out = json{{"grants", allocation.grants}, {"exclusive", allocation.exclusive}};
}

void from_json(const json& in, Allocation& allocation) {
    require_object(in, "an allocation");
    read(in, "grants", allocation.grants);
    read(in, "exclusive", allocation.exclusive);
}

void to_json(json& out, const Job& job) {
    out = json{{"id", job.id},
               {"spec", job.spec},
               {"owner", job.owner},
               {"state", std::string(to_string(job.state))},
               {"submit_time", job.submit_time},
               {"start_time", job.start_time},
               {"end_time", job.end_time},
               {"allocation", job.allocation},
               {"exit", job.exit},
               {"deleted", job.deleted},
               {"deleted_by", job.deleted_by},
               {"error_reason", job.error_reason},
               {"token", job.token},
               {"waiting_for", job.waiting_for},
               {"after_ok", job.after_ok},
               {"hold_reason", job.hold_reason},
               {"abandoned_on", job.abandoned_on},
               {"setup_failures", job.setup_failures}};
}

void from_json(const json& in, Job& job) {
    require_object(in, "a job");
    read(in, "id", job.id);
    read(in, "spec", job.spec);
    read(in, "owner", job.owner);
    read_state(in, job.state);
    read(in, "submit_time", job.submit_time);
    read(in, "start_time", job.start_time);
    read(in, "end_time", job.end_time);
    read(in, "allocation", job.allocation);
    read(in, "exit", job.exit);
    read(in, "deleted", job.deleted);
    read(in, "deleted_by", job.deleted_by);
    read(in, "waiting_for", job.waiting_for);
    read(in, "after_ok", job.after_ok);
    read(in, "hold_reason", job.hold_reason);
    read(in, "error_reason", job.error_reason);
    read(in, "token", job.token);
    read(in, "abandoned_on", job.abandoned_on);
    read(in, "setup_failures", job.setup_failures);
}

void to_json(json& out, const NodeInventory& node) {
    out = json{{"name", node.name},
               {"hostname", node.hostname},
               {"arch", node.arch},
               {"cores", node.cores},
               {"sockets", node.sockets},
               {"threads", node.threads},
               {"memory", node.memory},
               {"execd_address", node.execd_address},
               {"execd_port", node.execd_port},
               {"enforcement", node.enforcement}};
}

void from_json(const json& in, NodeInventory& node) {
    require_object(in, "a node inventory");
    read(in, "name", node.name);
    read(in, "hostname", node.hostname);
    read(in, "arch", node.arch);
    read(in, "cores", node.cores);
    read(in, "sockets", node.sockets);
    read(in, "threads", node.threads);
    read(in, "memory", node.memory);
    read(in, "execd_address", node.execd_address);
    read(in, "execd_port", node.execd_port);
    read(in, "enforcement", node.enforcement);
}

void to_json(json& out, const NodeLoad& load) {
    out = json{{"load_avg", load.load_avg},
               {"memory_used", load.memory_used},
               {"swap_total", load.swap_total},
               {"swap_used", load.swap_used}};
}

void from_json(const json& in, NodeLoad& load) {
    require_object(in, "a node load");
    read(in, "load_avg", load.load_avg);
    read(in, "memory_used", load.memory_used);
    read(in, "swap_total", load.swap_total);
    read(in, "swap_used", load.swap_used);
}

}  // namespace bramble
