// What qalter and qhold say they changed: Grid Engine's "modified <attribute> of job N", with the
// attribute named as Grid Engine names it ("job name", "mail list", "hold"), and for -p its own
// line, "alice@pi01 sets scheduling priority of job 12 to -10" (sge_job_qmaster.c's
// MSG_JOB_PRIOSET_SSUI).
#pragma once

#include <string>

namespace bramble::scheduler {

// The attribute an option changes; "attribute -x" for one without a Grid Engine name.
std::string altered_attribute(const std::string& option);

// qalter's answer for one option. `who` is "user@host" (answer_words.hpp), `id` the job as
// qstat shows it, `priority` the job's -p after the change.
std::string altered_line(const std::string& option, const std::string& id, const std::string& who,
                         int priority);

}  // namespace bramble::scheduler
