// YAML job files: every key of the schema, and errors that name file, line and key.
#include "jobscript/yaml_job.hpp"

#include <gtest/gtest.h>

namespace bramble::jobscript {
namespace {

constexpr std::uint64_t kGiB = 1024ULL * 1024 * 1024;

JobSpec parse(const std::string& text) {
    auto spec = parse_yaml_job(text, "job.yaml", "/home/pi");
    EXPECT_TRUE(spec.ok()) << spec.message();
    return spec.ok() ? *spec : JobSpec{};
}

std::string error_of(const std::string& text) {
    auto spec = parse_yaml_job(text, "job.yaml", "/home/pi");
    return spec ? "accepted" : spec.message();
}

TEST(YamlJob, EveryKey) {
    const auto spec = parse(R"(name: pi
script: |
  echo one
  echo two
args: [a, 2]
shell: /bin/bash
workdir: runs/today
slots: 4
pe: smp
memory: 2G
walltime: "4:00:00"
output: out/
error: err.log
join: yes
env:
  OMP_NUM_THREADS: 4
  EMPTY:
node: pi03
queue: all.q
hold: true
priority: -5
account: physics
project: demo
resources: {gpu_card: 1}
)");
    EXPECT_EQ(spec.name, "pi");
    EXPECT_FALSE(spec.binary);
    EXPECT_EQ(spec.script, "echo one\necho two\n");
    EXPECT_EQ(spec.args, (std::vector<std::string>{"a", "2"}));
    EXPECT_EQ(spec.shell, "/bin/bash");
    EXPECT_EQ(spec.workdir, "/home/pi/runs/today");
    EXPECT_EQ(spec.slots, 4);
    EXPECT_EQ(spec.pe, "smp");
    EXPECT_EQ(spec.memory_per_slot, 2 * kGiB);
    EXPECT_EQ(spec.walltime, 4 * 3600);
    EXPECT_EQ(spec.stdout_path, "out/");
    EXPECT_EQ(spec.stderr_path, "err.log");
    EXPECT_TRUE(spec.join);
    const std::vector<std::pair<std::string, std::string>> env = {{"OMP_NUM_THREADS", "4"},
                                                                  {"EMPTY", ""}};
    EXPECT_EQ(spec.env, env);
    EXPECT_EQ(spec.nodes, std::vector<std::string>{"pi03"});
    EXPECT_EQ(spec.queue, "all.q");
    EXPECT_TRUE(spec.hold);
    EXPECT_EQ(spec.priority, -5);
    EXPECT_EQ(spec.account, "physics");
    EXPECT_EQ(spec.project, "demo");
    EXPECT_EQ(spec.resources.at("gpu_card"), "1");
}

TEST(YamlJob, CommandForms) {
    const auto shell_line = parse("command: echo hi | wc -c\n");
    EXPECT_FALSE(shell_line.binary);
    EXPECT_EQ(shell_line.script, "echo hi | wc -c\n");
    EXPECT_EQ(shell_line.name, "job") << "default name: the file's stem";
    const auto argv = parse("command: [sleep, 20]\n");
    EXPECT_TRUE(argv.binary);
    EXPECT_EQ(argv.args, (std::vector<std::string>{"sleep", "20"}));
}

TEST(YamlJob, SizesAndTimesInEveryForm) {
    EXPECT_EQ(parse("command: x\nwalltime: 90\n").walltime, 90);
    EXPECT_EQ(parse("command: x\nwalltime: 72:00:00\n").walltime, 72 * 3600);
    EXPECT_EQ(parse("command: x\nmemory: 512m\n").memory_per_slot, 512ULL * 1024 * 1024);
    EXPECT_EQ(parse("command: x\ncwd: true\n").workdir, "/home/pi");
}

TEST(YamlJob, SchemaErrorsNameFileLineAndKey) {
    const struct {
        const char* text;
        const char* error;
    } cases[] = {
        {"command: x\nslots: -3\n", "job.yaml:2: key 'slots': must be a positive integer, got -3"},
        {"command: x\nslots: 5000\n", "job.yaml:2: key 'slots': must be at most 4096, got 5000"},
        {"command: x\nslots: [1]\n",
         "job.yaml:2: key 'slots': must be a positive integer, got a list"},
        {"command: x\n\nmemroy: 2G\n",
         "job.yaml:3: key 'memroy': unknown key (known keys: name, command, script, args, shell, "
         "workdir, "
         "cwd, slots, pe, memory, walltime, output, error, join, env, resources, node, queue, "
         "hold, "
         "priority, account, project)"},
        {"command: x\nmemory: 0\n",
         "job.yaml:2: key 'memory': memory size '0' must be more than zero"},
        {"command: x\nmemory: 2P\n",
         "job.yaml:2: key 'memory': memory size '2P' is not a number with K, M, G or T (e.g. 2G)"},
        {"command: x\nwalltime: soon\n",
         "job.yaml:2: key 'walltime': time 'soon' is not [[hours:]minutes:]seconds (e.g. 4:00:00)"},
        {"command: x\njoin: maybe\n", "job.yaml:2: key 'join': must be true or false, got maybe"},
        {"command: x\npriority: 2000\n",
         "job.yaml:2: key 'priority': must be a whole number from -1023 to 1024, got 2000"},
        {"command: x\nname: a b\n",
         "job.yaml:2: key 'name': job name 'a b' may not contain blanks, control characters or any "
         "of / : @ \\ * ?"},
        {"command: x\nname:\n", "job.yaml:2: key 'name': must be a string, got nothing"},
        {"command: x\nenv:\n  GOOD: 1\n  1BAD: 2\n",
         "job.yaml:4: key 'env': '1BAD' is not a valid environment variable name"},
        {"command: x\nenv: [A]\n",
         "job.yaml:2: key 'env': must be a mapping of NAME: value, got a list"},
        {"command: [ls, [x]]\n",
         "job.yaml:1: key 'command': every item must be a string, got a list"},
        {"command: []\n", "job.yaml:1: key 'command': the command list is empty"},
        {"command: x\nslots: 1\nslots: 2\n", "job.yaml:3: key 'slots': given twice"},
        {"name: x\n", "job.yaml: a job needs 'command' (what to run) or 'script' (its text)"},
        {"command: x\nscript: y\n", "job.yaml:2: give either 'command' or 'script', not both"},
        {"command: x\ncwd: true\nworkdir: /tmp\n",
         "job.yaml:2: key 'cwd': give either 'cwd: true' or 'workdir', not both"},
        {"- command: x\n",
         "job.yaml:1: a job file is a mapping of keys such as 'name:' and 'command:', got a list"},
        {"", "job.yaml: the job file is empty"},
        {"command: x\nresources: {h_vmem: lots}\n",
         "job.yaml:2: key 'resources': memory size 'lots' is not a number with K, M, G or T (e.g. "
         "2G)"},
        {"command: x\nnode: all.q@pi01\n",
         "job.yaml:2: key 'node': 'all.q@pi01' is not a node name"},
    };
    for (const auto& c : cases)
        EXPECT_EQ(error_of(c.text), c.error) << c.text;
}

TEST(YamlJob, MalformedYamlGivesTheParsersLine) {
    const auto unclosed = error_of("command: x\nenv: {A: 1\nslots: 2\n");
    EXPECT_TRUE(unclosed.starts_with("job.yaml:3: invalid YAML: ")) << unclosed;
    const auto tab = error_of("command: x\n\tslots: 2\n");
    EXPECT_TRUE(tab.starts_with("job.yaml:2: invalid YAML: ")) << tab;
    EXPECT_EQ(error_of("command: x\n---\ncommand: y\n"),
              "job.yaml:2: holds more than one YAML document; one job per file");
    // yaml-cpp 0.7's LoadAll loops forever on this; found by fuzz_yaml_job.
    EXPECT_EQ(error_of("\n,# A tiny: two slots\nname: pair\n"),
              "job.yaml:2: invalid YAML: no job could be read from here");
    EXPECT_EQ(error_of("# only a comment\n\n"), "job.yaml: the job file is empty");
}

}  // namespace
}  // namespace bramble::jobscript
