// qsub -help: Grid Engine's layout, and no line for an option qsub would then refuse.
#include "jobscript/qsub_help.hpp"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "jobscript/qsub_flags.hpp"

namespace bramble::jobscript {
namespace {

// Grid Engine 8.1.9's `qsub -help | head -3` (sge-reference/qsub-help-head.txt): the option
// column is padded so that what it does starts at column 45.
constexpr const char* kGridEngineLine =
    "   [-a date_time]                           request a start time";

// A value each option takes, to feed the listed options back through the option table.
const std::map<std::string, std::vector<std::string>> kSamples = {
    {"-A", {"acct"}},  {"-b", {"y"}},         {"-binding", {"linear:1"}},
    {"-c", {"n"}},     {"-ckpt", {"none"}},   {"-C", {"#PBS"}},
    {"-e", {"err"}},   {"-hold_jid", {"1"}},  {"-hold_jid_ad", {"1"}},
    {"-j", {"y"}},     {"-js", {"1"}},        {"-l", {"h_vmem=1G"}},
    {"-m", {"bea"}},   {"-now", {"n"}},       {"-M", {"pi@example.org"}},
    {"-N", {"name"}},  {"-o", {"out"}},       {"-P", {"proj"}},
    {"-p", {"-1"}},    {"-pe", {"smp", "2"}}, {"-q", {"all.q"}},
    {"-R", {"y"}},     {"-r", {"y"}},         {"-shell", {"y"}},
    {"-sync", {"n"}},  {"-S", {"/bin/sh"}},   {"-t", {"1-3"}},
    {"-tc", {"2"}},    {"-v", {"A=1"}},       {"-w", {"e"}},
    {"-wd", {"/tmp"}},
};

TEST(QsubHelp, LinesAreLaidOutAsGridEnginesAre) {
    const std::string text = qsub_help_text();
    EXPECT_EQ(text.substr(text.find('\n') + 1, 22), "usage: qsub [options]\n");
    const std::string line = "   [-N name]                                specify job name\n";
    ASSERT_NE(text.find(line), std::string::npos) << text;
    EXPECT_EQ(std::string(kGridEngineLine).find("request"), line.find("specify"));
}

TEST(QsubHelp, EveryListedOptionIsAccepted) {
    std::istringstream lines(qsub_help_text());
    std::string line;
    int listed = 0;
    while (std::getline(lines, line)) {
        if (line.rfind("   [-", 0) != 0) continue;
        const std::string name = line.substr(4, line.find_first_of(" ]", 4) - 4);
        ++listed;
        std::vector<std::string> words = {name};
        if (name == "-@") continue;  // reads a file; covered by qsub_flags_test
        if (const auto it = kSamples.find(name); it != kSamples.end()) {
            words.insert(words.end(), it->second.begin(), it->second.end());
        }
        QsubOptions options;
        auto used = apply_qsub_options(options, words, WordSource{}, SubmitEnvironment{"/tmp", {}});
        ASSERT_TRUE(used.ok()) << line << ": " << used.message();
        EXPECT_EQ(*used, words.size()) << line << ": the option took other words than listed";
    }
    EXPECT_GT(listed, 30);
}

TEST(QsubHelp, RefusedOptionsAreNotListed) {
    const std::string text = qsub_help_text();
    for (const char* refused : {"[-a ", "[-dl ", "[-i ", "[-clear]", "[-verify]", "[-ar "}) {
        EXPECT_EQ(text.find(refused), std::string::npos) << refused;
    }
}

}  // namespace
}  // namespace bramble::jobscript
