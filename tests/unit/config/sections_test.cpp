// cluster.yaml sections for parallel environments, nodes, queue limits, fair share, user limits and
// backfill: every key read, the defaults, and errors naming file, line and dotted key.
#include <gtest/gtest.h>

#include <fstream>

#include "config/cluster_config.hpp"
#include "config/parallel_environments.hpp"
#include "support/temp_dir.hpp"

namespace bramble::config {
namespace {

using Kind = AllocationRule::Kind;

class Sections : public ::testing::Test {
  protected:
    Result<ClusterConfig> load(const std::string& text) {
        std::ofstream(path_) << text;
        return load_cluster_config(path_, true);
    }
    ClusterConfig loaded(const std::string& text) {
        auto config = load(text);
        EXPECT_TRUE(config.ok()) << config.message();
        return config.ok() ? *config : ClusterConfig{};
    }
    // The error without the path in front, which is the temporary file's.
    std::string error_of(const std::string& text) {
        auto config = load(text);
        if (config.ok()) return "accepted";
        const std::string& message = config.message();
        return message.starts_with(path_) ? "cluster.yaml" + message.substr(path_.size()) : message;
    }

    test::TempDir dir_;
    std::string path_ = dir_.file("cluster.yaml");
};

TEST_F(Sections, EverySectionOfTheExample) {
    const auto config = loaded(R"(parallel_environments:
  smp: {allocation_rule: $pe_slots}
  mpi: {allocation_rule: $fill_up, max_slots: 64}
  rr:  {allocation_rule: $round_robin}
  two: {allocation_rule: 2}
nodes:
  pi01: {labels: {role: web}, resources: {gpu: 1, scratch: 100G}}
  pi03: {gpio: {chip: gpiochip0, lines: {fan: 17, led: 18}}}
queue_limits: {default_walltime: 1h, max_walltime: 24h}
fair_share: {half_life: 7d, weight_priority: 1, weight_fair_share: 2, weight_waiting: 0.1, waiting_scale: 1d}
user_limits:
  "*": {max_running_jobs: 20, max_slots: 16}
  alice: {max_slots: 32}
backfill: false
)");
    const auto& pes = config.parallel_environments;
    ASSERT_EQ(pes.size(), 4U);
    EXPECT_EQ(pes.at("smp").rule.kind, Kind::PeSlots);
    EXPECT_EQ(pes.at("mpi").rule.kind, Kind::FillUp);
    EXPECT_EQ(pes.at("mpi").max_slots, 64);
    EXPECT_EQ(pes.at("rr").rule.kind, Kind::RoundRobin);
    EXPECT_EQ(pes.at("two").rule, (AllocationRule{Kind::PerNode, 2}));

    const auto& pi01 = config.nodes.at("pi01");
    EXPECT_EQ(pi01.labels, (std::map<std::string, std::string>{{"role", "web"}}));
    EXPECT_EQ(pi01.consumables.at("gpu"), 1U);
    EXPECT_EQ(pi01.consumables.at("scratch"), 100ULL << 30);
    const auto& pi03 = config.nodes.at("pi03");
    EXPECT_EQ(pi03.gpio.chip, "gpiochip0");
    EXPECT_EQ(pi03.gpio.lines, (std::map<std::string, int>{{"fan", 17}, {"led", 18}}));

    EXPECT_EQ(config.queue_limits.default_walltime, 3600);
    EXPECT_EQ(config.queue_limits.max_walltime, 24 * 3600);
    EXPECT_EQ(config.fair_share.half_life, 7 * 86400);
    EXPECT_EQ(config.fair_share.weight_fair_share, 2.0);
    EXPECT_EQ(config.fair_share.weight_waiting, 0.1);
    EXPECT_EQ(config.fair_share.waiting_scale, 86400);
    EXPECT_EQ(config.user_limits.at("*").max_running_jobs, 20);
    EXPECT_EQ(config.user_limits.at("*").max_slots, 16);
    EXPECT_EQ(config.user_limits.at("alice").max_slots, 32);
    EXPECT_EQ(config.user_limits.at("alice").max_running_jobs, 0) << "0 = no cap";
    EXPECT_FALSE(config.backfill);
}

TEST_F(Sections, DefaultsWhenAbsent) {
    const auto config = loaded("queue: all.q\n");
    const auto& pes = config.parallel_environments;
    ASSERT_EQ(pes.size(), 3U);
    EXPECT_EQ(pes.at("smp").rule.kind, Kind::PeSlots);
    EXPECT_EQ(pes.at("mpi").rule.kind, Kind::FillUp);
    EXPECT_EQ(pes.at("mpi_rr").rule.kind, Kind::RoundRobin);
    EXPECT_TRUE(config.nodes.empty());
    EXPECT_EQ(config.queue_limits.default_walltime, 3600);
    EXPECT_EQ(config.queue_limits.max_walltime, 0);
    EXPECT_TRUE(config.backfill);
    const auto only = loaded("parallel_environments: {big: {allocation_rule: 4}}\n");
    EXPECT_EQ(only.parallel_environments.size(), 1U) << "naming any PE replaces the defaults";
}

TEST_F(Sections, TimesInEveryForm) {
    const struct {
        const char* text;
        std::int64_t seconds;
    } cases[] = {
        {"90", 90},     {"90s", 90},    {"30m", 1800},      {"1.5h", 5400},
        {"2d", 172800}, {"1w", 604800}, {"4:00:00", 14400}, {"72:00:00", 259200},
    };
    for (const auto& c : cases) {
        const auto config = loaded(std::string("fair_share: {half_life: ") + c.text + "}\n");
        EXPECT_EQ(config.fair_share.half_life, c.seconds) << c.text;
    }
}

TEST_F(Sections, FindPeNamesTheKnownOnes) {
    const ClusterConfig defaults;
    EXPECT_EQ(find_pe(defaults, "mpi_rr")->rule.kind, Kind::RoundRobin)
        << "a config naming no PE has the defaults";
    EXPECT_EQ(find_pe(defaults, "mp").message(),
              "unknown parallel environment 'mp'; this cluster has mpi, mpi_rr, smp");
    const auto config = loaded("parallel_environments: {two: {allocation_rule: 2}}\n");
    EXPECT_EQ(find_pe(config, "two")->rule, (AllocationRule{Kind::PerNode, 2}));
    EXPECT_EQ(find_pe(config, "smp").message(),
              "unknown parallel environment 'smp'; this cluster has two");
}

TEST_F(Sections, AllocationRulesPrintAsWritten) {
    for (const char* rule : {"$pe_slots", "$fill_up", "$round_robin", "1", "8"}) {
        auto parsed = parse_allocation_rule(rule);
        ASSERT_TRUE(parsed.ok()) << rule;
        EXPECT_EQ(format_allocation_rule(*parsed), rule);
    }
}

TEST_F(Sections, GpioLineNamesAreUniqueAcrossNodes) {
    EXPECT_EQ(error_of("nodes:\n"
                       "  pi03: {gpio: {chip: gpiochip0, lines: {fan: 17}}}\n"
                       "  pi04:\n"
                       "    gpio:\n"
                       "      chip: gpiochip0\n"
                       "      lines: {led: 18,\n"
                       "              fan: 17}\n"),
              "cluster.yaml:7: key 'nodes.pi04.gpio.lines.fan': GPIO line 'fan' is on both pi03 "
              "and pi04; jobs ask for lines by name, so each name must be unique");
}

TEST_F(Sections, ErrorsNameFileLineAndDottedKey) {
    const struct {
        const char* text;
        const char* error;
    } cases[] = {
        {"parallel_environments:\n  mpi: {allocation_rule: fill_up}\n",
         "cluster.yaml:2: key 'parallel_environments.mpi.allocation_rule': allocation rule "
         "'fill_up' is not $pe_slots, $fill_up, $round_robin or a number of slots per node from 1 "
         "to 4096"},
        {"parallel_environments:\n  mpi: {allocation_rule: 0}\n",
         "cluster.yaml:2: key 'parallel_environments.mpi.allocation_rule': allocation rule '0' is "
         "not $pe_slots, $fill_up, $round_robin or a number of slots per node from 1 to 4096"},
        {"parallel_environments:\n  mpi: {max_slots: 8}\n",
         "cluster.yaml:2: key 'parallel_environments.mpi': needs an allocation_rule ($pe_slots, "
         "$fill_up, $round_robin or a number per node)"},
        {"parallel_environments:\n  mpi: {allocation_rule: $fill_up, max_slot: 8}\n",
         "cluster.yaml:2: key 'parallel_environments.mpi.max_slot': unknown key (known: "
         "allocation_rule, max_slots)"},
        {"parallel_environments:\n  mpi: {allocation_rule: $fill_up, max_slots: -1}\n",
         "cluster.yaml:2: key 'parallel_environments.mpi.max_slots': must be a whole number from "
         "0 to 4096, got '-1'"},
        {"parallel_environments: {}\n",
         "cluster.yaml:1: key 'parallel_environments': names no parallel environment; leave the "
         "key out for the defaults (smp, mpi, mpi_rr)"},
        {"parallel_environments:\n  'm p': {allocation_rule: 2}\n",
         "cluster.yaml:2: key 'parallel_environments.m p': 'm p' is not a valid parallel "
         "environment name (letters, digits, '_', '.', '-')"},
        {"nodes:\n  pi01: {label: {role: web}}\n",
         "cluster.yaml:2: key 'nodes.pi01.label': unknown key (known: labels, resources, gpio)"},
        {"nodes:\n  pi01:\n    resources: {gpu: lots}\n",
         "cluster.yaml:3: key 'nodes.pi01.resources.gpu': memory size 'lots' is not a number with "
         "K, M, G or T (e.g. 2G)"},
        {"nodes:\n  pi01:\n    resources: {h_vmem: 4G}\n",
         "cluster.yaml:3: key 'nodes.pi01.resources.h_vmem': 'h_vmem' is a built-in request (-l "
         "h_vmem=...); choose another resource name"},
        {"nodes:\n  pi01:\n    labels: {role: [web]}\n",
         "cluster.yaml:3: key 'nodes.pi01.labels.role': expected a string, got a list"},
        {"nodes:\n  pi03:\n    gpio: {lines: {fan: 17}}\n",
         "cluster.yaml:3: key 'nodes.pi03.gpio': needs a chip (e.g. chip: gpiochip0)"},
        {"nodes:\n  pi03:\n    gpio: {chip: gpio chip, lines: {fan: 17}}\n",
         "cluster.yaml:3: key 'nodes.pi03.gpio.chip': 'gpio chip' is neither a chip name under "
         "/dev (e.g. gpiochip0) nor an absolute device path (e.g. /dev/gpiochip0)"},
        {"nodes:\n  pi03:\n    gpio: {chip: gpiochip0, lines: {fan: 17, led: 17}}\n",
         "cluster.yaml:3: key 'nodes.pi03.gpio.lines.led': offset 17 is already line 'fan' of "
         "this chip"},
        {"nodes:\n  pi03:\n    gpio: {chip: gpiochip0, lines: {fan: 9999}}\n",
         "cluster.yaml:3: key 'nodes.pi03.gpio.lines.fan': must be a whole number from 0 to "
         "1023, got '9999'"},
        {"nodes:\n  pi03:\n    gpio: {chip: gpiochip0, lines: {fan.1: 3}}\n",
         "cluster.yaml:3: key 'nodes.pi03.gpio.lines.fan.1': 'fan.1' is not a valid GPIO line "
         "name (letters, digits, '_', '-')"},
        {"nodes: [pi01]\n",
         "cluster.yaml:1: key 'nodes': expected a mapping of nodes by name, got a list"},
        {"queue_limits: {default_walltime: 2d, max_walltime: 1d}\n",
         "cluster.yaml:1: key 'queue_limits': default_walltime (172800 s) is longer than "
         "max_walltime (86400 s): a job asking for nothing could never run"},
        {"queue_limits:\n  default_walltime: 0\n",
         "cluster.yaml:2: key 'queue_limits.default_walltime': must be more than zero"},
        {"queue_limits:\n  max_walltime: soon\n",
         "cluster.yaml:2: key 'queue_limits.max_walltime': time 'soon' is not "
         "[[hours:]minutes:]seconds (e.g. 4:00:00), or a number with s, m, h, d or w"},
        {"queue_limits:\n  max_walltime: 20y\n",
         "cluster.yaml:2: key 'queue_limits.max_walltime': time '20y' is not "
         "[[hours:]minutes:]seconds (e.g. 4:00:00), or a number with s, m, h, d or w"},
        {"fair_share:\n  half_life: 4000w\n",
         "cluster.yaml:2: key 'fair_share.half_life': time '4000w' is not a number of s, m, h, d "
         "or w below ten years (e.g. 7d)"},
        {"fair_share:\n  weight_waiting: -1\n",
         "cluster.yaml:2: key 'fair_share.weight_waiting': must be a number of at least 0, got "
         "'-1'"},
        {"fair_share:\n  weight_age: 1\n",
         "cluster.yaml:2: key 'fair_share.weight_age': unknown key (known: half_life, "
         "weight_priority, weight_fair_share, weight_waiting, waiting_scale)"},
        {"user_limits:\n  alice: {max_jobs: 2}\n",
         "cluster.yaml:2: key 'user_limits.alice.max_jobs': unknown key (known: "
         "max_running_jobs, max_slots)"},
        {"user_limits:\n  alice: {max_slots: -2}\n",
         "cluster.yaml:2: key 'user_limits.alice.max_slots': must be a whole number from 0 to "
         "1000000, got '-2'"},
        {"user_limits:\n  alice:\n",
         "cluster.yaml:2: key 'user_limits.alice': expected a mapping of max_running_jobs and "
         "max_slots, got nothing"},
        {"backfill: sometimes\n",
         "cluster.yaml:1: key 'backfill': expected true or false, got 'sometimes'"},
        {"queue: a\nqueue: b\n", "cluster.yaml:2: key 'queue': given twice"},
        {"queue:\n", "cluster.yaml:1: key 'queue': expected a string, got nothing"},
    };
    for (const auto& c : cases)
        EXPECT_EQ(error_of(c.text), c.error) << c.text;
}

}  // namespace
}  // namespace bramble::config
