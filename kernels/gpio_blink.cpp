// bramble-gpio-blink: blinks one GPIO line (an LED) COUNT times, one PERIOD per blink, reading the
// line back after each change to check it took. Uses libgpiod (v1 API) when built with it. With no
// chip to use (none given, none present, or no GPIO support built in) it says so and exits 3, so a
// job on a node without GPIO fails distinctly from a wrong blink (1) or a usage error (2).
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#ifdef BRAMBLE_HAVE_GPIOD
#include <gpiod.h>
#endif

#include "options.hpp"

namespace {

using namespace bramble::kernels;

struct Blink {
    std::string chip;
    long long line = -1;
    long long count = 10;
    double period = 0.5;
};

void pause(double seconds) {
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

#ifdef BRAMBLE_HAVE_GPIOD

// Sets the line to each value in turn, checking each by reading it back.
int blink_line(gpiod_line* line, const Blink& b) {
    for (long long i = 0; i < b.count; ++i) {
        for (int value : {1, 0}) {
            if (gpiod_line_set_value(line, value) != 0 || gpiod_line_get_value(line) != value) {
                std::printf(
                    "bramble-gpio-blink: WRONG: line %lld did not read back %d on blink %lld\n",
                    b.line, value, i + 1);
                return exit_wrong;
            }
            pause(b.period / 2);
        }
    }
    std::printf("gpio: blinked %s line %lld %lld time(s), every change read back\n", b.chip.c_str(),
                b.line, b.count);
    return 0;
}

int blink(const Blink& b) {
    gpiod_chip* chip = gpiod_chip_open_lookup(b.chip.c_str());
    if (chip == nullptr) {
        std::fprintf(stderr, "bramble-gpio-blink: no GPIO chip '%s' on this machine: %s\n",
                     b.chip.c_str(), std::strerror(errno));
        return exit_no_chip;
    }
    int status = exit_wrong;
    gpiod_line* line = b.line < gpiod_chip_num_lines(chip)
                           ? gpiod_chip_get_line(chip, static_cast<unsigned>(b.line))
                           : nullptr;
    if (line == nullptr) {
        std::fprintf(stderr, "bramble-gpio-blink: %s has no line %lld (it has %u)\n",
                     b.chip.c_str(), b.line, gpiod_chip_num_lines(chip));
        status = exit_usage;
    } else if (gpiod_line_request_output(line, "bramble-gpio-blink", 0) != 0) {
        std::fprintf(stderr, "bramble-gpio-blink: cannot drive %s line %lld: %s\n", b.chip.c_str(),
                     b.line, std::strerror(errno));
    } else {
        status = blink_line(line, b);
        gpiod_line_release(line);
    }
    gpiod_chip_close(chip);
    return status;
}

#else

int blink(const Blink& b) {
    std::fprintf(stderr,
                 "bramble-gpio-blink: cannot use %s: no GPIO chip support built in (build with "
                 "libgpiod-dev installed)\n",
                 b.chip.c_str());
    return exit_no_chip;
}

#endif

}  // namespace

int main(int argc, char** argv) {
    Options options("bramble-gpio-blink", "--chip CHIP --line N [--count C] [--period SECONDS]",
                    {{"chip",
                      "CHIP: gpiochip0, /dev/gpiochip0 or a chip label "
                      "(default: $BRAMBLE_GPIO_CHIP)"},
                     {"line", "N: the line's offset on the chip"},
                     {"count", "C: blinks (default 10)"},
                     {"period", "SECONDS: one blink, on then off (default 0.5)"}});
    const char* job_chip = std::getenv("BRAMBLE_GPIO_CHIP");
    Blink b;
    if (!options.parse(argc, argv) || !options.integer("line", 0, 65535, b.line) ||
        !options.integer("count", 1, 1'000'000, b.count) ||
        !options.real("period", 0.001, 3600, b.period)) {
        return options.help_asked() ? 0 : exit_usage;
    }
    b.chip = options.text("chip", job_chip != nullptr ? job_chip : "");
    if (b.chip.empty()) {
        std::fprintf(stderr,
                     "bramble-gpio-blink: no GPIO chip given (--chip, or a job asking for "
                     "gpio lines on a node that has them)\n");
        return exit_no_chip;
    }
    if (b.line < 0) {
        options.fail("--line is required");
        return exit_usage;
    }
    return blink(b);
}
