// The GPIO chip's ACL entry for a job's owner: granted for the job, taken away after it unless the
// owner's other job on the node still holds lines of the chip. A plain file stands in for the
// chip's device (the ACL calls are the same); needs root and a file system with ACLs.
#include "execd/shepherd/gpio_access.hpp"

#include <acl/libacl.h>
#include <gtest/gtest.h>
#include <sys/acl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/temp_dir.hpp"

namespace bramble::shepherd {
namespace {

constexpr uid_t kOwner = 4242;  // no passwd entry needed: ACL entries name uids

// The ACL as setfacl's short text ("user::rw-,user:4242:rw-,...").
std::string acl_text(const std::string& path) {
    acl_t acl = acl_get_file(path.c_str(), ACL_TYPE_ACCESS);
    if (acl == nullptr) return "unreadable";
    char* text = acl_to_any_text(acl, nullptr, ',', TEXT_NUMERIC_IDS | TEXT_ABBREVIATE);
    std::string result = text == nullptr ? "" : text;
    acl_free(text);
    acl_free(acl);
    return result;
}

class GpioAccess : public ::testing::Test {
  protected:
    void SetUp() override {
        if (::geteuid() != 0) GTEST_SKIP() << "ACLs on another uid's behalf need root";
        std::ofstream{device_};
        ::chmod(device_.c_str(), 0600);
        if (acl_text(device_) == "unreadable") GTEST_SKIP() << "no ACL support here";
    }

    execd::LaunchSpec launch_for(JobId id) {
        execd::LaunchSpec launch;
        launch.job.id = id;
        launch.job.owner.uid = kOwner;
        launch.gpio_chip = device_;
        launch.gpio_lines = {{"fan", 17}};
        std::filesystem::create_directories(jobs_ + "/" + std::to_string(id));
        EXPECT_TRUE(execd::write_launch_spec(jobs_ + "/" + std::to_string(id), launch).ok());
        return launch;
    }

    test::TempDir dir_;
    std::string device_ = dir_.file("gpiochip9");
    std::string jobs_ = dir_.file("active_jobs");
};

TEST_F(GpioAccess, TheOwnerMayUseTheChipWhileTheJobRuns) {
    const auto launch = launch_for(1);
    ASSERT_TRUE(open_gpio_for_job(launch).ok());
    EXPECT_NE(acl_text(device_).find("u:4242:rw-"), std::string::npos) << acl_text(device_);
    ASSERT_TRUE(close_gpio_for_job(launch, jobs_ + "/1").ok());
    EXPECT_EQ(acl_text(device_).find("u:4242"), std::string::npos) << acl_text(device_);
}

TEST_F(GpioAccess, AnotherRunningJobOfTheOwnerKeepsTheEntry) {
    const auto first = launch_for(1);
    const auto second = launch_for(2);
    ASSERT_TRUE(open_gpio_for_job(first).ok());
    ASSERT_TRUE(open_gpio_for_job(second).ok());
    ASSERT_TRUE(close_gpio_for_job(first, jobs_ + "/1").ok());
    EXPECT_NE(acl_text(device_).find("u:4242:rw-"), std::string::npos) << "job 2 still runs";
    std::ofstream{jobs_ + "/1/" + execd::kExitFile};
    ASSERT_TRUE(close_gpio_for_job(second, jobs_ + "/2").ok());
    EXPECT_EQ(acl_text(device_).find("u:4242"), std::string::npos) << acl_text(device_);
}

// A link where the chip should be could make root grant the owner any file the link leads to.
TEST_F(GpioAccess, ALinkInPlaceOfTheChipIsRefusedAndItsTargetUntouched) {
    auto launch = launch_for(1);
    const std::string link = dir_.file("gpiochip8");
    ASSERT_EQ(::symlink(device_.c_str(), link.c_str()), 0);
    launch.gpio_chip = link;
    const std::string before = acl_text(device_);
    const auto opened = open_gpio_for_job(launch);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.message(), "the GPIO chip " + link +
                                    " is a symbolic link: refusing to change its ACL (name the "
                                    "device)");
    EXPECT_EQ(acl_text(device_), before);
}

TEST_F(GpioAccess, AChipThatDoesNotExistIsLeftAlone) {
    auto launch = launch_for(1);
    launch.gpio_chip = dir_.file("no-such-chip");
    EXPECT_TRUE(open_gpio_for_job(launch).ok());
    EXPECT_TRUE(close_gpio_for_job(launch, jobs_ + "/1").ok());
    EXPECT_EQ(gpio_device_path("gpiochip0"), "/dev/gpiochip0");
}

}  // namespace
}  // namespace bramble::shepherd
