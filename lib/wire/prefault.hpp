// Mapping memory that is about to be filled in one system call instead of one fault per page.
#pragma once

#include <cstddef>

namespace bramble::wire {

// Fresh anonymous memory is mapped a page at a time, at its first write, and every such page
// fault is an exception into the kernel: about 10 µs each on a virtual machine with shadow page
// tables, so a listing of 10,000 jobs spent a quarter of qstat's time faulting in its buffers. This
// asks the kernel to map the whole pages of [start, start + bytes) writable at once. It changes no
// byte, and is only a hint: kernels before 5.14 refuse it and nothing else happens.
void prefault(void* start, std::size_t bytes);

}  // namespace bramble::wire
