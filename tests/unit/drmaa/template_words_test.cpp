// A job template as qsub's words: defaults first, then the native specification, then the
// attributes, so each overrides what comes before; placeholders as Grid Engine's DRMAA reads them.
#include "template_words.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bramble::drmaa {
namespace {

using ::testing::ElementsAre;

drmaa_job_template_s job(std::map<std::string, std::string> scalars,
                         std::map<std::string, std::vector<std::string>> vectors = {}) {
    drmaa_job_template_s jt;
    jt.scalars = std::move(scalars);
    jt.vectors = std::move(vectors);
    return jt;
}

TEST(TemplateWords, AJobWithoutACommandIsRefused) {
    SubmitWords words;
    const auto answer =
        template_words(job({{DRMAA_JOB_NAME, "x"}}), std::nullopt, "/home/a", words);
    EXPECT_EQ(answer.code, DRMAA_ERRNO_CONFLICTING_ATTRIBUTE_VALUES);
    EXPECT_THAT(answer.diagnosis, ::testing::HasSubstr("drmaa_remote_command"));
}

TEST(TemplateWords, NativeSpecificationComesBetweenTheDefaultsAndTheAttributes) {
    SubmitWords words;
    const auto jt = job({{DRMAA_REMOTE_COMMAND, "/bin/echo"},
                         {DRMAA_NATIVE_SPECIFICATION, " -b n -N native -l h_rt=60"},
                         {DRMAA_JOB_NAME, "attr"},
                         {DRMAA_JS_STATE, DRMAA_SUBMISSION_STATE_HOLD},
                         {DRMAA_JOIN_FILES, "y"},
                         {DRMAA_BLOCK_EMAIL, "1"}},
                        {{DRMAA_V_ARGV, {"a b", "c"}}, {DRMAA_V_ENV, {"K=v=w", "E="}}});
    ASSERT_EQ(template_words(jt, std::nullopt, "/home/a", words).code, DRMAA_ERRNO_SUCCESS);
    EXPECT_THAT(words.args,
                ElementsAre("-b", "y", "-b", "n", "-N", "native", "-l", "h_rt=60", "-N", "attr",
                            "-j", "y", "-h", "-m", "n", "/bin/echo", "a b", "c"));
    EXPECT_THAT(words.env, ElementsAre(std::pair<std::string, std::string>{"K", "v=w"},
                                       std::pair<std::string, std::string>{"E", ""}));
}

TEST(TemplateWords, ABulkJobIsATaskRange) {
    SubmitWords words;
    const auto jt = job({{DRMAA_REMOTE_COMMAND, "/bin/true"}});
    ASSERT_EQ(template_words(jt, BulkRange{2, 8, 3}, "/home/a", words).code, DRMAA_ERRNO_SUCCESS);
    EXPECT_THAT(words.args, ElementsAre("-b", "y", "-t", "2-8:3", "/bin/true"));
}

TEST(TemplateWords, PathsLoseTheirHostAndTheirPlaceholdersBecomePseudoVariables) {
    // ":dir" is Snakemake's --drmaa-log-dir: no host, a directory.
    EXPECT_EQ(output_path_words(":logs/", ""), "logs/");
    EXPECT_EQ(output_path_words("pi01:/tmp/o", ""), "/tmp/o");
    EXPECT_EQ(output_path_words("/tmp/a:b", ""),
              "/tmp/a:b");  // a colon after a slash is the file's
    EXPECT_EQ(output_path_words(":$drmaa_hd_ph$/o.$drmaa_incr_ph$", ""), "$HOME/o.$TASK_ID");
    EXPECT_EQ(output_path_words(":$drmaa_wd_ph$/o", ""), "./o");
    EXPECT_EQ(output_path_words(":$drmaa_wd_ph$/o", "/scratch/r"), "/scratch/r/o");
}

TEST(TemplateWords, TheWorkingDirectoryKnowsTheHomeButNotTheTask) {
    SubmitWords words;
    auto jt = job({{DRMAA_REMOTE_COMMAND, "/bin/true"},
                   {DRMAA_WD, "$drmaa_hd_ph$/run"},
                   {DRMAA_OUTPUT_PATH, ":$drmaa_wd_ph$/out"}});
    ASSERT_EQ(template_words(jt, std::nullopt, "/home/a", words).code, DRMAA_ERRNO_SUCCESS);
    EXPECT_THAT(words.args,
                ElementsAre("-b", "y", "-wd", "/home/a/run", "-o", "/home/a/run/out", "/bin/true"));
    jt.scalars[DRMAA_WD] = "/tmp/$drmaa_incr_ph$";
    EXPECT_EQ(template_words(jt, BulkRange{}, "/home/a", words).code,
              DRMAA_ERRNO_INVALID_ATTRIBUTE_VALUE);
}

TEST(JobTemplate, RefusedAttributesSayWhy) {
    drmaa_job_template_s jt;
    const auto input = set_scalar(jt, DRMAA_INPUT_PATH, ":/dev/null");
    EXPECT_EQ(input.code, DRMAA_ERRNO_INVALID_ARGUMENT);
    EXPECT_THAT(input.diagnosis, ::testing::HasSubstr("qsub -i"));
    EXPECT_EQ(set_scalar(jt, DRMAA_TRANSFER_FILES, "eo").code, DRMAA_ERRNO_INVALID_ARGUMENT);
    EXPECT_EQ(set_scalar(jt, "drmaa_no_such", "1").code, DRMAA_ERRNO_INVALID_ARGUMENT);
    EXPECT_EQ(set_scalar(jt, DRMAA_JS_STATE, "drmaa_suspended").code,
              DRMAA_ERRNO_INVALID_ATTRIBUTE_VALUE);
    EXPECT_EQ(set_scalar(jt, DRMAA_JOIN_FILES, "yes").code, DRMAA_ERRNO_INVALID_ATTRIBUTE_VALUE);
    EXPECT_EQ(set_vector(jt, DRMAA_V_ENV, {"NOEQUALS"}).code, DRMAA_ERRNO_INVALID_ATTRIBUTE_FORMAT);
    EXPECT_EQ(set_vector(jt, DRMAA_V_ENV, {""}).code, DRMAA_ERRNO_INVALID_ATTRIBUTE_FORMAT);
    EXPECT_TRUE(jt.scalars.empty());
    EXPECT_TRUE(jt.vectors.empty());
}

}  // namespace
}  // namespace bramble::drmaa
