// The whole qsub reading: job file kinds, precedence, defaults, the submit side, etc/jobs examples.
#include "jobscript/submission.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "temp_files.hpp"

namespace bramble::jobscript {
namespace {

class Submit : public ::testing::Test {
  protected:
    testing::TempDir dir_;
    std::string stdin_text_ = "#$ -N from-stdin-directive\necho piped\n";

    SubmitContext context(std::vector<std::string> args) {
        SubmitContext c;
        c.args = std::move(args);
        c.env = {dir_.path(),
                 {{"HOME", "/home/pi"},
                  {"PATH", "/usr/bin:/bin"},
                  {"SHELL", "/bin/bash"},
                  {"LOGNAME", "pi"},
                  {"SECRET", "not-copied"}}};
        c.hostname = "head";
        c.read_stdin = [this]() -> Result<std::string> { return stdin_text_; };
        return c;
    }

    Submission submit(std::vector<std::string> args) {
        auto s = parse_submission(context(std::move(args)));
        EXPECT_TRUE(s.ok()) << s.message();
        return s.ok() ? *s : Submission{};
    }

    std::string refusal(std::vector<std::string> args) {
        auto s = parse_submission(context(std::move(args)));
        return s ? "accepted" : s.message();
    }
};

TEST_F(Submit, ScriptWithDirectivesAndArguments) {
    dir_.write("run.sh", "#!/bin/sh\n#$ -N pi -pe smp 2  # two cores\n#$ -terse\necho \"$@\"\n");
    const auto s = submit({"-cwd", "run.sh", "one", "-N", "two"});
    EXPECT_EQ(s.spec.name, "pi");
    EXPECT_EQ(s.spec.slots, 2);
    EXPECT_TRUE(s.terse) << "-terse is honoured from a directive";
    EXPECT_FALSE(s.spec.binary);
    EXPECT_EQ(s.spec.script,
              "#!/bin/sh\n#$ -N pi -pe smp 2  # two cores\n#$ -terse\necho \"$@\"\n");
    EXPECT_EQ(s.spec.script_path, dir_.path() + "/run.sh");
    EXPECT_EQ(s.spec.args, (std::vector<std::string>{"one", "-N", "two"}));
    EXPECT_EQ(s.spec.workdir, dir_.path());
}

TEST_F(Submit, CommandLineOverridesDirectives) {
    dir_.write("run.sh", "#$ -N script-name -l h_vmem=8G,h_rt=1:00:00 -j y\n");
    const auto s = submit({"-N", "cli-name", "-l", "h_vmem=1G", "-j", "n", "run.sh"});
    EXPECT_EQ(s.spec.name, "cli-name");
    EXPECT_EQ(s.spec.memory_per_slot, 1024ULL * 1024 * 1024);
    EXPECT_EQ(s.spec.walltime, 3600) << "resources the command line does not name stay";
    EXPECT_FALSE(s.spec.join);
}

TEST_F(Submit, DefaultNameIsTheScriptsBaseName) {
    dir_.write("plain.sh", "echo hi\n");
    EXPECT_EQ(submit({"plain.sh"}).spec.name, "plain.sh");
    EXPECT_EQ(submit({dir_.path() + "/plain.sh"}).spec.name, "plain.sh");
}

TEST_F(Submit, StandardInput) {
    stdin_text_ = "echo piped\n";
    for (const auto& args : {std::vector<std::string>{}, std::vector<std::string>{"-"}}) {
        const auto s = submit(args);
        EXPECT_EQ(s.spec.name, "STDIN");
        EXPECT_EQ(s.spec.script_path, "STDIN");
        EXPECT_EQ(s.spec.script, "echo piped\n");
    }
    stdin_text_ = "#$ -t 0-3\n";
    EXPECT_EQ(refusal({}),
              "STDIN:1: option -t: task range '0-3': the first task must be a whole number from 1 "
              "to 2147483647, got '0'");
}

TEST_F(Submit, BinaryJobsSkipDirectives) {
    const auto s = submit({"-b", "y", "-terse", "/bin/echo", "#$ -N x", "hi"});
    EXPECT_TRUE(s.spec.binary);
    EXPECT_EQ(s.spec.args, (std::vector<std::string>{"/bin/echo", "#$ -N x", "hi"}));
    EXPECT_EQ(s.spec.name, "echo");
    EXPECT_TRUE(s.spec.script.empty());
    EXPECT_TRUE(s.terse);
    EXPECT_EQ(submit({"-b", "y", "-N", "named", "sleep", "1"}).spec.name, "named");
    EXPECT_EQ(refusal({"-b", "y"}), "-b y needs a command to run (qsub -b y COMMAND [ARGS])");
}

TEST_F(Submit, YamlJobWithCommandLineOverrides) {
    dir_.write("job.yaml", "name: y\ncommand: [sleep, '5']\nslots: 2\n");
    const auto s = submit({"-p", "-10", "-N", "over", "job.yaml", "extra"});
    EXPECT_TRUE(s.spec.binary);
    EXPECT_EQ(s.spec.args, (std::vector<std::string>{"sleep", "5", "extra"}));
    EXPECT_EQ(s.spec.name, "over");
    EXPECT_EQ(s.spec.slots, 2);
    EXPECT_EQ(s.spec.priority, -10);
    dir_.write("bad.yml", "command: x\nslots: -3\n");
    EXPECT_EQ(refusal({"bad.yml"}), "bad.yml:2: key 'slots': must be a positive integer, got -3");
}

TEST_F(Submit, CustomDirectivePrefix) {
    dir_.write("pbs.sh", "#PBS -N pbs\n#$ -N ge\n");
    EXPECT_EQ(submit({"-C", "#PBS", "pbs.sh"}).spec.name, "pbs");
    EXPECT_EQ(submit({"-C", "", "pbs.sh"}).spec.name, "pbs.sh");
}

TEST_F(Submit, SubmitSideIsRecorded) {
    const auto s = submit({"-v", "X=1"});
    const std::map<std::string, std::string> expected = {{"HOME", "/home/pi"},
                                                         {"LOGNAME", "pi"},
                                                         {"PATH", "/usr/bin:/bin"},
                                                         {"SHELL", "/bin/bash"},
                                                         {"WORKDIR", dir_.path()}};
    EXPECT_EQ(s.spec.submit_env, expected);
    EXPECT_EQ(s.spec.submit_host, "head");
    EXPECT_EQ(s.spec.env, (std::vector<std::pair<std::string, std::string>>{{"X", "1"}}))
        << "without -V nothing else of the submit environment is passed";
}

TEST_F(Submit, Refusals) {
    EXPECT_EQ(refusal({"missing.sh"}),
              "Unable to read script file because of error: error opening missing.sh: No such "
              "file or directory");
    EXPECT_EQ(refusal({""}),
              "Unable to read script file because of error: error opening : Is a directory")
        << "an empty name is not stdin";
    dir_.write("prog", std::string("\x7f"
                                   "ELF\0\0",
                                   6));
    EXPECT_EQ(
        refusal({"prog"}),
        "script 'prog' looks like a binary program; to run a program directly use: qsub -b y prog");
    dir_.write("arr.sh", "echo\n\n#$ -cwd\n#$ -t 10-1   # ten tasks\n");
    EXPECT_EQ(refusal({"arr.sh"}),
              "arr.sh:4: option -t: task range '10-1' runs backwards: the first task (10) is after "
              "the last (1)");
}

TEST_F(Submit, ArraysDependenciesAndPlacementFromDirectives) {
    dir_.write("sweep.sh",
               "#!/bin/sh\n#$ -t 1-100:10 -tc 4\n#$ -hold_jid prep,41\n#$ -pe mpi 2-8\n"
               "#$ -l hostname=\"pi0[1-3]|gpu*\",exclusive=true,gpio=fan\n");
    const auto s = submit({"-hold_jid", "post", "-l", "gpio=led", "sweep.sh"});
    EXPECT_EQ(s.spec.task_first, 1);
    EXPECT_EQ(s.spec.task_last, 91);
    EXPECT_EQ(s.spec.task_step, 10);
    EXPECT_EQ(s.spec.max_running_tasks, 4);
    EXPECT_EQ(s.spec.hold_jids, (std::vector<std::string>{"prep", "41", "post"}))
        << "-hold_jid accumulates across the script and the command line";
    EXPECT_EQ(s.spec.slots, 2);
    EXPECT_EQ(s.spec.slots_max, 8);
    EXPECT_EQ(s.spec.nodes, std::vector<std::string>{"pi0[1-3]|gpu*"}) << "quotes are removed";
    EXPECT_TRUE(s.spec.exclusive);
    EXPECT_EQ(s.spec.gpio, (std::vector<std::string>{"fan", "led"}));
}

// qsub's exit status: 14 for a script it cannot read (Grid Engine's), 2 for a bad option, 1 else.
TEST_F(Submit, RefusalsSayWhichKindTheyAre) {
    const auto fault_of = [&](std::vector<std::string> args) {
        SubmitFault fault = SubmitFault::other;
        EXPECT_FALSE(parse_submission(context(std::move(args)), &fault).ok());
        return fault;
    };
    EXPECT_EQ(fault_of({"missing.sh"}), SubmitFault::script_file);
    EXPECT_EQ(fault_of({"-foo", "x.sh"}), SubmitFault::option);
    dir_.write("bad.sh", "#$ -pe smp 0\n");
    EXPECT_EQ(fault_of({"bad.sh"}), SubmitFault::option);
    dir_.write("big.sh", std::string(5 * 1024 * 1024, '#'));
    EXPECT_EQ(fault_of({"big.sh"}), SubmitFault::other) << "too large is not unreadable";
    EXPECT_EQ(fault_of({"-b", "y"}), SubmitFault::other);
}

TEST_F(Submit, HelpSubmitsNothing) {
    EXPECT_TRUE(submit({"-help"}).help);
}

// Every example in etc/jobs must be accepted as it ships.
TEST_F(Submit, ExampleJobsAreAccepted) {
    const std::filesystem::path jobs = std::filesystem::path(BRAMBLE_SOURCE_DIR) / "etc" / "jobs";
    int count = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(jobs)) {
        if (!entry.is_regular_file()) continue;
        auto s = parse_submission(context({entry.path().string()}));
        EXPECT_TRUE(s.ok()) << entry.path() << ": " << s.message();
        ++count;
    }
    EXPECT_GE(count, 6);
}

TEST_F(Submit, HelloGeScriptMeansWhatItSays) {
    const auto s = submit({std::string(BRAMBLE_SOURCE_DIR) + "/etc/jobs/hello-ge.sh"});
    EXPECT_EQ(s.spec.name, "hello-ge");
    EXPECT_EQ(s.spec.workdir, dir_.path());
    EXPECT_TRUE(s.spec.join);
    EXPECT_EQ(s.spec.shell, "/bin/sh");
    EXPECT_EQ(s.spec.walltime, 300);
    EXPECT_EQ(s.spec.slots, 1) << "the ##$ -pe line is switched off";
}

}  // namespace
}  // namespace bramble::jobscript
