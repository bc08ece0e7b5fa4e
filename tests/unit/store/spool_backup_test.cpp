// Backups taken while the spool is in use, and restores that bring the jobs back without ever
// reusing an id handed out after the backup.
#include "store/spool_backup.hpp"

#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>

#include "spool_fixture.hpp"

namespace bramble::store {
namespace {

using ::testing::HasSubstr;

void submit(Spool& spool, const std::string& name) {
    must(spool.begin());
    must(spool.save_job(make_job(value_of(spool.next_job_id()), name)));
    must(spool.commit());
}

TEST_F(SpoolTest, ABackupTakenWhileInUseRestoresItsJobsAndNeverReusesLaterIds) {
    const std::string backup = dir.file("backups/spool-1.db");
    std::filesystem::create_directories(dir.file("backups"));
    {
        auto spool = open_spool();
        submit(*spool, "kept");
        must(backup_spool(path, backup));
        submit(*spool, "lost");  // id 2, after the backup

        auto refused = restore_spool(backup, path);
        ASSERT_FALSE(refused);
        EXPECT_THAT(refused.message(), HasSubstr("is in use by another bramble-scheduler"));
    }
    auto restored = restore_spool(backup, path);
    ASSERT_TRUE(restored) << restored.message();
    EXPECT_EQ(*restored, "restored the spool " + path + " from " + backup +
                             ": the jobs it held up to id 1; id 2 was given after the "
                             "backup: those jobs are lost, and their ids will not be given again");

    auto spool = open_spool();
    EXPECT_EQ(value_of(spool->load_jobs_named("kept")).size(), 1u);
    EXPECT_TRUE(value_of(spool->load_jobs_named("lost")).empty());
    EXPECT_EQ(value_of(spool->next_job_id()), 3u);
}

TEST_F(SpoolTest, ADamagedBackupIsNotRestored) {
    submit(*open_spool(), "kept");
    const std::string backup = dir.file("backup.db");
    std::ofstream(backup) << "not a database at all, just some text of some length";
    auto restored = restore_spool(backup, path);
    ASSERT_FALSE(restored);
    EXPECT_THAT(restored.message(), HasSubstr(backup));
    EXPECT_EQ(value_of(open_spool()->load_jobs_named("kept")).size(), 1u) << "the spool is kept";
}

}  // namespace
}  // namespace bramble::store
