// Grid Engine's accounting file as tools that read it themselves see it: a line per finished job
// or array task in $SGE_ROOT/default/common/accounting (sge_root defaults to <spool>/sge_root),
// written after the job's end is committed, none for a job deleted before it started, and lines
// lost to a crash (or torn by one) written again from the spool when the scheduler starts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

class AccountingFile : public ClusterSuite {
  protected:
    [[nodiscard]] std::string path() const {
        return (cluster().dir() / "spool/sge_root/default/common/accounting").string();
    }

    [[nodiscard]] std::string content() const { return slurp(path()); }

    [[nodiscard]] std::vector<std::string> lines() const {
        std::vector<std::string> out;
        std::istringstream in(content());
        for (std::string line; std::getline(in, line);)
            out.push_back(line);
        return out;
    }

    static std::vector<std::string> fields(const std::string& line) {
        std::vector<std::string> out;
        std::istringstream in(line);
        for (std::string field; std::getline(in, field, ':');)
            out.push_back(field);
        return out;
    }

    // The fields of the line of job `id` (task `task`), or none when the file has no such line.
    [[nodiscard]] std::vector<std::string> line_of(std::uint64_t id, int task = 0) const {
        for (const auto& line : lines()) {
            auto f = fields(line);
            if (f.size() == 45 && f[5] == std::to_string(id) && f[35] == std::to_string(task))
                return f;
        }
        return {};
    }

    std::uint64_t finished(const std::vector<std::string>& args) {
        std::vector<std::string> all = {"-cwd"};
        all.insert(all.end(), args.begin(), args.end());
        const auto id = cluster().submit(all);
        EXPECT_TRUE(id != 0 && cluster().wait_gone(id)) << "job " << id;
        return id;
    }
};

TEST_F(AccountingFile, AFinishedJobHasGridEnginesLine) {
    const auto id = finished({"-N", "failing", "-b", "y", "/bin/sh", "-c", "exit 3"});
    ASSERT_TRUE(cluster().wait_until([&] { return !line_of(id).empty(); }, 10s)) << path() << ":\n"
                                                                                 << content();
    const auto f = line_of(id);
    EXPECT_EQ(f[0], "all.q");                                // qname
    EXPECT_EQ(f[1], cluster().qacct_value(id, "hostname"));  // the node's, as qacct says
    EXPECT_EQ(f[3], me());                                   // owner
    EXPECT_EQ(f[4], "failing");                              // job_name
    EXPECT_EQ(f[6], "sge");                                  // account
    EXPECT_LE(std::stoll(f[8]), std::stoll(f[9])) << "submitted before it started";
    EXPECT_LE(std::stoll(f[9]), std::stoll(f[10])) << "started before it ended";
    EXPECT_EQ(f[11], "0");  // failed
    EXPECT_EQ(f[12], "3");  // exit_status
    EXPECT_GT(std::stol(f[21]), 0) << "a shell takes page faults (ru_minflt)";
    EXPECT_EQ(f[32], "defaultdepartment");
    EXPECT_EQ(f[33], "NONE");  // granted_pe
    EXPECT_EQ(f[34], "1");     // slots
    EXPECT_EQ(f[35], "0");     // task_number
    EXPECT_EQ(cluster().qacct_value(id, "exit_status"), "3") << "qacct and the file agree";
}

TEST_F(AccountingFile, EachArrayTaskHasItsLine) {
    const ProcessResult r = cluster().run("qsub", {"-cwd", "-t", "1-2", "-b", "y", "/bin/true"});
    std::smatch submitted;
    ASSERT_TRUE(std::regex_search(r.out, submitted, std::regex("job-array ([0-9]+)\\.")))
        << r.describe();
    const auto id = std::stoull(submitted[1]);
    ASSERT_TRUE(cluster().wait_gone(id));
    ASSERT_TRUE(cluster().wait_until(
        [&] { return !line_of(id, 1).empty() && !line_of(id, 2).empty(); }, 10s))
        << content();
    EXPECT_EQ(line_of(id, 2)[12], "0");
}

// As in Grid Engine, a job that never ran has no accounting record.
TEST_F(AccountingFile, AJobDeletedBeforeItStartedHasNoLine) {
    const auto id = cluster().submit({"-h", "-b", "y", "/bin/true"});
    ASSERT_NE(id, 0u);
    ASSERT_EQ(cluster().run("qdel", {std::to_string(id)}).exit_code, 0);
    ASSERT_TRUE(cluster().wait_gone(id));
    const auto after = finished({"-b", "y", "/bin/true"});
    ASSERT_TRUE(cluster().wait_until([&] { return !line_of(after).empty(); }, 10s));
    EXPECT_TRUE(line_of(id).empty()) << content();
}

// A crash after the commit that ended a job but before (or in the middle of) the write of its
// line: the next start appends what the file lacks, once, and cuts the torn piece.
TEST_F(AccountingFile, ARestartCatchesUpFromTheSpool) {
    const auto id = finished({"-N", "caught-up", "-b", "y", "/bin/sh", "-c", "exit 3"});
    ASSERT_TRUE(cluster().wait_until([&] { return !line_of(id).empty(); }, 10s));
    const auto before = lines();
    ASSERT_EQ(fields(before.back())[5], std::to_string(id)) << "the job's line is the last";
    ASSERT_TRUE(cluster().restart_scheduler([&] {
        std::string text = content();
        const auto last = text.rfind('\n', text.size() - 2);
        text.resize(last + 1 + 40);  // the last line, torn after 40 bytes
        std::ofstream(path(), std::ios::trunc) << text;
    }));
    ASSERT_TRUE(cluster().wait_until([&] { return lines().size() == before.size(); }, 10s))
        << content();
    EXPECT_EQ(lines(), before);
    const auto caught_up = line_of(id);
    ASSERT_EQ(caught_up.size(), 45u) << content();
    EXPECT_EQ(caught_up[12], "3");
}

}  // namespace
}  // namespace bramble::test
