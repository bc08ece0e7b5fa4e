// The pure parts of qrsh -inherit: its command line, the request it sends, which node a host name
// means for a job, and whether a calling process belongs to the job.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "execd/job_share.hpp"
#include "execd/qrsh_args.hpp"

namespace bramble::execd {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

TEST(QrshArgs, OpenMpisCallIsUnderstood) {
    auto args = parse_qrsh_args(
        {"-inherit", "-nostdin", "-V", "pi02", "orted", "-mca", "ess", "\"env\"", "--tree-spawn"});
    ASSERT_TRUE(args) << args.message();
    EXPECT_TRUE(args->nostdin);
    EXPECT_TRUE(args->export_all);
    EXPECT_FALSE(args->noshell);
    EXPECT_EQ(args->host, "pi02");
    EXPECT_THAT(args->command, ElementsAre("orted", "-mca", "ess", "\"env\"", "--tree-spawn"));
}

TEST(QrshArgs, OptionsAfterTheHostBelongToTheCommand) {
    auto args = parse_qrsh_args({"-inherit", "-v", "A,B=2", "-wd", "/data", "pi03", "ls", "-V"});
    ASSERT_TRUE(args) << args.message();
    EXPECT_THAT(args->variables, ElementsAre("A", "B=2"));
    EXPECT_EQ(args->wd, "/data");
    EXPECT_FALSE(args->export_all);
    EXPECT_THAT(args->command, ElementsAre("ls", "-V"));
}

TEST(QrshArgs, MistakesSayWhatIsAccepted) {
    const std::pair<std::vector<std::string>, const char*> cases[] = {
        {{"pi02", "hostname"}, "only starts tasks inside a running parallel job"},
        {{"-inherit"}, "no host given"},
        {{"-inherit", "pi02"}, "no command given for host pi02"},
        {{"-inherit", "-x", "pi02", "ls"}, "unknown option -x (qrsh -inherit accepts -nostdin"},
        {{"-inherit", "-v"}, "-v needs a value"},
    };
    for (const auto& [words, message] : cases) {
        auto args = parse_qrsh_args(words);
        ASSERT_FALSE(args) << message;
        EXPECT_THAT(args.message(), HasSubstr(message));
    }
}

TEST(QrshRequest, WordsAreJoinedForTheShellAsSshJoinsThem) {
    EXPECT_EQ(join_command({"orted", "-mca", "x", "\"a b\""}, false), "orted -mca x \"a b\"");
    // -noshell: every word stays one word (it's quoted for the shell).
    EXPECT_EQ(join_command({"echo", "a b", "it's"}, true), "'echo' 'a b' 'it'\\''s'");
}

TEST(QrshRequest, CarriesTheJobTheEnvironmentAndTheDirectory) {
    const EnvList env = {{"JOB_ID", "42"}, {"PATH", "/bin"}, {"A", "1"}};
    auto all = qrsh_request(*parse_qrsh_args({"-inherit", "-V", "-cwd", "pi02", "ls"}), env, "/w");
    ASSERT_TRUE(all) << all.message();
    EXPECT_EQ(all->job, 42u);
    EXPECT_EQ(all->host, "pi02");
    EXPECT_EQ(all->command, "ls");
    EXPECT_EQ(all->cwd, "/w");
    EXPECT_EQ(all->env, env);

    auto some =
        qrsh_request(*parse_qrsh_args({"-inherit", "-v", "A,B=2", "pi02", "ls"}), env, "/w");
    ASSERT_TRUE(some) << some.message();
    EXPECT_THAT(some->env, ElementsAre(Pair("JOB_ID", "42"), Pair("A", "1"), Pair("B", "2")));
    EXPECT_EQ(some->cwd, "") << "the owner's home, as Grid Engine's default";
}

TEST(QrshRequest, OutsideAJobThereIsNoRequest) {
    const auto args = *parse_qrsh_args({"-inherit", "pi02", "ls"});
    EXPECT_THAT(qrsh_request(args, {}, "/").message(), HasSubstr("JOB_ID is not set"));
    EXPECT_THAT(qrsh_request(args, {{"JOB_ID", "4x"}}, "/").message(),
                HasSubstr("JOB_ID '4x' is not a job id"));
}

JobShare share_of(std::map<std::string, std::string> hosts, const std::string& here) {
    JobShare share;
    share.id = 7;
    share.node = here;
    for (const auto& [node, host] : hosts)
        share.allocation.grants.push_back({.node = node, .cores = {0}, .memory = 0});
    share.hosts = std::move(hosts);
    return share;
}

TEST(NodeForHost, NamesAndHostNamesOfTheAllocationAreItsNodes) {
    const JobShare lab = share_of({{"pi01", "pi01.lab"}, {"pi02", "pi02.lab"}}, "pi01");
    const std::pair<const char*, const char*> cases[] = {
        {"pi02", "pi02"},        // a node name
        {"pi02.lab", "pi02"},    // the host name PE_HOSTFILE lists
        {"pi02.other", "pi02"},  // compared up to the first dot, as Open MPI shortens names
        {"pi01", "pi01"},        // this node
    };
    for (const auto& [host, node] : cases) {
        auto found = node_for_host(host, lab, "pi01");
        ASSERT_TRUE(found) << host << ": " << found.message();
        EXPECT_EQ(*found, node) << host;
    }
}

TEST(NodeForHost, AHostOutsideTheAllocationIsRefusedNamingTheJobsHosts) {
    const JobShare lab = share_of({{"pi01", "pi01.lab"}, {"pi02", "pi02.lab"}}, "pi01");
    auto found = node_for_host("pi03", lab, "pi01");
    ASSERT_FALSE(found);
    EXPECT_EQ(found.message(),
              "host pi03 is not part of job 7's allocation (its hosts: pi01.lab, pi02.lab)");
}

TEST(NodeForHost, AHostNameNodesShareMeansThisNodeWhenItIsOne) {
    // Several execds posing as nodes on one machine: the machine's name is this node.
    const JobShare shared = share_of({{"pi01", "box"}, {"pi02", "box"}}, "pi02");
    EXPECT_EQ(*node_for_host("box", shared, "box"), "pi02");
    const JobShare elsewhere = share_of({{"pi01", "box"}, {"pi02", "box"}}, "pi03");
    EXPECT_THAT(node_for_host("box", elsewhere, "other").message(),
                HasSubstr("host box is several nodes of job 7"));
}

TEST(Ancestry, OnlyDescendantsOfTheJobsRootsBelongToIt) {
    // 1 <- 100 (shepherd) <- 110 (mpirun) <- 120 (qrsh); 1 <- 200 (another job) <- 210
    const std::map<pid_t, pid_t> parents = {{100, 1}, {110, 100}, {120, 110},
                                            {200, 1}, {210, 200}, {300, 1}};
    const ParentOf parent_of = [&](pid_t pid) {
        const auto it = parents.find(pid);
        return it == parents.end() ? -1 : it->second;
    };
    const std::pair<pid_t, bool> cases[] = {{120, true},  {100, true},  {210, false},
                                            {300, false}, {999, false}, {1, false}};
    for (const auto& [pid, belongs] : cases)
        EXPECT_EQ(descends_from(pid, {100, 500}, parent_of), belongs) << pid;
}

TEST(Ancestry, ALoopInAStaleProcessTableEnds) {
    const ParentOf loop = [](pid_t pid) { return pid == 10 ? 11 : 10; };
    EXPECT_FALSE(descends_from(10, {100}, loop));
}

}  // namespace
}  // namespace bramble::execd
