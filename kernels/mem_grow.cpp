// bramble-mem: grows its memory to a given size in steps, writing every page (so the memory is
// really resident, and a memory limit really bites), reads it all back to check, and optionally
// holds it. Each step is printed as it is reached, so a job killed by its limit shows how far it
// got.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <new>
#include <thread>
#include <vector>

#include "options.hpp"

namespace {

using namespace bramble::kernels;

constexpr std::uint64_t mib = 1ULL << 20;

// The byte written at `offset` of block `block`: varies across blocks and within them.
unsigned char pattern(std::size_t block, std::size_t offset) {
    return static_cast<unsigned char>((block * 131 + offset / 4096) & 0xff);
}

// The first block whose contents are not what was written, or blocks.size() when all are.
std::size_t first_damaged(const std::vector<std::unique_ptr<unsigned char[]>>& blocks,
                          const std::vector<std::size_t>& sizes) {
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        for (std::size_t i = 0; i < sizes[b]; ++i) {
            if (blocks[b][i] != pattern(b, i)) return b;
        }
    }
    return blocks.size();
}

}  // namespace

int main(int argc, char** argv) {
    Options options("bramble-mem", "[--size SIZE] [--step SIZE] [--hold SECONDS]",
                    {{"size", "SIZE: how much to grow to, e.g. 256M (default 64M)"},
                     {"step", "SIZE: how much to add at a time (default 16M)"},
                     {"hold", "SECONDS: how long to keep it before exiting (default 0)"}});
    std::uint64_t size = 64 * mib;
    std::uint64_t step = 16 * mib;
    double hold = 0;
    if (!options.parse(argc, argv) || !options.size("size", size) || !options.size("step", step) ||
        !options.real("hold", 0, 1e7, hold)) {
        return options.help_asked() ? 0 : exit_usage;
    }
    std::vector<std::unique_ptr<unsigned char[]>> blocks;
    std::vector<std::size_t> sizes;
    std::uint64_t total = 0;
    while (total < size) {
        const std::size_t bytes = static_cast<std::size_t>(std::min(step, size - total));
        unsigned char* block = new (std::nothrow) unsigned char[bytes];
        if (block == nullptr) {
            std::printf("bramble-mem: could not allocate beyond %.1f MiB (asked for %.1f MiB)\n",
                        static_cast<double>(total) / mib, static_cast<double>(size) / mib);
            return exit_wrong;
        }
        blocks.emplace_back(block);
        sizes.push_back(bytes);
        for (std::size_t i = 0; i < bytes; ++i)
            block[i] = pattern(blocks.size() - 1, i);
        total += bytes;
        std::printf("mem: %.1f MiB\n", static_cast<double>(total) / mib);
        std::fflush(stdout);
    }
    if (const std::size_t bad = first_damaged(blocks, sizes); bad != blocks.size()) {
        std::printf("bramble-mem: WRONG: block %zu did not read back what was written\n", bad);
        return exit_wrong;
    }
    std::printf("mem: grew to %.1f MiB in %zu step(s), every byte read back\n",
                static_cast<double>(total) / mib, blocks.size());
    std::fflush(stdout);
    std::this_thread::sleep_for(std::chrono::duration<double>(hold));
    return 0;
}
