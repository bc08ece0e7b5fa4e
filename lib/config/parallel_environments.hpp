// Looking up a parallel environment by the name a job gives (-pe NAME N), and the PEs a cluster
// has when its config names none.
#pragma once

#include <map>
#include <string>

#include "config/cluster_config.hpp"
#include "model/result.hpp"

namespace bramble::config {

// smp ($pe_slots), mpi ($fill_up) and mpi_rr ($round_robin), none capped.
std::map<std::string, ParallelEnvironment> default_parallel_environments();

// The PEs in force: the config's, or the defaults when it names none.
std::map<std::string, ParallelEnvironment> parallel_environments_of(const ClusterConfig& config);

// The PE called `name`, or "unknown parallel environment 'mp'; this cluster has mpi, mpi_rr, smp".
Result<ParallelEnvironment> find_pe(const ClusterConfig& config, const std::string& name);

// Grid Engine's allocation_rule: $pe_slots, $fill_up, $round_robin or a positive number of slots
// per node. The error says what would be valid.
Result<AllocationRule> parse_allocation_rule(const std::string& text);

// "$pe_slots", "$fill_up", "$round_robin" or the number, as Grid Engine's sge_pe prints it.
std::string format_allocation_rule(const AllocationRule& rule);

}  // namespace bramble::config
