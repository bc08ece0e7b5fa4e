// Opening the spool: where it may be created, the settings it runs with, and the files it refuses.
#include <sqlite3.h>

#include <fstream>

#include "spool_fixture.hpp"
#include "store/schema.hpp"

namespace bramble::store {
namespace {

// Runs one statement on the file directly, as another tool (or a newer bramble) would.
std::string query_file(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    std::string value;
    if (sqlite3_open(path.c_str(), &db) == SQLITE_OK) {
        sqlite3_exec(
            db, sql.c_str(),
            [](void* out, int, char** columns, char**) {
                *static_cast<std::string*>(out) = columns[0] != nullptr ? columns[0] : "";
                return 0;
            },
            &value, nullptr);
    }
    sqlite3_close(db);
    return value;
}

TEST_F(SpoolTest, CreatesTheFileAndItsDirectories) {
    const auto nested = dir.file("var/lib/bramble/spool.db");
    auto spool = Spool::open(nested);
    ASSERT_TRUE(spool) << spool.message();
    EXPECT_TRUE(std::filesystem::exists(nested));
}

TEST_F(SpoolTest, OnlyItsOwnerMayReadIt) {
    auto spool = open_spool();  // kept open: closing removes the -wal file
    must(spool->save_job(make_job(1, "secret")));
    using std::filesystem::perms;
    for (const auto* suffix : {"", "-wal"}) {
        ASSERT_TRUE(std::filesystem::exists(path + suffix)) << path + suffix;
        const auto mode = std::filesystem::status(path + suffix).permissions();
        EXPECT_EQ(mode & (perms::group_all | perms::others_all), perms::none) << path + suffix;
    }
}

TEST_F(SpoolTest, RunsInWalModeAtTheCurrentSchemaVersion) {
    open_spool().reset();
    EXPECT_EQ(query_file(path, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(query_file(path, "PRAGMA user_version"), std::to_string(schema_version()));
}

TEST_F(SpoolTest, ReopeningKeepsTheSchema) {
    must(open_spool()->save_job(make_job(1, "pi")));
    auto spool = open_spool();
    EXPECT_EQ(value_of(spool->load_jobs_named("pi")).size(), 1u);
}

TEST_F(SpoolTest, FileThatIsNotADatabaseIsRefused) {
    {
        std::ofstream junk(path);
        for (int i = 0; i < 200; ++i)
            junk << "this is not a database, it is a shopping list\n";
    }
    const auto spool = Spool::open(path);
    ASSERT_FALSE(spool);
    EXPECT_EQ(spool.message(), "cannot open the spool " + path + ": file is not a database");
}

TEST_F(SpoolTest, NewerSchemaIsRefused) {
    open_spool().reset();
    query_file(path, "PRAGMA user_version = 99");
    const auto spool = Spool::open(path);
    ASSERT_FALSE(spool);
    EXPECT_EQ(spool.message(), "the spool " + path + " has schema version 99, newer than this " +
                                   "bramble understands (" + std::to_string(schema_version()) +
                                   "); run a newer bramble-scheduler or move the spool aside");
}

TEST_F(SpoolTest, DirectoryInTheWayIsReported) {
    { std::ofstream file(dir.file("plain-file")); }
    const auto under_file = dir.file("plain-file/spool.db");
    const auto spool = Spool::open(under_file);
    ASSERT_FALSE(spool);
    EXPECT_EQ(spool.message().rfind("cannot create the directory " + dir.file("plain-file") +
                                        " for the spool " + under_file + ": ",
                                    0),
              0u)
        << spool.message();
}

TEST_F(SpoolTest, DirectoryAsTheSpoolIsReported) {
    std::filesystem::create_directory(path);
    const auto spool = Spool::open(path);
    ASSERT_FALSE(spool);
    EXPECT_EQ(spool.message(), "cannot open the spool " + path + ": unable to open database file");
}

TEST_F(SpoolTest, UndecodableJobIsReportedWithItsId) {
    must(open_spool()->save_job(make_job(1, "pi")));
    query_file(path, "UPDATE jobs SET doc = '{\"spec\": 5}' WHERE id = 1");
    const auto jobs = open_spool()->load_active_jobs();
    ASSERT_FALSE(jobs);
    EXPECT_EQ(jobs.message().rfind("cannot read job 1 from the spool " + path + ": ", 0), 0u)
        << jobs.message();
}

// A spool written before fair share existed (schema 1) opens with its jobs and an empty usage.
TEST_F(SpoolTest, FirstSchemaIsUpgradedKeepingJobs) {
    must(open_spool()->save_job(make_job(1, "pi")));
    query_file(path, "DROP TABLE usage");
    query_file(path, "ALTER TABLE job_events DROP COLUMN kind");
    query_file(path, "ALTER TABLE job_events DROP COLUMN doc");
    query_file(path, "DROP TABLE disabled_nodes");
    query_file(path, "DROP TABLE arrays");
    query_file(path, "PRAGMA user_version = 1");
    auto spool = open_spool();
    EXPECT_EQ(value_of(spool->load_active_jobs()).size(), 1u);
    EXPECT_TRUE(value_of(spool->load_usage()).empty());
    EXPECT_TRUE(value_of(spool->load_disabled_nodes()).empty());
    EXPECT_EQ(query_file(path, "PRAGMA user_version"), std::to_string(schema_version()));
}

}  // namespace
}  // namespace bramble::store
