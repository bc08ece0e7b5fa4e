// A parallel environment's allocation rule: how a job's slots spread over nodes (Grid Engine's
// allocation_rule): all on one node, filling each node before the next, one slot per node in
// turn, or a fixed number on every node used.
#pragma once

namespace bramble {

struct AllocationRule {
    enum class Kind { PeSlots, FillUp, RoundRobin, PerNode };
    Kind kind = Kind::PeSlots;
    int per_node = 0;  // slots on every node used, for PerNode

    friend bool operator==(const AllocationRule&, const AllocationRule&) = default;
};

}  // namespace bramble
