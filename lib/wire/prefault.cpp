#include "wire/prefault.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

namespace bramble::wire {

void prefault(void* start, std::size_t bytes) {
#ifdef MADV_POPULATE_WRITE
    static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    // Whole pages only: the partial pages at either end are usually mapped already.
    auto* first = static_cast<char*>(start);
    const std::size_t head = (page - reinterpret_cast<std::uintptr_t>(first) % page) % page;
    if (bytes <= head) return;
    const std::size_t length = (bytes - head) / page * page;
    if (length > 0) (void)::madvise(first + head, length, MADV_POPULATE_WRITE);
#else
    (void)start;
    (void)bytes;
#endif
}

}  // namespace bramble::wire
