// The scheduler: its handlers, and the owners of its state, wired together on the daemon's one
// thread. The jobs (JobBook), the nodes (NodeBook), fair share's usage (UsageBook), the open turn
// (Turn), when the pass runs (PassDriver) and what it last said (PlanNotes) each have one owner;
// the planner's view of them is built by pure functions of the parts it needs (cluster_view.hpp).
// Handlers decide and record typed events (model/job_events.hpp) in the turn; once the turn's
// transaction has committed, flush() applies those events to the jobs, in order, with
// events::apply, and only then does anybody outside hear of them (replies, StartJob, KillJob,
// acks). A failed commit changes nothing here.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "accounting_file.hpp"
#include "cluster_view.hpp"
#include "config/cluster_config.hpp"
#include "current_jobs.hpp"
#include "job_book.hpp"
#include "job_mail.hpp"
#include "mailer.hpp"
#include "model/job.hpp"
#include "model/job_events.hpp"
#include "model/node.hpp"
#include "model/result.hpp"
#include "model/task_id.hpp"
#include "model/task_range.hpp"
#include "node_book.hpp"
#include "pass_driver.hpp"
#include "plan_notes.hpp"
#include "policy/ledger.hpp"
#include "policy/planner.hpp"
#include "policy/snapshot.hpp"
#include "store/spool.hpp"
#include "turn.hpp"
#include "usage_book.hpp"
#include "wire/messages.hpp"

namespace bramble::scheduler {

// Who sent a client request, as the kernel told us (the names come from the passwd and group
// databases; an empty user means the uid has no passwd entry).
struct Caller {
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
    std::string user;
    std::string group;
};

// Where the scheduler's answers to one client request go. Called exactly once.
using Reply = std::function<void(wire::Message)>;

// The scheduler's clocks, replaceable in tests: wall time for job records, steady time for
// timeouts.
struct Clock {
    std::function<std::int64_t()> wall_seconds;
    std::function<std::int64_t()> steady_ms;
};
Clock system_clock();

// A job as qdel and qstat -j name it: "42", or "42.3" for task 3 of array job 42.
struct JobRef {
    JobId id = 0;
    int task = 0;  // 0: the whole job (every task of an array)
};
std::optional<JobRef> parse_job_ref(const std::string& text);

// Tasks of an array job as Grid Engine's qdel, qhold and qrls name them: "42.2-50:2"
// (job_selection.cpp). A single task ("42.3") is a JobRef.
struct TaskRangeRef {
    JobId id = 0;
    TaskRange tasks;
};
std::optional<TaskRangeRef> parse_task_range_ref(const std::string& text);

class Scheduler {
  public:
    Scheduler(boost::asio::io_context& io, config::ClusterConfig config,
              std::unique_ptr<store::Spool> spool, Clock clock = system_clock());
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    // Loads the spool's nodes (down until they re-register) and active jobs (restart.cpp).
    Status restore();

    // One client request; `reply` is called once, after anything the request changed is durable
    // (client_handlers.cpp routes by type and declares who may send what).
    void handle_client(const Caller& caller, wire::Message request, Reply reply);
    void submit(const Caller& caller, wire::SubmitRequest request, Reply reply);
    void list_jobs(const Caller& caller, const wire::ListJobsRequest& request, const Reply& reply);
    void job_detail(const Caller& caller, const wire::JobDetailRequest& request,
                    const Reply& reply);
    void delete_jobs(const Caller& caller, const wire::DeleteRequest& request, const Reply& reply);
    void list_nodes(const Caller& caller, const Reply& reply);
    void hold_jobs(const Caller& caller, const wire::HoldRequest& request, const Reply& reply);
    void alter_jobs(const Caller& caller, const wire::AlterRequest& request, const Reply& reply);
    void modify(const Caller& caller, const wire::ModifyRequest& request, const Reply& reply);
    // qacct (accounting.cpp): finished jobs, a page at a time; any user may ask.
    void accounting(const Caller& caller, const wire::AccountingRequest& request,
                    const Reply& reply);
    // qconf, qquota (show_config.cpp): the config in force; any user may ask.
    void show_config(const Caller& caller, const Reply& reply);
    // SIGHUP (reload_config.cpp): `next` replaces the config for everything but what is bound at
    // start (sockets, spool, accounting file, backups, the queue's name), after the open turn.
    void reload_config(config::ClusterConfig next);

    // The execd side (node_events.cpp). `link` identifies the connection, so that messages from a
    // link that a newer one replaced are ignored.
    void node_registered(const std::shared_ptr<NodeChannel>& link, wire::RegisterNode request);
    void node_message(const std::shared_ptr<NodeChannel>& link, const std::string& node,
                      wire::Message message);
    // A node's execd relays a request of one of its users (relayed_requests.cpp): answered over
    // the same link as that user's request on the client socket would be, if the node is a submit
    // host and the head knows the user it vouches for.
    void relayed_request(const std::shared_ptr<NodeChannel>& link, const std::string& node,
                         wire::RelayedRequest relayed);
    void node_link_closed(const std::shared_ptr<NodeChannel>& link, const std::string& node,
                          const std::string& why);

    // Periodic work: nodes silent too long go down; reconciliation grace periods end.
    void tick();

    // Ends the turn (also at shutdown): commits, applies its events, then runs what waited for
    // the commit. When the commit fails nothing is applied: clients hear that nothing was saved,
    // and nodes whose reports were not saved are disconnected, so that they register again and
    // send them once more.
    void flush();

    // Read-only views for the daemon's wiring and for tests.
    [[nodiscard]] const std::map<JobId, Job>& jobs() const { return jobs_.active(); }
    [[nodiscard]] const std::map<std::string, NodeRecord>& nodes() const {
        return nodes_.records();
    }
    [[nodiscard]] const config::ClusterConfig& config() const { return config_; }

  private:
    using Effect = Turn::Effect;

    // scheduler.cpp: the turn and the effects after its commit.
    void post_flush_once();
    void after_commit(Effect effect);
    // A pass is due: before the open turn's commit, or soon.
    void mark_dirty();
    // Records `event` in the turn (see Turn::record) and posts the turn's commit. Refusals are
    // logged.
    Result<events::Applied> record(events::Event event);
    // After the commit: the event applied to the jobs, with the request the turn resolved for it.
    void apply_committed(events::Event event,
                         std::unordered_map<JobId, policy::PendingJob>& requests);
    // The jobs as this turn leaves them, and what the pass plans on.
    [[nodiscard]] CurrentJobs current_jobs() const { return {jobs_, turn_}; }
    [[nodiscard]] policy::Ledger live_ledger(std::int64_t now) const;
    // What a committed event makes happen next, recorded as events of the next turn.
    // `new_waits`: the event submitted or altered the job, whose -hold_jid may name new jobs.
    void react(const events::Applied& applied, bool new_waits);
    [[nodiscard]] bool is_manager(const Caller& caller) const;

    // submit.cpp
    Result<policy::PendingJob> check_submission(const Caller& caller, const JobSpec& spec) const;
    [[nodiscard]] Status check_queued_cap(const Caller& caller, int adding) const;
    Result<JobId> admit(const Caller& caller, wire::SubmitRequest& request,
                        policy::PendingJob planned);
    Result<JobId> admit_array(Job array, JobId id, wire::SubmitRequest& request,
                              const policy::PendingJob& planned);

    // job_view.cpp
    wire::JobDetailReply details(const wire::JobDetailRequest& request);
    [[nodiscard]] std::string pending_reason(const Job& job) const;
    [[nodiscard]] std::string enforcement_of(const Job& job) const;

    // The active jobs a reference names: the job, or every task of an array job, or one task.
    [[nodiscard]] std::vector<JobId> active_ids(const JobRef& ref) const;

    // job_selection.cpp: the jobs a request names; `act` runs on each, misses become lines
    std::vector<JobId> select(const Caller& caller, const std::string& key,
                              const std::vector<std::string>& users) const;
    void each_target(const Caller& caller, const std::vector<std::string>& keys,
                     const std::vector<std::string>& users, wire::DeleteReply& out,
                     const std::function<void(const Job&)>& act);
    // Only a job's owner or a manager may change it; anyone else gets Grid Engine's "denied".
    bool may_change(const Caller& caller, const Job& job, wire::DeleteReply& out) const;

    // clear_errors.cpp: qmod -cj, -c, -cq
    void clear_jobs_named(const Caller& caller, const std::string& key, wire::DeleteReply& out);
    bool clear_job_ids(const Caller& caller, const std::string& key, wire::DeleteReply& out);
    void clear_job_error(const Caller& caller, const Job& job, wire::DeleteReply& out);
    bool clear_queues_named(const Caller& caller, const std::string& pattern,
                            wire::DeleteReply& out);
    // disable_queues.cpp: qmod -d, -e. False when the pattern names no queue instance.
    bool set_queues_enabled(const Caller& caller, const std::string& pattern, bool enable,
                            wire::DeleteReply& out);
    // managed_instances.cpp: qmod's queue targets. `act` gets each node whose instance `pattern`
    // names, with the instance's quoted name, when the caller is a manager (anyone else gets Grid
    // Engine's "no permission" line for each); `act` returns false to stop. False when the
    // pattern names no instance.
    using InstanceAct = std::function<bool(const std::string& node_name, NodeRecord& node,
                                           const std::string& instance)>;
    bool each_managed_instance(const Caller& caller, const std::string& pattern,
                               wire::DeleteReply& out, const InstanceAct& act);

    // hold_jobs.cpp
    void hold_one(const Caller& caller, const Job& job, bool hold, wire::DeleteReply& out);

    // alter_jobs.cpp
    void alter_one(const Caller& caller, const Job& job, const wire::AlterRequest& request,
                   wire::DeleteReply& out);
    // alter_running.cpp: what still means something for a job on a node
    void alter_running(const Caller& caller, const Job& job, const wire::AlterRequest& request,
                       wire::DeleteReply& out);
    // Records `spec` as the running job's, with Grid Engine's "modified ... of job N" lines.
    bool record_running_change(const Caller& caller, const Job& job, JobSpec spec,
                               const std::string& changed);

    // delete_jobs.cpp
    // True when the job was a waiting one and is gone, which its caller says (once per array).
    bool delete_one(const Caller& caller, const Job& job, bool force, wire::DeleteReply& out);
    void send_kill(const Job& job, const std::string& reason);
    // Ends a job on a node without waiting for the node: failed 100 and why, as Grid Engine
    // records a job it lost.
    void finish_now(const Job& job, const std::string& failure, int exit_status = 0,
                    int signal = 0);

    // node_events.cpp
    void reconcile(NodeRecord& node, const std::vector<JobId>& running);
    void job_started(const std::string& node, const wire::JobStarted& message);
    void job_finished(const std::string& node, const wire::JobFinished& message);
    void node_down(NodeRecord& node, const std::string& why);
    void fail_suspects(NodeRecord& node);

    // node_loss.cpp: a node down past node_lost_seconds, its jobs requeued or failed, and what it
    // still runs of them when it returns
    void went_down(NodeRecord& node);
    void lose_nodes();
    void lose_node(NodeRecord& node);
    void give_up(const Job& job, const std::string& node);
    [[nodiscard]] bool rerunnable(const Job& job) const;
    bool forget_abandoned_run(const Job& job, const std::string& node);
    void settle_abandoned_runs(const std::string& node, const std::set<JobId>& listed);

    // sick_node.cpp: a node that could not set a job up rests, and the job goes elsewhere
    bool node_could_not_start(const Job& job, const std::string& node, const ExitRecord& exit);
    void record_end(const Job& job, const std::string& node, const ExitRecord& exit);
    void end_node_errors();

    // exit_codes.cpp: Grid Engine's exit 99 (run again) and 100 (wait in Eqw for qmod -cj)
    bool exit_code_decides(const Job& job, const std::string& node, const ExitRecord& exit);

    // restart.cpp
    void replan(const Job& job);

    // dependencies.cpp: -hold_jid, YAML after:, -hold_jid_ad
    struct Predecessors {
        std::vector<JobId> all;         // Job::waiting_for
        std::vector<JobId> ended_well;  // Job::after_ok
    };
    Result<Predecessors> resolve_dependencies(const Caller& caller, const JobSpec& spec) const;
    [[nodiscard]] std::vector<JobId> matching_active(const Caller& caller,
                                                     const std::string& key) const;
    Result<std::vector<JobId>> resolve_after_ok(const Caller& caller, const std::string& key) const;
    Result<std::vector<JobId>> resolve_task_dependencies(const Caller& caller,
                                                         const JobSpec& spec) const;
    void append_task_waits(std::vector<JobId>& waiting_for, const std::vector<JobId>& arrays,
                           int task) const;
    [[nodiscard]] bool known_to_spool(const JobRef& ref) const;
    void track_dependencies(const Job& job);
    void untrack_dependencies(JobId id, const std::vector<JobId>& before);
    void settle(const Job& dependent, const Job& predecessor);
    void settle_dependents(const Job& finished);
    [[nodiscard]] std::string dependency_reason(const Job& job) const;

    // accounting_catch_up.cpp: Grid Engine's accounting file, behind the spool
    // Queues the line of a job whose end this turn committed; flush() writes the turn's lines.
    void account(const Job& ended);
    void write_accounting();
    // At start: lines for the finished jobs the file lacks (a crash, a failed write).
    void catch_up_accounting();

    // send_mail.cpp: qsub -m/-M, once the start, a deletion or the end is committed
    void mail_after(const events::Applied& applied);
    void mail_about(const Job& job, MailEvent event);

    // fair_share.cpp
    // Charges an ended job's slot-seconds to its owner, in the turn that ends it.
    void charge_usage(const Job& job);

    // dispatch.cpp: what a pass does (PassDriver decides when)
    void run_pass();
    // Places what the planner placed; `immediate` receives the -now y jobs the pass saw.
    void place_jobs(std::vector<JobId>& immediate);
    Status recheck(const Job& job, const Allocation& allocation, const policy::Ledger& live) const;
    void commit_placement(const Job& job, Allocation allocation, policy::Ledger& live);
    void send_start(JobId id);
    [[nodiscard]] wire::StartJob start_message(const Job& job) const;

    // immediate_jobs.cpp: qsub -now y
    void delete_unplaced_immediate_jobs(const std::vector<JobId>& immediate);
    // Answers the submission of immediate job `id` once it is decided (now, or in react()).
    void await_immediate(JobId id, const std::string& name, const Reply& reply);
    void answer_immediate(const events::Applied& applied);

    // job_parts.cpp: the other nodes of a parallel job, for qrsh -inherit
    void send_job_parts(const Job& job);
    [[nodiscard]] std::map<std::string, std::string> execd_addresses(const Job& job) const;
    [[nodiscard]] std::map<std::string, std::string> job_host_names(const Job& job) const;

    boost::asio::io_context& io_;
    config::ClusterConfig config_;
    std::unique_ptr<store::Spool> spool_;
    Clock clock_;

    JobBook jobs_;  // active jobs only, as committed; finished ones live in the spool
    NodeBook nodes_;
    UsageBook usage_;
    PlanNotes notes_;  // the last pass's word on each waiting job
    std::unordered_map<JobId, std::vector<JobId>> dependents_;  // job -> jobs waiting for it
    // qsub -now y submissions waiting for the pass that starts or deletes their job.
    struct ImmediateSubmission {
        std::string name;
        Reply reply;
    };
    std::unordered_map<JobId, ImmediateSubmission> immediate_;

    // Unset when the config names no sge_root (main always fills it in; tests may not).
    std::optional<AccountingFile> accounting_file_;
    std::string accounting_lines_;  // this turn's, written after its commit
    Mailer mailer_{io_, config_.mailer};

    Turn turn_{*spool_, jobs_.active()};
    bool flush_posted_ = false;
    PassDriver pass_{io_, [this] { run_pass(); }};
};

}  // namespace bramble::scheduler
