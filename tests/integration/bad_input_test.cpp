// Jobs qsub must refuse: each error names the file, the line and the key or option, qsub exits
// non-zero and nothing is queued.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/cluster_suite.hpp"

namespace bramble::test {
namespace {

using ::testing::HasSubstr;

struct BadJob {
    const char* title;
    const char* file;  // written to the work folder and submitted
    const char* text;
    std::vector<const char*> expected;  // in qsub's message
};

const std::vector<BadJob> kBadJobs = {
    {"malformed YAML", "malformed.yaml", "name: x\ncommand: [echo, hi\n", {"malformed.yaml:"}},
    {"unknown key",
     "unknown.yaml",
     "name: x\ncommand: echo\ncolour: blue\n",
     {"unknown.yaml:3", "colour"}},
    {"negative slots", "negative.yaml", "command: echo\nslots: -3\n", {"negative.yaml:2", "slots"}},
    {"memory that is no size",
     "memory.yaml",
     "command: echo\nmemory: 12 parsecs\n",
     {"memory.yaml:2", "memory"}},
    {"bad #$ directive",
     "directive.sh",
     "#!/bin/sh\n#$ -pe smp 0\necho\n",
     {"directive.sh:2", "-pe"}},
    {"unknown #$ option",
     "option.sh",
     "#!/bin/sh\necho\n#$ -frobnicate\n",
     {"option.sh:3", "-frobnicate"}},
};

class BadInput : public ClusterSuite {
  protected:
    void expect_nothing_queued() {
        EXPECT_EQ(cluster().run("qstat", {"-u", "*"}).out, "") << "a refused job was queued";
    }
};

TEST_F(BadInput, RefusedJobFilesNameTheFileLineAndKey) {
    for (const auto& bad : kBadJobs) {
        SCOPED_TRACE(bad.title);
        std::ofstream(cluster().work_dir() + "/" + bad.file) << bad.text;
        ProcessResult r = cluster().run("qsub", {bad.file});
        EXPECT_NE(r.exit_code, 0) << r.describe();
        EXPECT_EQ(r.out, "");
        for (const char* part : bad.expected)
            EXPECT_THAT(r.err, HasSubstr(part));
        expect_nothing_queued();
    }
}

TEST_F(BadInput, AnUnknownFlagIsRefused) {
    ProcessResult r = cluster().run("qsub", {"-cwd", "-frobnicate", "-b", "y", "/bin/true"});
    EXPECT_NE(r.exit_code, 0) << r.describe();
    EXPECT_THAT(r.err, HasSubstr("-frobnicate"));
    expect_nothing_queued();
}

TEST_F(BadInput, AbsurdMemoryIsRefusedAtSubmit) {
    std::ofstream(cluster().work_dir() + "/huge.yaml") << "command: echo\nmemory: 100T\n";
    ProcessResult r = cluster().run("qsub", {"huge.yaml"});
    EXPECT_NE(r.exit_code, 0) << r.describe();
    EXPECT_THAT(r.err, HasSubstr("pi0")) << "the refusal should name the largest node";
    expect_nothing_queued();
}

TEST_F(BadInput, AMissingScriptIsNamed) {
    ProcessResult r = cluster().run("qsub", {"no-such-script.sh"});
    EXPECT_NE(r.exit_code, 0) << r.describe();
    EXPECT_THAT(r.err, HasSubstr("no-such-script.sh"));
    expect_nothing_queued();
}

}  // namespace
}  // namespace bramble::test
