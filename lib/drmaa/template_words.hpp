// A job template as qsub's words: Grid Engine's DRMAA defaults (-b y: the remote command is run
// directly, its #$ lines unread), then the native specification as written, then the template's
// attributes as the qsub options they stand for, so that an attribute overrides the native
// specification and the native specification overrides the defaults. lib/jobscript then reads the
// words exactly as it reads qsub's command line. Pure: the caller's home is an argument.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "c_boundary.hpp"
#include "job_template.hpp"

namespace bramble::drmaa {

// drmaa_run_bulk_jobs' task range (qsub -t first-last:step).
struct BulkRange {
    int first = 1;
    int last = 1;
    int step = 1;
};

struct SubmitWords {
    std::vector<std::string> args;                         // qsub's argv, without "qsub"
    std::vector<std::pair<std::string, std::string>> env;  // drmaa_v_env, in order
};

// `home` replaces $drmaa_hd_ph$ in drmaa_wd (a working directory must be a real path before the
// job starts); in output and error paths placeholders become qsub's pseudo variables ($HOME,
// $TASK_ID) and the working directory. Refuses a template without a remote command.
Answer template_words(const drmaa_job_template_s& jt, const std::optional<BulkRange>& bulk,
                      const std::string& home, SubmitWords& out);

// A DRMAA path ("[host]:path") as the path alone, placeholders replaced.
std::string output_path_words(const std::string& drmaa_path, const std::string& workdir);

}  // namespace bramble::drmaa
