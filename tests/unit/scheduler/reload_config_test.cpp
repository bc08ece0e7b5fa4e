// SIGHUP's reload: the new config serves the next pass (a raised limit starts a waiting job, a new
// PE takes submissions), a job the new config cannot serve waits with the reason and a running one
// runs on, and what is bound at start (the queue's name, paths) stays.
#include <gmock/gmock.h>

#include "scheduler_fixture.hpp"

namespace bramble::scheduler::test {
namespace {

using ::testing::HasSubstr;

class ReloadConfigTest : public SchedulerTest {
  protected:
    ReloadConfigTest() {
        config_.user_limits["*"].max_slots = 1;
        config_.parallel_environments["smp"] = {AllocationRule{}, 0};
        restart();
        register_node("pi01", 4);
    }

    void reload(config::ClusterConfig next) {
        scheduler_->reload_config(std::move(next));
        settle();
    }

    wire::ConfigReply shown() {
        return std::get<wire::ConfigReply>(call(kBob, wire::ConfigRequest{}));
    }

    std::string reason(JobId id) {
        auto reply = call(kAlice, wire::JobDetailRequest{{std::to_string(id)}});
        const auto& detail = std::get<wire::JobDetailReply>(reply);
        return detail.pending_reasons.empty() ? "" : detail.pending_reasons.front();
    }
};

TEST_F(ReloadConfigTest, ARaisedLimitStartsTheWaitingJobAtTheNextPass) {
    const JobId first = submit(kAlice, serial_job("first"));
    const JobId second = submit(kAlice, serial_job("second"));
    ASSERT_EQ(job(first)->state, JobState::Dispatched);
    ASSERT_EQ(job(second)->state, JobState::Pending) << "one slot per user";

    auto next = config_;
    next.user_limits["*"].max_slots = 2;
    reload(next);
    EXPECT_EQ(job(second)->state, JobState::Dispatched);
    EXPECT_EQ(shown().user_limits.front().max_slots, 2);
}

TEST_F(ReloadConfigTest, ANewPeTakesSubmissionsAndARemovedOneLeavesItsJobWaiting) {
    JobSpec wide = serial_job("wide", 2);
    wide.pe = "wide";
    auto refused = call(kAlice, wire::SubmitRequest{wide, ""});
    ASSERT_TRUE(std::holds_alternative<wire::ErrorReply>(refused));

    auto next = config_;
    next.user_limits.clear();
    next.parallel_environments["wide"] = {AllocationRule{}, 0};
    reload(next);
    const JobId held = submit(kAlice, [&] {
        JobSpec spec = wide;
        spec.hold = true;
        return spec;
    }());
    const JobId running = submit(kAlice, serial_job("smp", 2));
    ASSERT_EQ(job(running)->state, JobState::Dispatched);

    next.parallel_environments.erase("wide");
    next.parallel_environments.erase("smp");
    next.parallel_environments["mpi"] = {AllocationRule{}, 0};
    reload(next);
    call(kAlice, wire::HoldRequest{{std::to_string(held)}, {}, false});
    EXPECT_EQ(job(held)->state, JobState::Pending);
    EXPECT_THAT(reason(held), HasSubstr("cannot be planned under the current cluster config"));
    EXPECT_THAT(reason(held), HasSubstr("unknown parallel environment 'wide'"));
    EXPECT_EQ(job(running)->state, JobState::Dispatched) << "its PE is gone; it runs on";
}

TEST_F(ReloadConfigTest, WhatIsBoundAtStartStays) {
    auto next = config_;
    next.queue = "other.q";
    next.spool = "/elsewhere";
    next.managers = {"root", "bob"};
    reload(next);
    EXPECT_EQ(shown().queue, "all.q");
    EXPECT_EQ(scheduler_->config().spool, config_.spool);
    EXPECT_EQ(shown().managers, next.managers) << "managers change at once";
}

}  // namespace
}  // namespace bramble::scheduler::test
