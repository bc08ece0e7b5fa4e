// Allocator tuning for the daemon's workload: a listing of a big queue allocates megabytes and
// frees them a moment later, again for every qstat.
#pragma once

namespace bramble::scheduler {

// Keeps large freed blocks in the heap for reuse instead of returning them to the kernel (and
// faulting fresh pages in on the next listing). Call once at start.
void keep_freed_memory();

}  // namespace bramble::scheduler
