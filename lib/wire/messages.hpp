// Every message bramble's processes exchange. One struct per message; Message is their union.
// Clients talk to the scheduler on its Unix socket (request, then one reply). Execds hold one TCP
// link to the scheduler: they register, heartbeat and report job ends; the scheduler starts and
// kills jobs over the same link. Bodies are encoded by wire/codec (versioned JSON in a frame).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "model/job.hpp"
#include "model/node.hpp"

namespace bramble::wire {

inline constexpr int kProtocolVersion = 1;

// ---- client -> scheduler -------------------------------------------------------------------

// Queue a job. A retried submission with the same token returns the first one's id.
struct SubmitRequest {
    JobSpec spec;
    std::string token;
};

// qstat's table. users: empty = the caller only, {"*"} = everybody.
struct ListJobsRequest {
    std::vector<std::string> users;
    std::string states;     // qstat -s letters ("pr", "p", "r", "h"); empty = all active
    bool requests = false;  // qstat -ext, -r: rows carry what the jobs asked for (JobRow)
};

// qstat -j / qacct -j: jobs by id or name, finished ones included.
struct JobDetailRequest {
    std::vector<std::string> jobs;
};

// qdel. jobs by id or name; users = qdel -u.
struct DeleteRequest {
    std::vector<std::string> jobs;
    std::vector<std::string> users;
    bool force = false;
};

// qhost and qstat -f.
struct ListNodesRequest {};

// qhold (hold = true) and qrls (hold = false): jobs by id or name; users = -u.
struct HoldRequest {
    std::vector<std::string> jobs;
    std::vector<std::string> users;
    bool hold = true;
};

// qalter: qsub options (as words, already checked by qalter) applied to pending or held jobs.
// cwd is the caller's working directory, for -cwd.
struct AlterRequest {
    std::vector<std::string> jobs;
    std::vector<std::string> options;
    std::string cwd;
};

// qmod: action "clear_jobs" (-cj: jobs by id or name leave Eqw and wait again), "clear" (-c:
// queue instances, else jobs by id, leave their error state), "clear_queues" (-cq), "disable"
// (-d: queue instances start no new jobs) and "enable" (-e). Queue
// instances are named as Grid Engine names them (all.q@pi01, *@pi01, all.q) or by node (pi01).
struct ModifyRequest {
    std::string action;
    std::vector<std::string> targets;
};

// qacct: finished jobs and tasks from the spool, one bounded page at a time. job: an id ("42",
// every task of array 42), "42.3", or a name or wildcard pattern (empty: every job); owner and
// host: empty = any; started_from/started_until: the job's start time, Grid Engine's -b/-e (0 = no
// bound). after: where the previous page ended (AccountingReply::next), 0 for the first page.
struct AccountingRequest {
    std::string job;
    std::string owner;
    std::string host;
    std::int64_t started_from = 0;
    std::int64_t started_until = 0;
    std::int64_t after = 0;
};

// qconf and qquota: the cluster config in force (as the scheduler last loaded it, at start or on
// SIGHUP), in the terms Grid Engine shows it. Any user may ask, as any user may run Grid Engine's
// qconf -s*. It has no fields: there is nothing to check and nothing to select.
struct ConfigRequest {};

// ---- scheduler -> client -------------------------------------------------------------------

struct ErrorReply {
    std::string message;
    // Nothing was done, and the same request may well succeed in a moment (the scheduler is
    // restarting, too many connections): the tools send it again for a while.
    bool retry = false;
};

struct SubmitReply {
    JobId id = 0;
    std::string name;
    // -now y: the job was dispatched by the pass after its submission (otherwise it was deleted).
    bool scheduled = false;
};

// One job as a listing shows it: only what qstat's table, -f and -xml print, so that a listing of
// 10,000 jobs stays small to build, send and decode. grants carry node and cores (memory is 0).
struct JobRow {
    JobId id = 0;
    std::string name;
    std::string user;
    std::uint32_t uid = 0;
    std::string group;
    std::uint32_t gid = 0;
    std::string account;
    JobState state = JobState::Pending;
    std::int64_t submit_time = 0;  // epoch seconds
    std::int64_t start_time = 0;   // when dispatched; 0 while pending
    int slots = 1;                 // requested
    std::string pe;
    int priority = 0;
    std::vector<NodeGrant> grants;
    // The last pass's priority (qstat's prior column) and its parts (qstat -pri); 0 when the job
    // is not pending.
    double score = 0;
    double priority_part = 0;
    double fair_share_part = 0;
    double waiting_part = 0;
    // What the job asked for, in rows of a listing with ListJobsRequest::requests only (qstat
    // -ext, -r); empty otherwise, so that a plain listing of 10,000 jobs stays small.
    std::string project;
    std::vector<std::string> hard_resources;          // -l as written: "h_vmem=1G"
    std::vector<std::string> hard_queues;             // -q as written: "all.q", "all.q@pi01"
    std::vector<std::string> predecessors_requested;  // -hold_jid as given: ids and names
    std::vector<JobId> predecessors;                  // of those, the jobs still waited for
    // An array task's -t step, which qstat's range lists follow (model/task_range.hpp); 1 for a
    // job that is not an array.
    int task_step = 1;
    // The job carries a hold (qhold, qsub -h): a job on a node runs on and shows hr, as in Grid
    // Engine.
    bool held = false;

    // Rows equal but for the id travel as one (jobs_listing.hpp): every field counts.
    bool operator==(const JobRow&) const = default;
};

struct JobsReply {
    std::vector<JobRow> jobs;
};

// What the last scheduling pass said of a pending job: its priority and the parts it came from
// (all 0 when it was not planned), and the start it is reserved for (0 = none).
struct JobPlanNote {
    double priority = 0;
    double priority_part = 0;
    double fair_share_part = 0;
    double waiting_part = 0;
    std::int64_t reserved_start = 0;
    std::int64_t reason_until = 0;  // the time the pending reason speaks of ("until 14:05")
    // A running job's nodes and how each holds it to its memory and cores:
    // "pi01=cgroup-v2(memory,cpuset) pi02=rss-watch".
    std::string enforcement;
};

struct JobDetailReply {
    std::vector<Job> jobs;
    std::vector<std::string> missing;          // ids or names that match no job
    std::vector<std::string> pending_reasons;  // parallel to jobs: why each pending job waits
    std::vector<JobPlanNote> notes;            // parallel to jobs
};

// One line per answer, exactly as qdel, qhold, qrls, qalter and qmod print it; failed = some answer
// was an error.
struct DeleteReply {
    std::vector<std::string> lines;
    bool failed = false;
};

struct NodeStatus {
    NodeInventory inventory;
    NodeLoad load;
    bool up = false;
    int slots_used = 0;
    std::uint64_t memory_reserved = 0;
    std::string error;      // why the node takes no new jobs for now (qstat -f: state E)
    bool disabled = false;  // by a manager, qmod -d (qstat -f: state d)
};

struct NodesReply {
    std::string queue;  // the cluster queue's name (all.q)
    std::vector<NodeStatus> nodes;
};

// One finished job or array task as Grid Engine's accounting records it (accounting(5)).
struct AccountingRecord {
    std::string queue;
    std::string host;
    std::string group;
    std::string owner;
    std::string name;
    JobId job = 0;  // the id people see (the array job's for a task)
    int task = 0;   // 0: not an array task
    std::string account;
    int priority = 0;
    std::int64_t submit_time = 0;
    std::int64_t start_time = 0;
    std::int64_t end_time = 0;
    int failed = 0;
    int exit_status = 0;
    int signal = 0;  // the signal that ended the job, 0 if it exited
    double wall_seconds = 0;
    double user_seconds = 0;
    double system_seconds = 0;
    std::int64_t max_rss_kb = 0;
    std::int64_t minor_faults = 0;
    std::int64_t major_faults = 0;
    std::int64_t blocks_in = 0;
    std::int64_t blocks_out = 0;
    std::int64_t voluntary_switches = 0;
    std::int64_t involuntary_switches = 0;
    std::string project;  // "NONE" when none
    std::string pe;       // "NONE" for a serial job
    int slots = 1;
    std::string category;  // the job's requests as Grid Engine's category ("-pe smp 2"), or NONE
};

// A page of records. next: pass it as AccountingRequest::after for the next page; 0 = no more.
struct AccountingReply {
    std::vector<AccountingRecord> records;
    std::int64_t next = 0;
};

// A parallel environment as qconf -sp shows it.
struct PeEntry {
    std::string name;
    std::string allocation_rule;  // "$pe_slots", "$fill_up", "$round_robin" or a number
    int max_slots = 0;            // 0 = no cap
};

// What the config says of one node beyond its inventory (qconf -se's complex_values, -sc's names).
struct NodeConfigEntry {
    std::string name;
    std::map<std::string, std::string> labels;         // role: web
    std::map<std::string, std::uint64_t> consumables;  // gpu: 1, scratch: bytes
    std::vector<std::string> gpio_lines;               // asked for as -l gpio=NAME
};

// `user_limits:` of the config; user "*" is everyone's.
struct UserLimitEntry {
    std::string user;
    int max_running_jobs = 0;  // 0 = no cap
    int max_slots = 0;
};

struct ConfigReply {
    std::string queue;
    std::string head_host;  // the scheduler's host name: Grid Engine's admin and submit host
    std::vector<std::string> managers;
    std::vector<PeEntry> pes;
    std::vector<NodeConfigEntry> nodes;  // the nodes the config names, by name
    std::vector<UserLimitEntry> user_limits;
    std::int64_t default_walltime = 0;  // seconds
    std::int64_t max_walltime = 0;      // 0 = no cap
    bool rerun = false;
    int max_queued_per_user = 0;
};

// ---- execd <-> scheduler -------------------------------------------------------------------

// The first message on an execd link. running lists the jobs the node still has (after an execd
// or scheduler restart) so the scheduler can reconcile.
struct RegisterNode {
    NodeInventory inventory;
    std::vector<JobId> running;
};

struct RegisterReply {
    bool accepted = false;
    std::string message;
    int heartbeat_seconds = 5;
};

struct Heartbeat {
    NodeLoad load;
};

// Everything a node needs to run its part of a job.
struct StartJob {
    Job job;  // spec (with script), owner, allocation (first grant = this node for the master)
    std::string queue;                         // cluster queue name, for QUEUE and PE_HOSTFILE
    std::map<std::string, std::string> hosts;  // node name -> host name, for PE_HOSTFILE
    // The master's GPIO chip and the offsets of the lines the job holds there (by line name).
    std::string gpio_chip;
    std::map<std::string, int> gpio_lines;
    // node -> "address:port" of its execd, for qrsh -inherit to the job's other nodes.
    std::map<std::string, std::string> execds;
};

struct JobStarted {
    JobId id = 0;
};

// Sent until acknowledged with FinishedAck; a duplicate is acknowledged again and ignored.
struct JobFinished {
    JobId id = 0;
    ExitRecord exit;
};

struct FinishedAck {
    JobId id = 0;
};

struct KillJob {
    JobId id = 0;
    std::string reason;
};

// ---- the parts of a parallel job on its other nodes (qrsh -inherit) ---------------------------

// scheduler -> every node of a job's allocation but the master, after the dispatch commit: the
// job's part there. The node's execd then accepts the job's qrsh -inherit requests (from its own
// processes, and from the job's other nodes) and kills what it started when the job ends.
struct StartJobPart {
    JobId id = 0;
    Owner owner;
    Allocation allocation;  // all of it: qrsh on this node may start commands on the others
    std::string node;       // the node this part is for
    std::string master;     // the node that runs the job's script
    std::string queue;
    std::map<std::string, std::string> hosts;   // node -> host name, as PE_HOSTFILE lists them
    std::map<std::string, std::string> execds;  // node -> "address:port" of its execd
};

// A terminal's window size, in characters (qrsh -pty y, qlogin): in the attach, then each time the
// user's window changes. 0 is "not known"; the execd refuses more than kMaxWindowSide.
inline constexpr int kMaxWindowSide = 4096;
struct RemoteWindow {
    int rows = 0;
    int cols = 0;
};

// qrsh -inherit -> the execd of its own node (Unix socket; the caller's uid and pid come from the
// kernel), and that execd -> the target node's execd (TCP): run `command` for job `job`. The
// target answers with RemoteOutput messages and one RemoteExit, and kills the command when the
// connection closes first. A KillJob on the same TCP port ends the job's part on that node.
struct RemoteCommand {
    JobId job = 0;
    std::string host;       // the host qrsh was given (qrsh -> execd)
    std::string node;       // the target node (execd -> execd)
    std::uint32_t uid = 0;  // the job's owner (execd -> execd)
    std::string command;    // the command words joined by spaces, for /bin/sh -c
    std::vector<std::pair<std::string, std::string>> env;
    std::string cwd;  // empty: the owner's home directory
    // qrsh CMD: attach to interactive job `job` on `node` (whose execd is at `execd`,
    // "address:port", when that is not the execd qrsh asked). The command, environment and
    // directory are the job's own: `command`, `env` and `cwd` must be empty.
    bool attach = false;
    std::string execd;
    // With `attach`: the job runs under a pseudo-terminal of `window`'s size instead of pipes
    // (qrsh -pty y, qlogin); its output then comes as stream 1 only.
    bool pty = false;
    RemoteWindow window;
};

// qrsh CMD's standard input for the job it attached to, in order; `end`: no more (end of file).
struct RemoteInput {
    std::string data;
    bool end = false;
};

// A piece of the command's stdout (stream 1) or stderr (stream 2).
struct RemoteOutput {
    int stream = 1;
    std::string data;
};

// How the command ended (exit_status: the exit code, or 128 + signal; 255 with `error` when it
// could not run at all), and the resources it and the commands it started through qrsh used.
struct RemoteExit {
    int exit_status = 0;
    int signal = 0;
    std::string error;
    double user_seconds = 0;
    double system_seconds = 0;
    std::int64_t max_rss_kb = 0;
};

// ---- a node relaying its local tools (submit from any node) ---------------------------------

// execd -> scheduler: one request a tool made on the node's tool socket. The node vouches for the
// caller: uid and gid from SO_PEERCRED, user as the node's passwd names the uid. `request` is the
// tool's message, encoded; the scheduler answers it as a local request of that caller, if the
// node may submit and the caller passes its checks.
// The largest request or reply a node relays, encoded: its JSON-escaped copy inside the relay
// message (at most twice as long) still fits a frame. Larger ones are refused with a message.
inline constexpr std::size_t kMaxRelayedBytes = std::size_t{4} * 1024 * 1024 - 64 * 1024;

struct RelayedRequest {
    std::uint64_t id = 0;  // the node's number for the request, echoed in the reply
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
    std::string user;
    std::string request;
};

// scheduler -> execd: the answer to RelayedRequest `id`, encoded, for the node to hand its tool.
struct RelayedReply {
    std::uint64_t id = 0;
    std::string reply;
};

using Message = std::variant<SubmitRequest, ListJobsRequest, JobDetailRequest, DeleteRequest,
                             ListNodesRequest, ErrorReply, SubmitReply, JobsReply, JobDetailReply,
                             DeleteReply, NodesReply, RegisterNode, RegisterReply, Heartbeat,
                             StartJob, JobStarted, JobFinished, FinishedAck, KillJob, HoldRequest,
                             AlterRequest, StartJobPart, RemoteCommand, RemoteOutput, RemoteExit,
                             ModifyRequest, AccountingRequest, AccountingReply, ConfigRequest,
                             ConfigReply, RemoteInput, RelayedRequest, RelayedReply, RemoteWindow>;

}  // namespace bramble::wire
