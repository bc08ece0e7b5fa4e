// Where a job's stdout and stderr go, from -o/-e as the user wrote them, the way Grid Engine reads
// them: a file, a directory (the default name inside it), /dev/null, [host:]path, ~/..., a path
// relative to the working directory, with $HOME $USER $JOB_ID $JOB_NAME $HOSTNAME $TASK_ID
// expanded at run time. Pure: the file system is asked only through `is_directory`.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace bramble::shepherd {

struct PathContext {
    std::string home;
    std::string user;
    std::string job_id;
    std::string job_name;
    std::string hostname;
    std::string workdir;                // absolute
    std::string task_id = "undefined";  // $TASK_ID; an array task's number
};

using IsDirectory = std::function<bool(const std::string& path)>;

// Replaces Grid Engine's pseudo variables; anything else starting with '$' is left alone.
std::string expand_pseudo_variables(std::string_view text, const PathContext& context);

// The file to open for stream 'o' (stdout) or 'e' (stderr); `written` empty means the default
// <workdir>/<job name>.o<job id>.
std::string resolve_output_path(std::string_view written, char stream, const PathContext& context,
                                const IsDirectory& is_directory);

}  // namespace bramble::shepherd
