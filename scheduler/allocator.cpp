// glibc's defaults map every block over 128 KiB separately and trim the heap's top as soon as
// 128 KiB are free; for a daemon that builds and drops multi-megabyte replies, both turn every
// listing into thousands of page faults.
#include "allocator.hpp"

#include <malloc.h>

namespace bramble::scheduler {

void keep_freed_memory() {
    mallopt(M_MMAP_THRESHOLD, 16 << 20);
    mallopt(M_TRIM_THRESHOLD, 32 << 20);  // a few listings' worth, not the whole history
}

}  // namespace bramble::scheduler
