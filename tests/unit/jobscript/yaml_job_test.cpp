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
         "job.yaml:2: key 'slots': must be a positive integer or a range such as 2-8, got a list"},
        {"command: x\n\nmemroy: 2G\n",
         "job.yaml:3: key 'memroy': unknown key (known keys: name, command, script, args, shell, "
         "workdir, cwd, slots, pe, memory, memory_per_job, walltime, output, error, join, env, "
         "resources, resources_per_job, labels, node, nodes, exclusive, gpio, queue, array, "
         "max_running_tasks, after, after_each_task, hold, rerun, priority, account, project)"},
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
         "job.yaml:2: key 'name': job name \"a b\" contains ' ' at position 2: names are "
         "printable characters without blanks or / : @ \\ * ?"},
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
         "job.yaml:2: key 'node': 'all.q@pi01' is not a node name or pattern: '@' is not allowed "
         "(use letters, digits, . - _ and the wildcards * ? [...] |)"},
        {"command: x\nslots: 8-2\n",
         "job.yaml:2: key 'slots': slot range '8-2' runs backwards: the least (8) is more than "
         "the most (2)"},
        {"command: x\nslots: 2-9000\n",
         "job.yaml:2: key 'slots': slot range '2-9000': the most must be at most 4096, got 9000"},
        {"command: x\nnodes: [pi01, 'pi0[2']\n",
         "job.yaml:2: key 'nodes': 'pi0[2' is not a node name or pattern: '[' at position 4 is "
         "never closed with ']'"},
        {"command: x\nnodes: []\n", "job.yaml:2: key 'nodes': the list is empty"},
        {"command: x\nnode: pi01\nnodes: [pi02]\n",
         "job.yaml:2: key 'node': give either 'node' (one) or 'nodes' (a list or pattern), not "
         "both"},
        {"command: x\nexclusive: sometimes\n",
         "job.yaml:2: key 'exclusive': must be true or false, got sometimes"},
        {"command: x\ngpio: [fan, 'l e d']\n",
         "job.yaml:2: key 'gpio': 'l e d' is not a GPIO line name (letters, digits, '_' and '-', "
         "e.g. fan)"},
        {"command: x\ngpio: {fan: 1}\n",
         "job.yaml:2: key 'gpio': must be a value or a list of values, got a mapping"},
        {"command: x\nlabels:\n  role: web\n  'a b': c\n",
         "job.yaml:4: key 'labels': 'a b' is not a name (letters, digits, '_', '.' and '-')"},
        {"command: x\nlabels: {role: }\n", "job.yaml:2: key 'labels': role needs a value"},
        {"command: x\nresources_per_job: {scratch: [1]}\n",
         "job.yaml:2: key 'resources_per_job': scratch must be a single value, got a list"},
        {"command: x\nmemory_per_job: -1G\n",
         "job.yaml:2: key 'memory_per_job': memory size '-1G' must be a positive number such as "
         "512M or 2G"},
        {"command: x\narray: 0-10\n",
         "job.yaml:2: key 'array': task range '0-10': the first task must be a whole number from "
         "1 to 2147483647, got '0'"},
        {"command: x\narray: [1, 10]\n",
         "job.yaml:2: key 'array': must be a task range such as 1-100 or 1-100:2, got a list"},
        {"command: x\nmax_running_tasks: 0\n",
         "job.yaml:2: key 'max_running_tasks': the most tasks running at once must be a positive "
         "integer, got '0'"},
        {"command: x\nafter: [41, 'a b']\n",
         "job.yaml:2: key 'after': 'a b' is neither a job id nor a job name (names may not "
         "contain blanks or any of / : @ \\)"},
        {"command: x\nafter_each_task:\n",
         "job.yaml:2: key 'after_each_task': must be a value or a list of values, got nothing"},
    };
    for (const auto& c : cases)
        EXPECT_EQ(error_of(c.text), c.error) << c.text;
}

TEST(YamlJob, PlacementKeys) {
    const auto spec = parse(R"(command: x
pe: mpi
slots: 2-8
memory: 1G
memory_per_job: 8G
nodes: "pi0[1-3]"
exclusive: true
gpio: [fan, led, fan]
labels: {role: web, zone: "2"}
resources_per_job: {scratch: 100G}
)");
    EXPECT_EQ(spec.slots, 2);
    EXPECT_EQ(spec.slots_max, 8);
    EXPECT_EQ(spec.memory_per_slot, kGiB) << "memory stays per slot";
    EXPECT_EQ(spec.memory_per_job, 8 * kGiB);
    EXPECT_EQ(spec.nodes, std::vector<std::string>{"pi0[1-3]"});
    EXPECT_TRUE(spec.exclusive);
    EXPECT_EQ(spec.gpio, (std::vector<std::string>{"fan", "led"}));
    EXPECT_EQ(spec.labels, (std::map<std::string, std::string>{{"role", "web"}, {"zone", "2"}}));
    EXPECT_EQ(spec.job_resources, (std::map<std::string, std::string>{{"scratch", "100G"}}));
}

TEST(YamlJob, OtherFormsOfPlacementKeys) {
    EXPECT_EQ(parse("command: x\nslots: 4\n").slots_max, 0);
    const auto open_ended = parse("command: x\nslots: 4-\n");
    EXPECT_EQ(open_ended.slots, 4);
    EXPECT_EQ(open_ended.slots_max, 4096);
    EXPECT_EQ(parse("command: x\nnodes: [pi01, gpu*]\n").nodes,
              (std::vector<std::string>{"pi01", "gpu*"}));
    EXPECT_EQ(parse("command: x\nnode: pi0?\n").nodes, std::vector<std::string>{"pi0?"});
    EXPECT_EQ(parse("command: x\ngpio: fan\n").gpio, std::vector<std::string>{"fan"});
    EXPECT_FALSE(parse("command: x\nexclusive: no\n").exclusive);
}

TEST(YamlJob, ArraysAndDependencies) {
    const auto spec = parse(
        "command: x\narray: 1-100:2\nmax_running_tasks: 5\nafter: [41, prep]\n"
        "after_each_task: sim\n");
    EXPECT_EQ(spec.task_first, 1);
    EXPECT_EQ(spec.task_last, 99);
    EXPECT_EQ(spec.task_step, 2);
    EXPECT_EQ(spec.max_running_tasks, 5);
    EXPECT_EQ(spec.hold_jids, (std::vector<std::string>{"41", "prep"}));
    EXPECT_EQ(spec.after_ok, (std::vector<std::string>{"41", "prep"}))
        << "after: also wants them to end well, unlike -hold_jid";
    EXPECT_EQ(spec.hold_jids_by_task, std::vector<std::string>{"sim"});
    const auto single = parse("command: x\narray: 10\nafter: 7\n");
    EXPECT_EQ(single.task_first, 10) << "as -t 10: just task 10";
    EXPECT_EQ(single.task_last, 10);
    EXPECT_EQ(single.hold_jids, std::vector<std::string>{"7"});
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
