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
    // arguments. Binary mode (-b y): `args` is the command line, args[0] the program.
    bool binary = false;
    std::string script;
    std::string script_path;  // where the script came from ("STDIN" when read from standard input)
    std::vector<std::string> args;
    std::string shell;  // -S; empty means the script's shebang, else /bin/sh

    // Where it runs and where its output goes. An empty workdir means the owner's $HOME.
    std::string workdir;  // absolute; set by -cwd (the submit directory) or -wd DIR
    std::string
        stdout_path;  // -o as written (may be a directory, contain $JOB_ID etc.); empty = default
    std::string stderr_path;                               // -e as written
    bool join = false;                                     // -j y: stderr goes to the stdout file
    std::vector<std::pair<std::string, std::string>> env;  // -v, -V, YAML env: exported in order

    // What it needs. Memory is per slot, as Grid Engine's h_vmem and mem_free are.
    int slots = 1;
    std::string pe;  // -pe NAME; empty for a serial job
    std::uint64_t memory_per_slot = 0;
    std::int64_t walltime = 0;  // h_rt seconds
    std::string node;           // pinned node name (YAML node:, -q QUEUE@NODE, -l hostname=NODE)
    std::string queue;          // -q QUEUE (empty: the default queue)
    std::map<std::string, std::string>
        resources;  // every -l name=value as written (qstat -j shows them)

    bool hold = false;  // -h: submitted in the held state
    int priority = 0;   // -p, -1023..1024; users may only lower theirs
    std::string account;
    std::string project;

    // The submit side, captured by qsub: becomes SGE_O_HOME, SGE_O_HOST, SGE_O_WORKDIR, ...
    std::string submit_host;
    std::map<std::string, std::string>
        submit_env;  // keys without the SGE_O_ prefix: HOME, PATH, ...
};

}  // namespace bramble
