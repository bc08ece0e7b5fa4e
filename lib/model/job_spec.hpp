// JobSpec: what a user asked for, as read from a YAML job file, a #$ script or qsub flags.
// Plain data. Sizes are bytes, durations seconds; zero means "not requested".
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace bramble {

struct JobSpec {
    std::string name;  // -N; defaults to the script's basename, "STDIN", or the command's basename

    // What runs. Script mode: `script` holds the text spooled at submit time and `args` are its
    // arguments. Binary mode (`binary`, -b y): `args` is the command line, args[0] the program.
    std::string script;
    std::string script_path;  // where the script came from ("STDIN" when read from standard input)
    std::vector<std::string> args;
    std::string shell;  // -S; empty means the script's shebang, else /bin/sh

    // Where it runs and where its output goes. An empty workdir means the owner's $HOME.
    std::string workdir;  // absolute; set by -cwd (the submit directory) or -wd DIR
    std::string
        stdout_path;  // -o as written (may be a directory, contain $JOB_ID etc.); empty = default
    std::string stderr_path;                               // -e as written
    std::vector<std::pair<std::string, std::string>> env;  // -v, -V, YAML env: exported in order

    // What it needs. Memory and generic consumables in `resources` are per slot, as Grid Engine's
    // h_vmem and consumables are; the *_per_job amounts are charged once, on the master node.
    std::string pe;  // -pe NAME; empty for a serial job
    std::uint64_t memory_per_slot = 0;
    std::uint64_t memory_per_job = 0;  // YAML memory_per_job
    std::int64_t walltime = 0;         // h_rt seconds; 0 = the queue's default
    // Node name patterns the job may run on, Grid Engine wildcards (pi0[1-3], pi*, pi01|pi02):
    // YAML node:/nodes:, -q QUEUE@NODE, -l hostname=. Empty = any node.
    std::vector<std::string> nodes;
    std::string queue;  // -q QUEUE (empty: the default queue)
    // Every -l name=value as written (qstat -j shows them). Names that are not built in (h_vmem,
    // h_rt, hostname, exclusive, gpio, ...) are resolved by the scheduler against the cluster
    // config: a node label (-l role=web) or a generic consumable per slot (-l gpu=1).
    std::map<std::string, std::string> resources;
    std::map<std::string, std::string> job_resources;  // YAML resources_per_job: charged once
    std::map<std::string, std::string> labels;         // YAML labels: node labels required
    std::vector<std::string> gpio;                     // GPIO line names (-l gpio=fan, YAML gpio:)

    // Dependencies (the array's -t and -tc are with the numbers below).
    // -hold_jid and YAML after: ids or names; the job waits until they have ended. As in Grid
    // Engine, how they ended does not matter, and ids and names matching no active job are no wait.
    std::vector<std::string> hold_jids;
    // YAML after: the entries of hold_jids that must also end well (exit 0, not failed or
    // deleted); one that does not holds the job with the reason. An id must name a known job.
    std::vector<std::string> after_ok;
    std::vector<std::string> hold_jids_by_task;  // -hold_jid_ad: task i waits for task i

    std::string rerun;  // -r: "y" (may run again after its node is lost), "n", or "" (queue's)
    std::string account;
    std::string project;
    // -m: the events the owner wants mail about, from "abes" (abort, begin, end, suspend) in that
    // order; empty = none. -M: where it goes; empty = owner@submit_host, as Grid Engine does.
    std::string mail_events;
    std::vector<std::string> mail_list;

    // The submit side, captured by qsub: becomes SGE_O_HOME, SGE_O_HOST, SGE_O_WORKDIR, ...
    std::string submit_host;
    std::map<std::string, std::string>
        submit_env;  // keys without the SGE_O_ prefix: HOME, PATH, ...

    // The numbers and flags, together after the strings and lists so that the struct holds no
    // padding between them (clang-analyzer-optin.performance.Padding).
    int slots = 1;      // the least slots the job accepts (-pe NAME N, or MIN of -pe NAME MIN-MAX)
    int slots_max = 0;  // the most (MAX of MIN-MAX); 0 = exactly `slots`
    // An array job has tasks first..last by step (-t 1-100:2).
    int task_first = 0;  // 0 = not an array job
    int task_last = 0;
    int task_step = 1;
    int max_running_tasks = 0;  // -tc; 0 = no limit
    int priority = 0;           // -p, -1023..1024; users may only lower theirs
    bool binary = false;        // -b y
    bool join = false;          // -j y: stderr goes to the stdout file
    bool exclusive = false;     // -l exclusive=true: the nodes alone
    bool hold = false;          // -h: submitted in the held state
    bool immediate = false;     // -now y: started by the next pass, or deleted
    // qrsh CMD: `args` run (binary mode) only once the owner's qrsh has attached to the job on its
    // node, with qrsh's stdin and its terminal's stdout and stderr (execd/README.md).
    bool interactive = false;
};

}  // namespace bramble
