// -m and -M: stored as Grid Engine shows them, and addresses that could reach sendmail as an
// option, a header or a second recipient refused on both sides of the wire.
#include "jobscript/mail_options.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "jobscript/qsub_flags.hpp"
#include "jobscript/spec_check.hpp"

namespace bramble::jobscript {
namespace {

QsubOptions apply(const std::vector<std::string>& words) {
    QsubOptions options;
    auto used = apply_qsub_options(options, words, WordSource{}, SubmitEnvironment{"/tmp", {}});
    EXPECT_TRUE(used.ok()) << used.message();
    return options;
}

TEST(MailOptions, EventsAreKeptInGridEnginesOrder) {
    EXPECT_EQ(*parse_mail_events("bea"), "abe") << "qstat -j prints a, b, e, s in that order";
    EXPECT_EQ(*parse_mail_events("sb"), "bs");
    EXPECT_EQ(*parse_mail_events("n"), "");
    EXPECT_EQ(parse_mail_events("bn").message(),
              "'n' (no mail) cannot be combined with other events, got \"bn\"");
    EXPECT_EQ(parse_mail_events("x").message(), "expected letters from b, e, a, s, n, got \"x\"");
}

TEST(MailOptions, QsubStoresEventsAndAddresses) {
    const auto o = apply({"-m", "be", "-M", "alice@example.org,bob"});
    EXPECT_EQ(o.spec.mail_events, "be");
    EXPECT_EQ(o.spec.mail_list, (std::vector<std::string>{"alice@example.org", "bob"}));
    EXPECT_TRUE(check_job_spec([&] {
                    JobSpec spec = o.spec;
                    spec.name = "x";
                    spec.script = "true\n";
                    return spec;
                }())
                    .ok());
}

TEST(MailOptions, HostileAddressesAreRefused) {
    for (const char* hostile : {"-oQ/tmp/x", "a b", "a\nBcc: eve@evil", "a@b\r\nX: y", "", "@host",
                                "a@", "a@-x", ".a", "a;rm", "a@b@c", "a<b>", "a,", ",a"}) {
        EXPECT_FALSE(parse_mail_list(hostile).ok()) << hostile;
    }
    EXPECT_THAT(parse_mail_list("-t").message(),
                ::testing::StartsWith("mail address \"-t\" starts with '-'"));
    EXPECT_TRUE(parse_mail_list("first.last+tag@mail-1.example.org").ok());
}

TEST(MailOptions, TheSchedulerRechecksAStoredSpec) {
    JobSpec spec;
    spec.name = "x";
    spec.script = "true\n";
    spec.mail_list = {"ok@host", "-oi"};
    EXPECT_THAT(check_job_spec(spec).message(), ::testing::StartsWith("-M: mail address \"-oi\""));
    spec.mail_list = {"ok@host"};
    spec.mail_events = "bz";
    EXPECT_FALSE(check_job_spec(spec).ok());
}

}  // namespace
}  // namespace bramble::jobscript
