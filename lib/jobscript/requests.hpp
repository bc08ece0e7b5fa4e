// The list-valued qsub options: -l resource requests, -q queue (and node) choice, -v variables.
// Each applies to a JobSpec; errors are plain messages the caller pins to a file, line and option.
#pragma once

#include <string_view>

#include "jobscript/env_list.hpp"
#include "jobscript/qsub_flags.hpp"
#include "model/job_spec.hpp"
#include "model/result.hpp"

namespace bramble::jobscript {

// "h_vmem=2G,h_rt=1:00:00": every NAME=VALUE is kept in spec.resources (later ones win, so the
// command line overrides a directive per resource). Known names also set fields: h_vmem s_vmem
// mem_free h_rss m_mem_free virtual_free -> memory_per_slot (the largest given), h_rt -> walltime,
// hostname / h -> nodes (one Grid Engine node pattern), exclusive / excl -> exclusive, slots ->
// slots. gpio=LINE adds LINE to spec.gpio (they accumulate) and is not kept in resources. s_rt,
// h_cpu, s_cpu are checked as times. Other names are site resources or node labels, accepted as
// written. The list is applied whole or not at all.
Status apply_resource_list(JobSpec& spec, std::string_view list);

// "QUEUE", "QUEUE@NODE", "*@NODE" or instances of one queue "QUEUE@NODE1,QUEUE@NODE2"; NODE may be
// a pattern (all.q@pi0[1-3]). The nodes replace spec.nodes. Several queues and @@hostgroups are
// refused.
Status apply_queue(JobSpec& spec, std::string_view list);

// "A=1,B": A set to 1, B copied from the submit environment (empty if it has none). `index` is
// spec.env's (env_list.hpp), kept across calls so each costs only what it adds.
Status apply_env_list(JobSpec& spec, std::string_view list, const SubmitEnvironment& env,
                      EnvIndex& index);

}  // namespace bramble::jobscript
