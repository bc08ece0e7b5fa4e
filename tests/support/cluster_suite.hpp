// ClusterSuite: a GoogleTest fixture sharing one LocalCluster among the tests of a suite. A suite
// that needs other nodes declares `static void SetUpTestSuite() { start(nodes); }`.
#pragma once

#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "support/local_cluster.hpp"
#include "support/test_users.hpp"

namespace bramble::test {

class ClusterSuite : public ::testing::Test {
  public:
    static void SetUpTestSuite() { start(small_nodes(2)); }
    static void TearDownTestSuite() { cluster_.reset(); }

  protected:
    static void start(std::vector<NodeSpec> nodes, std::string config_yaml = "") {
        cluster_ = std::make_unique<LocalCluster>(std::move(nodes), std::move(config_yaml));
    }

    void SetUp() override {
        ASSERT_TRUE(cluster_) << "the suite's cluster was not started";
        ASSERT_TRUE(cluster_->ready()) << cluster_->startup_error();
    }

    void TearDown() override {
        // The test's gated jobs are let go and gone before the next test starts on the same
        // cluster.
        for (const auto& gate : gates_)
            touch(gate);
        for (auto id : gated_jobs_)
            EXPECT_TRUE(cluster_->wait_gone(id)) << "job " << id;
        // A cluster that never came up already said why, logs included, in SetUp.
        if (HasFailure() && cluster_ && cluster_->ready()) std::cerr << cluster_->logs();
    }

    // A job that runs until the test opens its gate (or TearDown does).
    std::uint64_t gated(const std::string& name, const std::vector<std::string>& extra = {},
                        const std::string& as_user = "") {
        gates_.push_back(work_file(name + ".gate"));
        gated_jobs_.push_back(gated_job(gates_.back(), extra, as_user));
        return gated_jobs_.back();
    }

    // For a suite whose tests run jobs as the test users: call from SetUp(); without root or
    // the users the test is skipped, saying why.
    void use_test_users() {
        std::string why;
        users_ = test_users(&why);
        if (!users_ || ::geteuid() != 0) GTEST_SKIP() << "needs root and the test users: " << why;
    }

    std::vector<std::string> gates_;
    std::vector<std::uint64_t> gated_jobs_;
    std::optional<TestUsers> users_;  // set by use_test_users()

    static LocalCluster& cluster() { return *cluster_; }

    // A fresh path in the work folder, unique to this test, for a job to wait on or write to.
    static std::string work_file(const std::string& name) {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        return cluster_->work_dir() + "/" + test->name() + "." + name;
    }

    static void touch(const std::string& path) { std::ofstream{path}; }

    // Submits a job that runs until `gate` exists: the test creates the file to end it.
    static std::uint64_t gated_job(const std::string& gate,
                                   const std::vector<std::string>& extra = {},
                                   const std::string& as_user = "") {
        std::vector<std::string> args = {"-cwd", "-N", "gated"};
        args.insert(args.end(), extra.begin(), extra.end());
        args.insert(args.end(), {"-b", "y", "/bin/sh", "-c", wait_for_file_command(gate)});
        return cluster_->submit(args, "", as_user);
    }

    // The name of the user running the tests (qdel's messages start with it).
    static std::string me() {
        const passwd* entry = ::getpwuid(::geteuid());
        return entry != nullptr ? entry->pw_name : "";
    }

    static std::string slurp(const std::string& path) {
        std::ifstream in(path);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }

    static inline std::unique_ptr<LocalCluster> cluster_;
};

}  // namespace bramble::test
