// check_job_spec: every field a raw client could send, refused with what, where, why and what
// would be valid; and the names and printable text every listing shows.
#include "jobscript/spec_check.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <functional>
#include <string>

#include "jobscript/names.hpp"

namespace bramble::jobscript {
namespace {

JobSpec valid_spec() {
    JobSpec spec;
    spec.name = "pi";
    spec.script = "#!/bin/sh\necho hi\n";
    spec.script_path = "/home/alice/pi.sh";
    return spec;
}

struct Case {
    const char* title;
    std::function<void(JobSpec&)> change;
    std::string refusal;  // "" = accepted
};

TEST(SpecCheck, EveryFieldIsBounded) {
    const Case cases[] = {
        {"a valid job", [](JobSpec&) {}, ""},
        {"escape codes in the name", [](JobSpec& s) { s.name = "a\x1b[31m"; },
         "job name \"a\\x1b[31m\" contains a control character (byte 0x1b at position 2): names "
         "are printable characters without blanks or / : @ \\ * ?"},
        {"a newline in the name", [](JobSpec& s) { s.name = "ok\nfake line"; },
         "job name \"ok\\x0afake line\" contains a control character (byte 0x0a at position 3): "
         "names are printable characters without blanks or / : @ \\ * ?"},
        {"a C1 control (CSI) in UTF-8",
         [](JobSpec& s) {
             s.name =
                 "a\xc2\x9b"
                 "31m";
         },
         "job name \"a\\xc2\\x9b31m\" contains a byte that is not text (byte 0xc2 at position 2): "
         "names are printable characters without blanks or / : @ \\ * ?"},
        {"UTF-8 text is a name", [](JobSpec& s) { s.name = "caf\xc3\xa9"; }, ""},
        {"a name of 256 bytes", [](JobSpec& s) { s.name = std::string(256, 'a'); },
         "job name \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"... is 256 bytes long: names are at "
         "most 255 bytes"},
        {"a name of 255 bytes", [](JobSpec& s) { s.name = std::string(255, 'a'); }, ""},
        {"no name", [](JobSpec& s) { s.name.clear(); },
         "job name is empty: names are printable characters without blanks or / : @ \\ * ?"},
        {"a blank in the account", [](JobSpec& s) { s.account = "a b"; },
         "account \"a b\" contains ' ' at position 2: names are printable characters without "
         "blanks or / : @ \\ * ?"},
        {"a slash in the project", [](JobSpec& s) { s.project = "../x"; },
         "project \"../x\" contains '/' at position 3: names are printable characters without "
         "blanks or / : @ \\ * ?"},
        {"a colon in the PE", [](JobSpec& s) { s.pe = "mpi:x"; },
         "parallel environment \"mpi:x\" contains ':' at position 4: names are printable "
         "characters without blanks or / : @ \\ * ?"},
        {"INT_MIN priority", [](JobSpec& s) { s.priority = INT_MIN; },
         "priority -2147483648 is out of range: priorities are -1023..1024"},
        {"priority 1025", [](JobSpec& s) { s.priority = 1025; },
         "priority 1025 is out of range: priorities are -1023..1024"},
        {"slots 0", [](JobSpec& s) { s.slots = 0; }, "slots 0 is out of range: slots are 1..4096"},
        {"slots_max 2^31-1", [](JobSpec& s) { s.slots_max = INT_MAX; },
         "slots_max 2147483647 is out of range: the most slots is 0 (exactly slots) or from "
         "slots (1) to 4096"},
        {"slots_max below slots (4 > 2)",
         [](JobSpec& s) {
             s.slots = 4;
             s.slots_max = 2;
         },
         "slots_max 2 is out of range: the most slots is 0 (exactly slots) or from slots (4) to "
         "4096"},
        {"walltime -1", [](JobSpec& s) { s.walltime = -1; },
         "walltime -1 is out of range: seconds from 1 to 316224000 (ten years), or 0 for the "
         "queue's default"},
        {"memory above 1P", [](JobSpec& s) { s.memory_per_slot = (1ULL << 50) + 1; },
         "memory_per_slot 1125899906842625 bytes is out of range: at most 1P (1125899906842624 "
         "bytes), or 0 for none"},
        {"task 0", [](JobSpec& s) { s.task_first = -3, s.task_last = 5; },
         "task range -3-5:1 is out of range: 1 <= first <= last <= 1048575 and step >= 1"},
        {"step 0", [](JobSpec& s) { s.task_first = 1, s.task_last = 5, s.task_step = 0; },
         "task range 1-5:0 is out of range: 1 <= first <= last <= 1048575 and step >= 1"},
        // (100000 - 1) / 1 + 1 = 100000 tasks
        {"100000 tasks", [](JobSpec& s) { s.task_first = 1, s.task_last = 100000; },
         "task range 1-100000:1 has 100000 tasks; an array job may have at most 75000 (Grid "
         "Engine's max_aj_tasks)"},
        {"a 4 MiB + 1 script", [](JobSpec& s) { s.script.assign(kMaxScriptBytes + 1, 'x'); },
         "the script is 4194305 bytes; a job script may be at most 4 MiB (4194304 bytes): copy "
         "large data next to it"},
        {"a NUL in the script", [](JobSpec& s) { s.script = std::string("ab\0c", 4); },
         "the script contains a NUL byte (position 3); to run a program directly use -b y"},
        {"a binary job without a command",
         [](JobSpec& s) {
             s.binary = true;
             s.args.clear();
         },
         "a binary job (-b y) needs a command; args is empty"},
        {"a relative working directory", [](JobSpec& s) { s.workdir = "work"; },
         "working directory \"work\" is not an absolute path"},
        {"a NUL in the output path", [](JobSpec& s) { s.stdout_path = std::string("o\0x", 3); },
         "output path (-o) \"o\\x00x\" contains a control character or a byte that is not text "
         "(position 2)"},
        {"an environment of 4097 variables",
         [](JobSpec& s) {
             for (int i = 0; i < 4097; ++i)
                 s.env.emplace_back("V" + std::to_string(i), "");
         },
         "the job environment has 4097 variables; the most is 4096"},
        // 2 variables x (1 + 600,000 + 2) bytes > 1 MiB
        {"an environment of 1.2 MB",
         [](JobSpec& s) {
             s.env = {{"A", std::string(600000, 'x')}, {"B", std::string(600000, 'x')}};
         },
         "the job environment takes 1200006 bytes; the most is 1 MiB (1048576)"},
        {"'=' in a variable name",
         [](JobSpec& s) {
             s.env = {{"A=B", "1"}};
         },
         "the job environment: 'A=B' is not a valid environment variable name"},
        {"a NUL in a value",
         [](JobSpec& s) {
             s.env = {{"A", std::string("1\0", 2)}};
         },
         "the job environment: the value of A contains a NUL byte"},
        {"a bad node pattern", [](JobSpec& s) { s.nodes = {"pi0[1-"}; }, "node patterns: "},
        {"an escape in a resource value",
         [](JobSpec& s) {
             s.resources = {{"gpu", "1\x1b"}};
         },
         "resource gpu \"1\\x1b\" contains a control character or a byte that is not text "
         "(position 2)"},
        {"2000 dependencies", [](JobSpec& s) { s.hold_jids.assign(2000, "41"); },
         "-hold_jid has 2000 entries; the most is 1024"},
        {"an after_ok entry waited for by nobody", [](JobSpec& s) { s.after_ok = {"41"}; },
         "after: \"41\" is not among the jobs waited for (-hold_jid)"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.title);
        JobSpec spec = valid_spec();
        c.change(spec);
        const auto checked = check_job_spec(spec);
        const std::string got = checked ? "" : checked.message();
        if (std::string(c.title) == "a bad node pattern") {
            EXPECT_TRUE(got.starts_with(c.refusal)) << got;  // the pattern's own words follow
        } else {
            EXPECT_EQ(got, c.refusal);
        }
    }
}

TEST(SpecCheck, TaskCountFollowsTheStep) {
    JobSpec spec = valid_spec();
    EXPECT_EQ(task_count(spec), 1);
    spec.task_first = 1, spec.task_last = 9, spec.task_step = 4;  // 1, 5, 9
    EXPECT_EQ(task_count(spec), 3);
}

TEST(Names, QuotedPrintableEscapesWhatATerminalWouldObey) {
    EXPECT_EQ(quoted_printable("plain"), "\"plain\"");
    EXPECT_EQ(quoted_printable("a\x1b[2Jb"), "\"a\\x1b[2Jb\"");
    EXPECT_EQ(quoted_printable("q\"b\\"), "\"q\\\"b\\\\\"");
    EXPECT_EQ(quoted_printable("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
    EXPECT_EQ(quoted_printable("\xff"), "\"\\xff\"");
}

}  // namespace
}  // namespace bramble::jobscript
