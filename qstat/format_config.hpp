// qconf's show layouts, Grid Engine 8.1.9's: name-value files (`pe_name            mpi`,
// queue_conf's 22-column keys) with Grid Engine's line breaks (flatfile_breaks.hpp), lists one
// name a line, and the complex table. Pure: the scheduler's replies in, text out. Tested against
// tests/reference/sge/qconf-*.txt where Grid Engine's output was captured.
#pragma once

#include <string>
#include <vector>

#include "wire/messages.hpp"

namespace bramble::qstat {

// -sql, -spl, -sel, -sh, -ss, -sm, -so: sorted, one a line.
std::string format_name_list(std::vector<std::string> names);

// -sp: sge_pe(5). Uncapped (max_slots 0) shows Grid Engine's customary 999.
std::string format_pe(const wire::PeEntry& pe);

// -sq: queue_conf(5) of the cluster's one queue: its nodes and their slots (cores), its PEs, the
// walltime cap as h_rt, rerun; everything bramble does not have at Grid Engine's default.
std::string format_queue(const wire::ConfigReply& config, const wire::NodesReply& nodes);

// -se: host_conf(5) of one execution host: its configured labels, consumables and GPIO lines as
// complex_values, what its execd reports as load_values, its cores as processors.
std::string format_exec_host(const wire::ConfigReply& config, const wire::NodeStatus& node);

// -sc: the complex table: the built-in requests bramble honours, then each configured label
// (RESTRING ==) and consumable (INT <=, consumable).
std::string format_complexes(const wire::ConfigReply& config);

// The complex table of these rows (name, shortcut, type, relop, requestable, consumable, default,
// urgency), as Grid Engine lays it out: each column as wide as its title or its widest value
// plus 3, values padded but the last, a title line and a line of dashes as wide as the titles.
std::string format_complex_table(const std::vector<std::vector<std::string>>& rows);

}  // namespace bramble::qstat
