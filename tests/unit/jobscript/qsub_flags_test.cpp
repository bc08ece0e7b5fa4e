// qsub options -> JobSpec: every option the front door honours, refuses or ignores.
#include "jobscript/qsub_flags.hpp"

#include <gtest/gtest.h>

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
    EXPECT_EQ(refusal({"-l", "hostname=a|b"}),
              "option -l: 'a|b': choosing among several hosts is not supported; name one node");
    EXPECT_EQ(refusal({"-l", "slots=0"}), "option -l: slots must be a positive integer, got 0");
}

TEST(QsubFlags, ParallelEnvironment) {
    const auto o = apply({"-pe", "smp", "4"});
    EXPECT_EQ(o.spec.pe, "smp");
    EXPECT_EQ(o.spec.slots, 4);
    EXPECT_EQ(apply({"-pe", "mpi", "8-8"}).spec.slots, 8);
    EXPECT_EQ(refusal({"-pe", "smp", "0"}),
              "option -pe: slot count must be a positive integer, got 0");
    EXPECT_EQ(refusal({"-pe", "smp", "5000"}),
              "option -pe: slot count must be at most 4096, got 5000");
    EXPECT_EQ(refusal({"-pe", "smp", "2-8"}),
              "option -pe: slot ranges (2-8) are not supported; give one number");
    EXPECT_EQ(refusal({"-pe", "smp"}),
              "option -pe: missing a parallel environment and a slot count");
}

TEST(QsubFlags, Queue) {
    EXPECT_EQ(apply({"-q", "all.q"}).spec.queue, "all.q");
    const auto pinned = apply({"-q", "all.q@pi02"});
    EXPECT_EQ(pinned.spec.queue, "all.q");
    EXPECT_EQ(pinned.spec.nodes, std::vector<std::string>{"pi02"});
    const auto any = apply({"-q", "*@pi05"});
    EXPECT_EQ(any.spec.queue, "");
    EXPECT_EQ(any.spec.nodes, std::vector<std::string>{"pi05"});
    EXPECT_EQ(refusal({"-q", "a.q,b.q"}),
              "option -q: 'a.q,b.q': choosing among several queues is not supported; give QUEUE or "
              "QUEUE@NODE");
    EXPECT_EQ(refusal({"-q", "all.q@@pis"}),
              "option -q: 'all.q@@pis': host groups (@@) are not supported; name one node");
}

TEST(QsubFlags, ValueChecks) {
    EXPECT_EQ(refusal({"-p", "2000"}),
              "option -p: must be a whole number from -1023 to 1024, got 2000");
    EXPECT_EQ(refusal({"-p", "high"}),
              "option -p: must be a whole number from -1023 to 1024, got high");
    EXPECT_EQ(refusal({"-j", "maybe"}), "option -j: expected y or n, got 'maybe'");
    EXPECT_EQ(refusal({"-N", "a/b"}),
              "option -N: job name 'a/b' may not contain blanks, control characters or any of / : "
              "@ \\ * ?");
    EXPECT_EQ(refusal({"-N"}), "option -N: missing a job name");
    EXPECT_EQ(refusal({"-m", "bex"}), "option -m: expected letters from b, e, a, s, n, got 'bex'");
}

TEST(QsubFlags, LaterMilestonesAreRefusedByName) {
    EXPECT_EQ(refusal({"-t", "1-10"}), "option -t (array jobs) is not supported yet");
    EXPECT_EQ(refusal({"-tc", "2"}), "option -tc (array jobs) is not supported yet");
    EXPECT_EQ(refusal({"-hold_jid", "prep"}),
              "option -hold_jid (job dependencies) is not supported yet");
    EXPECT_EQ(refusal({"-sync", "y"}),
              "option -sync: waiting for the job (-sync y) is not supported yet");
    EXPECT_EQ(refusal({"-now", "yes"}),
              "option -now: immediate jobs (-now y) is not supported yet");
    EXPECT_EQ(refusal({"-w", "v"}),
              "option -w: verification without submitting is not supported yet");
    EXPECT_EQ(refusal({"-foo"}), "unknown option -foo");
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
    EXPECT_EQ(refusal({"-pe", "smp", "-3"}, directive),
              "run.sh:7: option -pe: slot count must be a positive integer, got -3");
    EXPECT_EQ(refusal({"-t", "1-5"}, directive),
              "run.sh:7: option -t (array jobs) is not supported yet");
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

}  // namespace
}  // namespace bramble::jobscript
