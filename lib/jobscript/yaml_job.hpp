// YAML job files: bramble's own, friendlier front door (`qsub job.yaml`). The schema is in
// lib/jobscript/README.md; every error names the file, the line and the key.
#pragma once

#include <string>
#include <string_view>

#include "model/job_spec.hpp"
#include "model/result.hpp"

namespace bramble::jobscript {

// True for names ending in .yaml or .yml: qsub reads those as YAML jobs, everything else as
// scripts.
bool is_yaml_job_path(std::string_view path);

// Reads a YAML job. `file` is the name errors show (as the user typed it); relative `workdir`
// values are made absolute against `cwd`, and `cwd: true` means `cwd` itself. The job's name
// defaults to the file's base name without its extension. Never throws; malformed YAML, unknown
// keys, wrong types and out-of-range values are errors like
// `job.yaml:7: key 'slots': must be a positive integer, got -3`.
Result<JobSpec> parse_yaml_job(std::string_view text, const std::string& file,
                               const std::string& cwd);

}  // namespace bramble::jobscript
