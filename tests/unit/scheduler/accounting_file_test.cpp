// Grid Engine 8.1.9's accounting line (accounting(5): 45 colon-separated fields, sge_rusage.c's
// number formats) and the file the scheduler appends it to as root.
#include "accounting_file.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "accounting_line.hpp"
#include "support/temp_dir.hpp"

namespace bramble::scheduler {
namespace {

wire::AccountingRecord finished_task() {
    wire::AccountingRecord r;
    r.queue = "all.q";
    r.host = "pi01";
    r.group = "users";
    r.owner = "alice";
    r.name = "align.sh";
    r.job = 42;
    r.task = 3;
    r.account = "sge";
    r.priority = 0;
    r.submit_time = 1765100000;
    r.start_time = 1765100005;
    r.end_time = 1765100017;
    r.failed = 0;
    r.exit_status = 3;
    r.wall_seconds = 12.7;
    r.user_seconds = 1.25;
    r.system_seconds = 0.5;
    r.max_rss_kb = 4764;
    r.minor_faults = 812;
    r.major_faults = 2;
    r.blocks_in = 16;
    r.blocks_out = 24;
    r.voluntary_switches = 31;
    r.involuntary_switches = 4;
    r.project = "NONE";
    r.pe = "smp";
    r.slots = 2;
    r.category = "-pe smp 2";
    return r;
}

// Written out field by field from accounting(5)'s list, in its order: qname, hostname, group,
// owner, job_name, job_number, account, priority, submission_time, start_time, end_time, failed,
// exit_status, ru_wallclock, ru_utime, ru_stime, ru_maxrss, ru_ixrss, ru_ismrss, ru_idrss,
// ru_isrss, ru_minflt, ru_majflt, ru_nswap, ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv,
// ru_nsignals, ru_nvcsw, ru_nivcsw, project, department, granted_pe, slots, task_number, cpu,
// mem, io, category, iow, pe_taskid, maxvmem, arid, ar_submission_time.
TEST(AccountingLine, HasGridEnginesFieldsInItsOrderAndFormats) {
    const std::string expected =
        "all.q:pi01:users:alice:align.sh:42:sge:0:1765100000:1765100005:1765100017:0:3:"
        "12:1.250000:0.500000:4764.000000:0:0:0:0:812:2:0:16.000000:24:0:0:0:31:4:"
        "NONE:defaultdepartment:smp:2:3:1.750000:0.000000:0.000000:-pe smp 2:0.000000:NONE:"
        "0.000000:0:0\n";
    EXPECT_EQ(accounting_line(finished_task()), expected);
}

TEST(AccountingLine, NotAnArrayTaskHasTaskNumberZeroAndNoneForWhatItLacks) {
    auto record = finished_task();
    record.task = 0;
    record.pe = "";
    record.category = "";
    record.host = "";
    const std::string line = accounting_line(record);
    EXPECT_NE(line.find(":UNKNOWN:users:alice:"), std::string::npos) << line;
    EXPECT_NE(line.find(":defaultdepartment:NONE:2:0:1.750000:"), std::string::npos) << line;
    EXPECT_NE(line.find(":0.000000:NONE:0.000000:NONE:0.000000:0:0\n"), std::string::npos) << line;
}

// A user names the job: a colon would shift every field after it, a newline would add a line of
// the user's making (another user's job, any exit status) for tools that trust the file.
TEST(AccountingLine, AJobNameCannotAddFieldsOrLines) {
    auto record = finished_task();
    record.name = "x:y\nall.q:pi01:root:root:fake:1:sge:0";
    const std::string line = accounting_line(record);
    EXPECT_EQ(line.find('\n'), line.size() - 1) << line;
    EXPECT_NE(line.find(":x_y_all.q_pi01_root_root_fake_1_sge_0:42:"), std::string::npos) << line;
    const auto accounted = accounted_job(line.substr(0, line.size() - 1));
    ASSERT_TRUE(accounted.has_value()) << line;
    EXPECT_EQ(accounted->job, 42u);
    EXPECT_EQ(accounted->task, 3);
}

TEST(AccountingLine, OnlyWholeLinesAccountForAJob) {
    const std::string line = accounting_line(finished_task());
    EXPECT_TRUE(accounted_job(line.substr(0, line.size() - 1)).has_value());
    EXPECT_FALSE(accounted_job(line.substr(0, 60)).has_value()) << "a torn line";
    EXPECT_FALSE(accounted_job("").has_value());
    EXPECT_FALSE(accounted_job("# comment").has_value());
}

class AccountingFileTest : public ::testing::Test {
  protected:
    test::TempDir dir_;
    std::string root_ = dir_.file("sge_root");
    std::string path_ = root_ + "/default/common/accounting";

    [[nodiscard]] std::string content() const {
        std::ifstream in(path_);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }
};

TEST_F(AccountingFileTest, CreatesTheCellWith0755AndTheFileWith0644) {
    AccountingFile file(root_, "default");
    const std::string line = accounting_line(finished_task());
    ASSERT_TRUE(file.append(line).ok());
    ASSERT_TRUE(file.append(line).ok());
    EXPECT_EQ(content(), line + line);
    for (const std::string& made : {root_, root_ + "/default", root_ + "/default/common"}) {
        struct stat info {};
        ASSERT_EQ(::stat(made.c_str(), &info), 0) << made;
        EXPECT_EQ(info.st_mode & 07777, 0755u) << made;
    }
    struct stat info {};
    ASSERT_EQ(::stat(path_.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0644u);
}

TEST_F(AccountingFileTest, ReadsWhichJobsItHoldsAndCutsATornLastLine) {
    AccountingFile file(root_, "default");
    auto second = finished_task();
    second.job = 43;
    second.task = 0;
    const std::string whole = accounting_line(finished_task());
    const std::string torn = accounting_line(second).substr(0, 50);
    ASSERT_TRUE(file.append(whole + torn).ok());
    auto written = file.written();
    ASSERT_TRUE(written.ok()) << written.message();
    EXPECT_EQ(*written, (std::set<AccountedJob>{{42, 3}}));
    EXPECT_EQ(content(), whole) << "the torn line is cut, to be written again whole";
}

// Someone who could put a link where the scheduler writes as root could make it append to any
// file: links are refused, at each level and for the file.
TEST_F(AccountingFileTest, RefusesSymbolicLinks) {
    std::filesystem::create_directories(dir_.file("elsewhere"));
    std::filesystem::create_directories(root_ + "/default");
    std::filesystem::create_directory_symlink(dir_.file("elsewhere"), root_ + "/default/common");
    AccountingFile file(root_, "default");
    auto appended = file.append("line\n");
    ASSERT_FALSE(appended.ok());
    EXPECT_NE(appended.message().find(root_ + "/default/common"), std::string::npos)
        << appended.message();
    EXPECT_FALSE(std::filesystem::exists(dir_.file("elsewhere/accounting")));

    std::filesystem::remove(root_ + "/default/common");
    std::filesystem::create_directories(root_ + "/default/common");
    std::ofstream(dir_.file("target")) << "precious\n";
    std::filesystem::create_symlink(dir_.file("target"), path_);
    appended = file.append("line\n");
    ASSERT_FALSE(appended.ok());
    EXPECT_NE(appended.message().find("not a symbolic link"), std::string::npos)
        << appended.message();
    std::ifstream target(dir_.file("target"));
    std::string text((std::istreambuf_iterator<char>(target)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text, "precious\n");
}

TEST_F(AccountingFileTest, RefusesADirectoryOthersCanWriteIn) {
    std::filesystem::create_directories(root_ + "/default/common");
    ASSERT_EQ(::chmod((root_ + "/default/common").c_str(), 0777), 0);
    AccountingFile file(root_, "default");
    auto appended = file.append("line\n");
    ASSERT_FALSE(appended.ok());
    EXPECT_NE(appended.message().find("writable by others (mode 0777)"), std::string::npos)
        << appended.message();
}

}  // namespace
}  // namespace bramble::scheduler
