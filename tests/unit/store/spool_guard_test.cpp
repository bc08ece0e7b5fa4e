// The spool refuses to be shared and refuses to start after losing what it acknowledged: a second
// scheduler on the same file, a database emptied, replaced by an older copy or cut off from its
// -wal file, and a damaged page, each with a message that says what happened and what to do.
#include <gmock/gmock.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "spool_fixture.hpp"

namespace bramble::store {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

// Takes `count` job ids and saves their jobs in one committed transaction, as a turn does.
void submit(Spool& spool, int count) {
    must(spool.begin());
    for (int i = 0; i < count; ++i)
        must(spool.save_job(make_job(value_of(spool.next_job_id()), "job")));
    must(spool.commit());
}

TEST_F(SpoolTest, ASecondSchedulerOnTheSameSpoolIsRefusedAndToldWho) {
    auto first = open_spool();
    auto second = Spool::open(path);
    ASSERT_FALSE(second);
    EXPECT_THAT(second.message(),
                HasSubstr("the spool " + path + " is in use by another bramble-scheduler (pid " +
                          std::to_string(::getpid()) + ", holding " + path + ".lock)"));
    first.reset();
    EXPECT_TRUE(Spool::open(path)) << "the lock goes with the spool that held it";
}

TEST_F(SpoolTest, AnEmptiedDatabaseRefusesToHandOutItsIdsAgain) {
    submit(*open_spool(), 3);
    fs::resize_file(path, 0);
    auto reopened = Spool::open(path);
    ASSERT_FALSE(reopened);
    EXPECT_THAT(reopened.message(),
                HasSubstr("has lost jobs it once acknowledged: it has handed out job ids up to 0, "
                          "but ids up to 3 were given"));
    EXPECT_THAT(reopened.message(), HasSubstr("Restore it from a backup"));
}

TEST_F(SpoolTest, AnOlderCopyOfTheDatabaseIsRefused) {
    submit(*open_spool(), 1);
    fs::copy_file(path, dir.file("old.db"));
    submit(*open_spool(), 2);  // ids 2 and 3
    fs::copy_file(dir.file("old.db"), path, fs::copy_options::overwrite_existing);
    auto reopened = Spool::open(path);
    ASSERT_FALSE(reopened);
    EXPECT_THAT(reopened.message(), HasSubstr("handed out job ids up to 1, but ids up to 3"));
}

TEST_F(SpoolTest, ADatabaseWithoutItsWalIsRefused) {
    {
        auto spool = open_spool();
        submit(*spool, 1);
        // While it is open, the committed job lives in the -wal file only; this copy lacks it.
        fs::copy_file(path, dir.file("without-wal.db"));
    }
    fs::copy_file(dir.file("without-wal.db"), path, fs::copy_options::overwrite_existing);
    auto reopened = Spool::open(path);
    ASSERT_FALSE(reopened);
    EXPECT_THAT(reopened.message(), HasSubstr("handed out job ids up to 0, but ids up to 1"));
}

TEST_F(SpoolTest, IdsTakenInARolledBackTurnAreNotCountedAsGiven) {
    {
        auto spool = open_spool();
        submit(*spool, 1);
        must(spool->begin());
        value_of(spool->next_job_id());  // id 2, never acknowledged
        must(spool->rollback());
        submit(*spool, 0);
    }
    auto reopened = Spool::open(path);
    ASSERT_TRUE(reopened) << reopened.message();
    EXPECT_EQ(value_of((*reopened)->next_job_id()), 2u);
}

TEST_F(SpoolTest, ADamagedPageIsRefusedWithWhatToDo) {
    {
        auto spool = open_spool();
        must(spool->begin());
        for (int i = 0; i < 200; ++i)
            must(spool->save_job(make_job(value_of(spool->next_job_id()), std::string(500, 'x'))));
        must(spool->commit());
    }
    {
        // Garbage over a page in the middle of the jobs table.
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(static_cast<std::streamoff>(fs::file_size(path) / 2));
        const std::string garbage(4096, '\x5a');
        file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
    auto reopened = Spool::open(path);
    ASSERT_FALSE(reopened);
    EXPECT_THAT(reopened.message(), HasSubstr("the spool " + path + " is damaged"));
    EXPECT_THAT(reopened.message(), HasSubstr("restore it from a backup"));
}

}  // namespace
}  // namespace bramble::store
