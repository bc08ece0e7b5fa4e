// qsub options -> JobSpec: every option the front door honours, refuses or ignores.
#include "jobscript/qsub_flags.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "temp_files.hpp"

namespace bramble::jobscript {
namespace {

constexpr std::uint64_t kMiB = 1024ULL * 1024;
constexpr std::uint64_t kGiB = 1024 * kMiB;

const SubmitEnvironment kEnv{"/home/pi/work",
                             {{"HOME", "/home/pi"}, {"PATH", "/usr/bin"}, {"B", "from-env"}}};
const WordSource kCommandLine{};

// Applies command-line words to fresh options; fails the test if they are refused.
QsubOptions apply(const std::vector<std::string>& words) {
    QsubOptions options;
    auto used = apply_qsub_options(options, words, kCommandLine, kEnv);
    EXPECT_TRUE(used.ok()) << used.message();
    return options;
}

std::string refusal(const std::vector<std::string>& words,
                    const WordSource& source = kCommandLine) {
    QsubOptions options;
    auto used = apply_qsub_options(options, words, source, kEnv);
    return used ? "accepted" : used.message();
}

TEST(QsubFlags, SimpleOptionsSetTheSpec) {
    const auto o = apply({"-N", "pi", "-o", "logs/", "-e", "/dev/null", "-j", "y", "-S",
                          "/bin/bash", "-h", "-p", "-100", "-A", "acct", "-P", "proj", "-terse"});
    EXPECT_EQ(o.spec.name, "pi");
    EXPECT_EQ(o.spec.stdout_path, "logs/");
    EXPECT_EQ(o.spec.stderr_path, "/dev/null");
    EXPECT_TRUE(o.spec.join);
    EXPECT_EQ(o.spec.shell, "/bin/bash");
    EXPECT_TRUE(o.spec.hold);
    EXPECT_EQ(o.spec.priority, -100);
    EXPECT_EQ(o.spec.account, "acct");
    EXPECT_EQ(o.spec.project, "proj");
    EXPECT_TRUE(o.terse);
}

TEST(QsubFlags, WorkingDirectory) {
    EXPECT_EQ(apply({"-cwd"}).spec.workdir, "/home/pi/work");
    EXPECT_EQ(apply({"-wd", "../data/"}).spec.workdir, "/home/pi/data");
    EXPECT_EQ(apply({"-wd", "/scratch"}).spec.workdir, "/scratch");
    EXPECT_EQ(apply({"-wd", "/scratch", "-cwd"}).spec.workdir, "/home/pi/work") << "last one wins";
}

TEST(QsubFlags, Environment) {
    const auto all = apply({"-V"});
    EXPECT_EQ(all.spec.env, kEnv.vars);
    const auto some = apply({"-v", "A=1,B", "-v", "C="});
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"A", "1"}, {"B", "from-env"}, {"C", ""}};
    EXPECT_EQ(some.spec.env, expected);
    const auto both = apply({"-V", "-v", "PATH=/opt/bin"});
    EXPECT_EQ(both.spec.env[1], (std::pair<std::string, std::string>{"PATH", "/opt/bin"}))
        << "replaced in place";
    EXPECT_EQ(refusal({"-v", "1X=2"}), "option -v: '1X' is not a valid environment variable name");
}

TEST(QsubFlags, ResourceLists) {
    // mem_free=1G and h_vmem=1.5G: the job gets the larger, 1.5G per slot.
    const auto o =
        apply({"-l", "mem_free=1G,h_vmem=1.5G", "-l", "h_rt=72:00:00", "-l", "gpu_card=1"});
    EXPECT_EQ(o.spec.memory_per_slot, kGiB + kGiB / 2);
    EXPECT_EQ(o.spec.walltime, 72 * 3600);
    EXPECT_EQ(o.spec.resources.at("gpu_card"), "1") << "site resources are kept as written";
    EXPECT_EQ(o.spec.resources.at("h_vmem"), "1.5G");
    EXPECT_EQ(apply({"-l", "h_rt=00:02"}).spec.walltime, 2) << "dask's MM:SS-looking value is m:s";
    EXPECT_EQ(apply({"-l", "s_rt=:50:"}).spec.walltime, 0) << "s_rt is soft: no hard limit";
    EXPECT_EQ(apply({"-l", "h_rss=512M"}).spec.memory_per_slot, 512 * kMiB);
    EXPECT_EQ(apply({"-l", "hostname=pi03"}).spec.nodes, std::vector<std::string>{"pi03"});
    EXPECT_EQ(apply({"-l", "h=pi04"}).spec.nodes, std::vector<std::string>{"pi04"});
    EXPECT_EQ(apply({"-l", "slots=4"}).spec.slots, 4) << "Nextflow's form without a pe";
    EXPECT_EQ(apply({"-l", "h_vmem=4G", "-l", "h_vmem=2G"}).spec.memory_per_slot, 2 * kGiB)
        << "a later request for the same resource replaces the earlier one";
}

TEST(QsubFlags, ResourceErrors) {
    EXPECT_EQ(refusal({"-l", "h_vmem=-3G"}),
              "option -l: memory size '-3G' must be a positive number such as 512M or 2G");
    EXPECT_EQ(refusal({"-l", "h_vmem=0"}), "option -l: memory size '0' must be more than zero");
    EXPECT_EQ(refusal({"-l", "h_rt=1:xx"}),
              "option -l: time '1:xx' is not [[hours:]minutes:]seconds (e.g. 4:00:00)");
    EXPECT_EQ(refusal({"-l", "gpu"}), "option -l: 'gpu' is not NAME=VALUE (e.g. h_vmem=2G)");
    EXPECT_EQ(refusal({"-l", "hostname=pi0[1-3"}),
              "option -l: 'pi0[1-3' is not a node name or pattern: '[' at position 4 is never "
              "closed with ']'");
    EXPECT_EQ(refusal({"-l", "slots=0"}), "option -l: slots must be a positive integer, got 0");
    EXPECT_EQ(refusal({"-l", "exclusive=maybe"}),
              "option -l: exclusive expected true or false (or yes, no, 1, 0), got 'maybe'");
    EXPECT_EQ(
        refusal({"-l", "gpio=fan.1"}),
        "option -l: 'fan.1' is not a GPIO line name (letters, digits, '_' and '-', e.g. fan)");
    EXPECT_EQ(refusal({"-l", "gpu="}), "option -l: 'gpu=' is not NAME=VALUE (e.g. h_vmem=2G)");
}

TEST(QsubFlags, NodePatterns) {
    const struct {
        std::vector<std::string> words;
        std::vector<std::string> nodes;
    } cases[] = {
        {{"-l", "hostname=pi0[1-3]"}, {"pi0[1-3]"}},
        {{"-l", "h=pi*"}, {"pi*"}},
        {{"-l", "hostname=pi01|pi02"}, {"pi01|pi02"}},
        {{"-q", "all.q@pi0[1-3]"}, {"pi0[1-3]"}},
        {{"-q", "all.q@pi01,all.q@pi02"}, {"pi01", "pi02"}},
        {{"-q", "*@pi01,*@gpu*"}, {"pi01", "gpu*"}},
        {{"-l", "h=pi01", "-l", "h=pi02"}, {"pi02"}},  // a later request replaces the earlier
    };
    for (const auto& c : cases)
        EXPECT_EQ(apply(c.words).spec.nodes, c.nodes) << c.words[1];
}

TEST(QsubFlags, ExclusiveInEveryWriting) {
    for (const char* yes : {"exclusive=true", "excl=TRUE", "exclusive=1", "excl=yes"})
        EXPECT_TRUE(apply({"-l", yes}).spec.exclusive) << yes;
    for (const char* no : {"exclusive=false", "excl=0", "exclusive=no"})
        EXPECT_FALSE(apply({"-l", "excl=true", "-l", no}).spec.exclusive) << no;
    EXPECT_EQ(apply({"-l", "excl=TRUE"}).spec.resources.at("excl"), "TRUE")
        << "kept as written for qstat -j";
}

TEST(QsubFlags, GpioLinesAccumulate) {
    const auto o = apply({"-l", "gpio=fan,gpio=led", "-l", "gpio=fan", "-l", "gpio=buzzer"});
    EXPECT_EQ(o.spec.gpio, (std::vector<std::string>{"fan", "led", "buzzer"}));
    EXPECT_EQ(o.spec.resources.count("gpio"), 0U) << "lines live in spec.gpio only";
}

TEST(QsubFlags, ARefusedResourceListChangesNothing) {
    QsubOptions options;
    ASSERT_TRUE(apply_qsub_options(options, {"-l", "h_rt=1:00:00"}, kCommandLine, kEnv).ok());
    auto refused =
        apply_qsub_options(options, {"-l", "h_rt=2:00:00,gpio=fan,h_vmem=0"}, kCommandLine, kEnv);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(options.spec.walltime, 3600);
    EXPECT_TRUE(options.spec.gpio.empty());
    EXPECT_EQ(options.spec.resources.at("h_rt"), "1:00:00");
}

TEST(QsubFlags, ParallelEnvironment) {
    const struct {
        const char* count;
        int slots;
        int slots_max;
    } cases[] = {
        {"4", 4, 0}, {"8-8", 8, 0}, {"2-8", 2, 8}, {"4-", 4, 4096}, {"-6", 1, 6},
    };
    for (const auto& c : cases) {
        const auto o = apply({"-pe", "mpi", c.count});
        EXPECT_EQ(o.spec.pe, "mpi");
        EXPECT_EQ(o.spec.slots, c.slots) << c.count;
        EXPECT_EQ(o.spec.slots_max, c.slots_max) << c.count;
    }
    EXPECT_EQ(apply({"-pe", "mpi", "2-8", "-l", "slots=3"}).spec.slots_max, 0)
        << "-l slots=N asks for exactly N";
    EXPECT_EQ(refusal({"-pe", "smp", "0"}),
              "option -pe: slot count must be a positive integer, got 0");
    EXPECT_EQ(refusal({"-pe", "smp", "5000"}),
              "option -pe: slot count must be at most 4096, got 5000");
    EXPECT_EQ(refusal({"-pe", "smp", "8-2"}),
              "option -pe: slot range '8-2' runs backwards: the least (8) is more than the most "
              "(2)");
    EXPECT_EQ(refusal({"-pe", "smp"}),
              "option -pe: missing a parallel environment and a slot count");
    EXPECT_EQ(refusal({"-pe", "", "2"}),
              "option -pe: parallel environment is empty: names are printable characters "
              "without blanks or / : @ \\ * ?");
}

TEST(QsubFlags, ArrayJobs) {
    const auto o = apply({"-t", "1-100:2", "-tc", "5"});
    EXPECT_EQ(o.spec.task_first, 1);
    EXPECT_EQ(o.spec.task_last, 99);
    EXPECT_EQ(o.spec.task_step, 2);
    EXPECT_EQ(o.spec.max_running_tasks, 5);
    const auto single = apply({"-t", "12"});
    EXPECT_EQ(single.spec.task_first, 12);
    EXPECT_EQ(single.spec.task_last, 12);
    EXPECT_EQ(refusal({"-t", "0-50:10"}),
              "option -t: task range '0-50:10': the first task must be a whole number from 1 to "
              "2147483647, got '0'");
    EXPECT_EQ(refusal({"-tc", "0"}),
              "option -tc: the most tasks running at once must be a positive integer, got '0'");
    EXPECT_EQ(refusal({"-t"}), "option -t: missing a task range (N, N-M or N-M:STEP)");
}

TEST(QsubFlags, Dependencies) {
    const auto o = apply(
        {"-hold_jid", "41,prep", "-hold_jid", "post*", "-hold_jid_ad", "sim", "-hold_jid", "prep"});
    EXPECT_EQ(o.spec.hold_jids, (std::vector<std::string>{"41", "prep", "post*"}));
    EXPECT_EQ(o.spec.hold_jids_by_task, std::vector<std::string>{"sim"});
    EXPECT_EQ(refusal({"-hold_jid", "a,,b"}), "option -hold_jid: empty job id or name in 'a,,b'");
    EXPECT_EQ(refusal({"-hold_jid_ad"}),
              "option -hold_jid_ad: missing array job ids or names (a,b)");
}

TEST(QsubFlags, Queue) {
    EXPECT_EQ(apply({"-q", "all.q"}).spec.queue, "all.q");
    const auto pinned = apply({"-q", "all.q@pi02"});
    EXPECT_EQ(pinned.spec.queue, "all.q");
    EXPECT_EQ(pinned.spec.nodes, std::vector<std::string>{"pi02"});
    const auto any = apply({"-q", "*@pi05"});
    EXPECT_EQ(any.spec.queue, "");
    EXPECT_EQ(any.spec.nodes, std::vector<std::string>{"pi05"});
    const std::string several =
        ": choosing among several queues is not supported; give QUEUE, QUEUE@NODE or "
        "QUEUE@NODE1,QUEUE@NODE2";
    EXPECT_EQ(refusal({"-q", "a.q,b.q"}), "option -q: 'a.q,b.q'" + several);
    EXPECT_EQ(refusal({"-q", "a.q@pi01,b.q@pi02"}), "option -q: 'a.q@pi01,b.q@pi02'" + several);
    EXPECT_EQ(refusal({"-q", "a.q@pi01,a.q"}), "option -q: 'a.q@pi01,a.q'" + several);
    EXPECT_EQ(refusal({"-q", "all.q@@pis"}),
              "option -q: 'all.q@@pis': host groups (@@) are not supported; name the nodes");
    EXPECT_EQ(refusal({"-q", "all.q@pi0[1"}),
              "option -q: 'pi0[1' is not a node name or pattern: '[' at position 4 is never "
              "closed with ']'");
    EXPECT_EQ(refusal({"-q", "all.q@"}), "option -q: empty node name");
    EXPECT_EQ(refusal({"-q", "a?.q"}), "option -q: 'a?.q': queue patterns are not supported");
}

TEST(QsubFlags, ValueChecks) {
    EXPECT_EQ(refusal({"-p", "2000"}),
              "option -p: must be a whole number from -1023 to 1024, got 2000");
    EXPECT_EQ(refusal({"-p", "-1024"}),
              "option -p: must be a whole number from -1023 to 1024, got -1024");
    EXPECT_EQ(apply({"-p", "1024"}).spec.priority, 1024);
    EXPECT_EQ(apply({"-p", "-1023"}).spec.priority, -1023);
    EXPECT_EQ(refusal({"-p", "high"}),
              "option -p: must be a whole number from -1023 to 1024, got high");
    EXPECT_EQ(refusal({"-j", "maybe"}), "option -j: expected y or n, got 'maybe'");
    EXPECT_EQ(refusal({"-N", "a/b"}),
              "option -N: job name \"a/b\" contains '/' at position 2: names are printable "
              "characters without blanks or / : @ \\ * ?");
    EXPECT_EQ(refusal({"-N"}), "option -N: missing a job name");
    EXPECT_EQ(refusal({"-m", "bex"}),
              "option -m: expected letters from b, e, a, s, n, got \"bex\"");
}

TEST(QsubFlags, LaterMilestonesAreRefusedByName) {
    EXPECT_EQ(refusal({"-a", "202501010000"}),
              "option -a (deferred start times) is not supported yet");
    EXPECT_EQ(refusal({"-w", "v"}),
              "option -w: verification without submitting is not supported yet");
    EXPECT_EQ(refusal({"-foo"}), "invalid option argument \"-foo\"");
}

TEST(QsubFlags, SyncAsksQsubToWaitForTheJob) {
    EXPECT_TRUE(apply({"-sync", "y"}).sync);
    EXPECT_FALSE(apply({"-sync", "n"}).sync);
    EXPECT_THAT(refusal({"-sync", "maybe"}), ::testing::StartsWith("option -sync: "));
}

TEST(QsubFlags, NowAsksForAnImmediateJob) {
    EXPECT_TRUE(apply({"-now", "yes"}).spec.immediate);
    EXPECT_FALSE(apply({"-now", "n"}).spec.immediate);
    EXPECT_THAT(refusal({"-now", "maybe"}), ::testing::StartsWith("option -now: "));
}

TEST(QsubFlags, HarmlessOptionsAreAccepted) {
    const auto o = apply({"-m",       "bea",      "-M",    "pi@example.org",
                          "-notify",  "-r",       "y",     "-R",
                          "yes",      "-w",       "e",     "-js",
                          "10",       "-shell",   "n",     "-binding",
                          "linear:1", "-binding", "env",   "linear:2",
                          "-sync",    "n",        "-now",  "n",
                          "-c",       "n",        "-ckpt", "none"});
    EXPECT_EQ(o.spec.name, "");
}

TEST(QsubFlags, SoftRequestsAreIgnoredUntilHard) {
    const auto o = apply({"-soft", "-l", "h_vmem=8G", "-q", "fast.q", "-hard", "-l", "h_vmem=1G"});
    EXPECT_EQ(o.spec.memory_per_slot, kGiB);
    EXPECT_EQ(o.spec.queue, "");
}

TEST(QsubFlags, StopsAtTheFirstOperandOnTheCommandLine) {
    QsubOptions options;
    auto at = apply_qsub_options(options, {"-cwd", "job.sh", "-N", "arg"}, kCommandLine, kEnv);
    ASSERT_TRUE(at.ok());
    EXPECT_EQ(*at, 1U);
    EXPECT_EQ(options.spec.name, "") << "words after the script are its arguments";
    auto dash = apply_qsub_options(options, {"-", "x"}, kCommandLine, kEnv);
    EXPECT_EQ(*dash, 0U) << "'-' is the script read from standard input";
}

TEST(QsubFlags, DirectiveErrorsNameFileAndLine) {
    const WordSource directive{WordSource::Kind::directive, "run.sh", 7};
    EXPECT_EQ(refusal({"-pe", "smp", "0"}, directive),
              "run.sh:7: option -pe: slot count must be a positive integer, got 0");
    EXPECT_EQ(refusal({"-t", "5-1"}, directive),
              "run.sh:7: option -t: task range '5-1' runs backwards: the first task (5) is after "
              "the last (1)");
    EXPECT_EQ(refusal({"-cwd", "stray"}, directive),
              "run.sh:7: unexpected word 'stray' (options start with '-')");
    EXPECT_EQ(refusal({"-b", "y"}, directive),
              "run.sh:7: option -b: only valid on the command line, not in a script (-b)");
    EXPECT_EQ(refusal({"-C", "#PBS"}, directive),
              "run.sh:7: option -C: only valid on the command line, not in a script (-C)");
}

TEST(QsubFlags, CommandLineOnlyOptions) {
    const auto o = apply({"-b", "y", "-C", "#PBS", "-help"});
    EXPECT_TRUE(o.spec.binary);
    EXPECT_EQ(o.directive_prefix, "#PBS");
    EXPECT_TRUE(o.help);
}

TEST(QsubFlags, OptionsFile) {
    testing::TempDir dir;
    dir.write("opts", "-N from-file   # the name\n\n-l h_vmem=1G -cwd\n");
    dir.write("bad", "-j y\n-pe smp 0\n");
    dir.write("loop", "-@ loop\n");
    const SubmitEnvironment env{dir.path(), {}};
    QsubOptions options;
    ASSERT_TRUE(apply_qsub_options(options, {"-@", "opts"}, kCommandLine, env).ok());
    EXPECT_EQ(options.spec.name, "from-file");
    EXPECT_EQ(options.spec.memory_per_slot, kGiB);
    EXPECT_EQ(options.spec.workdir, dir.path());

    auto bad = apply_qsub_options(options, {"-@", "bad"}, kCommandLine, env);
    EXPECT_EQ(bad.message(), "bad:2: option -pe: slot count must be a positive integer, got 0");
    auto loop = apply_qsub_options(options, {"-@", "loop"}, kCommandLine, env);
    EXPECT_EQ(loop.message(),
              "loop:1: option -@: options files nest deeper than 4 (does 'loop' name itself?)");
    auto missing = apply_qsub_options(options, {"-@", "nope"}, kCommandLine, env);
    EXPECT_EQ(missing.message(),
              "option -@: cannot read options file 'nope': No such file or directory");
}

// The scheduler applies qalter's words as root: it must never open the file a user names.
TEST(QsubFlags, OptionsFilesRefusedWhereFilesAreNotAllowed) {
    testing::TempDir dir;
    dir.write("opts", "-N from-file\n");
    QsubOptions options;
    options.files_allowed = false;
    auto refused = apply_qsub_options(options, {"-@", "opts"}, kCommandLine, {dir.path(), {}});
    EXPECT_EQ(refused.message(),
              "option -@: options files are read by the client, as the user; the scheduler reads "
              "no file on anybody's behalf (qalter expands -@ before sending)");
    EXPECT_TRUE(options.spec.name.empty());
}

TEST(QsubFlags, ExpandOptionsFilesInlinesTheWordsTheFilesHold) {
    testing::TempDir dir;
    dir.write("opts", "-N from-file   # the name\n-@ inner\n");
    dir.write("inner", "-p -5\n");
    dir.write("loop", "-@ loop\n");
    auto words = expand_options_files({"-h", "-@", "opts", "-j", "y"}, dir.path());
    ASSERT_TRUE(words.ok()) << words.message();
    EXPECT_EQ(*words, (std::vector<std::string>{"-h", "-N", "from-file", "-p", "-5", "-j", "y"}));
    EXPECT_EQ(expand_options_files({"-@", "loop"}, dir.path()).message(),
              "option -@: options files nest deeper than 4 (does 'loop' name itself?)");
    EXPECT_EQ(expand_options_files({"-@"}, dir.path()).message(),
              "option -@: missing an options file");
}

// -v is linear and bounded: 200,000 entries are refused at once (they took 32 s, quadratic).
TEST(QsubFlags, HugeVariableListsAreRefusedQuickly) {
    std::string list;
    for (int i = 0; i < 200000; ++i)
        list += (i == 0 ? "V" : ",V") + std::to_string(i) + "=x";
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(refusal({"-v", list}),
              "option -v: the list names 200000 variables; a job may have at most 4096");
    std::vector<std::string> words;
    for (int i = 0; i < 5000; ++i) {
        words.push_back("-v");
        words.push_back("V" + std::to_string(i) + "=x");
    }
    EXPECT_EQ(refusal(words),
              "option -v: more than 4096 environment variables; a job may have at most 4096");
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
    // A later value of a name replaces the earlier one in place.
    const auto o = apply({"-v", "A=1,B,C=3", "-v", "A=9"});
    EXPECT_EQ(o.spec.env, (std::vector<std::pair<std::string, std::string>>{
                              {"A", "9"}, {"B", "from-env"}, {"C", "3"}}));
}

}  // namespace
}  // namespace bramble::jobscript
