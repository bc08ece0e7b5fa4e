// ProbeSuite: a ClusterSuite with what the resource and policy tests share. A probe is a gated
// job that first writes what a shell snippet prints (its environment, $PE_HOSTFILE) to a file of
// the test, whole, and then runs until its gate opens, so the test can look at the job from inside
// and through qstat while it holds its resources.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/cluster_suite.hpp"

namespace bramble::test {

// One line of $PE_HOSTFILE: "host slots queue@host processors".
struct HostfileLine {
    std::string host;
    int slots = 0;
    std::string queue;
};

inline std::vector<HostfileLine> parse_hostfile(const std::string& text) {
    std::vector<HostfileLine> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        HostfileLine parsed;
        if (words >> parsed.host >> parsed.slots >> parsed.queue) lines.push_back(parsed);
    }
    return lines;
}

class ProbeSuite : public ClusterSuite {
  protected:
    // Submits a probe named `name` (also its job name) with qsub options `extra`; what `report`
    // prints becomes report_of(name) once the job runs.
    std::uint64_t probe(const std::string& name, const std::string& report,
                        const std::vector<std::string>& extra = {},
                        const std::string& as_user = "") {
        const std::string out = work_file(name + ".out");
        gates_.push_back(work_file(name + ".gate"));
        std::vector<std::string> args = {"-cwd", "-N", name};
        args.insert(args.end(), extra.begin(), extra.end());
        const std::string command = "{ " + report + "; } > '" + out + ".part' 2>&1; mv '" + out +
                                    ".part' '" + out + "'; " + wait_for_file_command(gates_.back());
        args.insert(args.end(), {"-b", "y", "/bin/sh", "-c", command});
        gated_jobs_.push_back(cluster().submit(args, "", as_user));
        return gated_jobs_.back();
    }

    // What probe `name` printed, once it has run ("" if it did not within the timeout).
    static std::string report_of(const std::string& name) {
        const std::string out = work_file(name + ".out");
        if (!cluster().wait_for_file(out)) return "";
        return slurp(out);
    }

    // Lets gated job or probe `name` end.
    static void open_gate(const std::string& name) { touch(work_file(name + ".gate")); }

    // Adopts a job the test submitted itself, whose gate is work_file(name + ".gate"), so
    // TearDown lets it go and waits for it.
    void adopt(std::uint64_t id, const std::string& name) {
        gates_.push_back(work_file(name + ".gate"));
        gated_jobs_.push_back(id);
    }

    // A YAML job file in the work folder that runs until its gate opens; returns its path.
    static std::string gated_yaml(const std::string& name, const std::string& keys) {
        const std::string path = work_file(name + ".yaml");
        std::ofstream(path) << "name: " << name << "\ncwd: true\ncommand: \""
                            << wait_for_file_command(work_file(name + ".gate")) << "\"\n"
                            << keys;
        return path;
    }

    static ProcessResult qsub(const std::vector<std::string>& args,
                              const std::string& as_user = "") {
        return cluster().run("qsub", args, "", as_user);
    }

    // The words of the job's line in `qstat -u '*'` (plus `extra` options, e.g. -pri), or none.
    static std::vector<std::string> qstat_row(std::uint64_t id,
                                              const std::vector<std::string>& extra = {}) {
        std::vector<std::string> args = {"-u", "*"};
        args.insert(args.end(), extra.begin(), extra.end());
        std::istringstream in(cluster().run("qstat", args).out);
        for (std::string line; std::getline(in, line);) {
            std::istringstream words_in(line);
            std::vector<std::string> words;
            for (std::string word; words_in >> word;)
                words.push_back(word);
            if (!words.empty() && words[0] == std::to_string(id)) return words;
        }
        return {};
    }

    static std::string detail(std::uint64_t id) {
        return cluster().run("qstat", {"-j", std::to_string(id)}).out;
    }

    // The value of `key` in `qstat -j id` ("scheduling info", "prio", "reserved start"), the
    // first line only; "" when the key is not shown.
    static std::string detail_value(std::uint64_t id, const std::string& key) {
        std::istringstream in(detail(id));
        for (std::string line; std::getline(in, line);) {
            if (line.rfind(key + ":", 0) != 0) continue;
            const auto value = line.find_first_not_of(' ', key.size() + 1);
            return value == std::string::npos ? "" : line.substr(value);
        }
        return "";
    }

    // Waits until the job's scheduling info contains `text` (passes run after events, so the
    // reason a test expects may be one pass away); returns whether it did.
    static bool wait_reason(std::uint64_t id, const std::string& text,
                            std::chrono::milliseconds timeout = 10s) {
        return cluster().wait_until(
            [&] { return detail_value(id, "scheduling info").find(text) != std::string::npos; },
            timeout);
    }

    // Whether the job waits with a reservation due when a job started moments ago, with the
    // queue's default walltime of an hour, ends (the reason says what it lacks first).
    static bool reserved_within_the_default_hour(std::uint64_t id) {
        if (!wait_reason(id, "reserved to start within ")) return false;
        const std::string info = detail_value(id, "scheduling info");
        return info.find("; reserved to start within 1h00m until ") != std::string::npos;
    }
};

}  // namespace bramble::test
