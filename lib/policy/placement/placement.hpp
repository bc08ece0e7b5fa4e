// Placement under each allocation rule, over the working cluster's node states. Each rule gets the
// request and the nodes and answers a layout: which nodes hold how many slots, the master first.
// Nothing here changes a node; WorkingCluster turns a layout into grants and takes them.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "policy/node_state.hpp"
#include "policy/request.hpp"

namespace bramble::policy {

struct ShareAt {
    std::size_t node = 0;  // index into the working cluster's nodes
    int slots = 0;
};

using Layout = std::vector<ShareAt>;  // the master first

// The most slots of `request` the node could hold now, as the master or as another node, within
// the job's most (slots_max) and the rule's shape (exactly N under a fixed rule, all slots under
// pe_slots); 0 when it can hold none.
int slots_that_fit(const Request& request, const NodeState& node, bool master);

// A node that can take part, and how much of the job it could hold.
struct Candidate {
    std::size_t node = 0;
    int as_member = 0;  // slots_that_fit(..., false)
    int as_master = 0;  // slots_that_fit(..., true)
};

// Every node that could hold part of the job now, in snapshot order.
std::vector<Candidate> candidates(const Request& request, const std::vector<NodeState>& nodes);

std::optional<Layout> place_pe_slots(const Request& request, const std::vector<NodeState>& nodes);
std::optional<Layout> place_fill_up(const Request& request, std::vector<Candidate> found);
std::optional<Layout> place_round_robin(const Request& request, std::vector<Candidate> found);
std::optional<Layout> place_per_node(const Request& request, std::vector<Candidate> found);

// The index in `found` of the first candidate that can be the master, if any.
std::optional<std::size_t> first_master(const std::vector<Candidate>& found);

}  // namespace bramble::policy
