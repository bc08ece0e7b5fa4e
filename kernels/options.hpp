// The kernels' command lines: `--name value` options with checked numbers and sizes, and one
// way to say what was wrong. Header-only so each kernel stays one small file with no library.
#pragma once

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace bramble::kernels {

// Exit statuses shared by every kernel: a wrong answer, a usage error, and (GPIO) no chip to use.
inline constexpr int exit_wrong = 1;
inline constexpr int exit_usage = 2;
inline constexpr int exit_no_chip = 3;

class Options {
  public:
    // `known` maps each option name (without "--") to its value's help text.
    Options(std::string program, std::string usage, std::map<std::string, std::string> known)
        : program_(std::move(program)), usage_(std::move(usage)), known_(std::move(known)) {}

    // Only one MPI rank should print usage errors; the others parse silently.
    void set_quiet(bool quiet) { quiet_ = quiet; }

    // Reads argv. False after printing why (or after --help, with help_asked() set).
    bool parse(int argc, char** argv) {
        for (int i = 1; i < argc; ++i) {
            const std::string word = argv[i];
            if (word == "-h" || word == "--help") {
                help_asked_ = true;
                if (!quiet_) print_usage(std::cout);
                return false;
            }
            if (word.rfind("--", 0) != 0 || known_.count(word.substr(2)) == 0)
                return fail("unknown argument '" + word + "'");
            if (i + 1 >= argc) return fail("option " + word + " needs a value");
            values_[word.substr(2)] = argv[++i];
        }
        return true;
    }

    [[nodiscard]] bool help_asked() const { return help_asked_; }

    // The option's value, or `fallback` when it was not given.
    [[nodiscard]] std::string text(const std::string& name, const std::string& fallback) const {
        auto it = values_.find(name);
        return it == values_.end() ? fallback : it->second;
    }

    // A whole number in [min, max]; `value` keeps its default when the option is absent.
    bool integer(const std::string& name, long long min, long long max, long long& value) const {
        auto it = values_.find(name);
        if (it == values_.end()) return true;
        errno = 0;
        char* end = nullptr;
        const long long parsed = std::strtoll(it->second.c_str(), &end, 10);
        if (it->second.empty() || *end != '\0' || errno != 0 || parsed < min || parsed > max) {
            return fail("--" + name + " must be a whole number from " + std::to_string(min) +
                        " to " + std::to_string(max) + ", got '" + it->second + "'");
        }
        value = parsed;
        return true;
    }

    // A decimal number in [min, max] (seconds, mostly).
    bool real(const std::string& name, double min, double max, double& value) const {
        auto it = values_.find(name);
        if (it == values_.end()) return true;
        char* end = nullptr;
        const double parsed = std::strtod(it->second.c_str(), &end);
        if (it->second.empty() || *end != '\0' || !std::isfinite(parsed) || parsed < min ||
            parsed > max) {
            return fail("--" + name + " must be a number from " + std::to_string(min) + " to " +
                        std::to_string(max) + ", got '" + it->second + "'");
        }
        value = parsed;
        return true;
    }

    // A size in bytes with an optional binary suffix (K, M, G), at least one byte.
    bool size(const std::string& name, std::uint64_t& value) const {
        auto it = values_.find(name);
        if (it == values_.end()) return true;
        auto parsed = parse_size(it->second);
        if (!parsed) {
            return fail("--" + name + " must be a size such as 512K, 64M or 1G, got '" +
                        it->second + "'");
        }
        value = *parsed;
        return true;
    }

    // Prints "program: message" and the usage; returns false so callers can `return fail(...)`.
    bool fail(const std::string& message) const {
        if (!quiet_) {
            std::cerr << program_ << ": " << message << "\n";
            print_usage(std::cerr);
        }
        return false;
    }

    static std::optional<std::uint64_t> parse_size(const std::string& text) {
        char* end = nullptr;
        errno = 0;
        const unsigned long long number = std::strtoull(text.c_str(), &end, 10);
        if (text.empty() || text[0] == '-' || end == text.c_str() || errno != 0 || number == 0)
            return std::nullopt;
        const std::string suffix = end;
        const std::map<std::string, int> shifts = {{"", 0},   {"K", 10}, {"M", 20}, {"G", 30},
                                                   {"k", 10}, {"m", 20}, {"g", 30}};
        auto shift = shifts.find(suffix);
        if (shift == shifts.end() || number > (~0ULL >> shift->second)) return std::nullopt;
        return std::uint64_t{number} << shift->second;
    }

  private:
    void print_usage(std::ostream& out) const {
        out << "usage: " << program_ << " " << usage_ << "\n";
        for (const auto& [name, help] : known_)
            out << "  --" << name << " " << help << "\n";
    }

    std::string program_;
    std::string usage_;
    std::map<std::string, std::string> known_;
    std::map<std::string, std::string> values_;
    bool quiet_ = false;
    bool help_asked_ = false;
};

}  // namespace bramble::kernels
