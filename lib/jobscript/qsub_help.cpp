// The lines of qsub -help (see qsub_help.hpp), in Grid Engine's order and words where the option
// means the same; options taken without effect say so.
#include "jobscript/qsub_help.hpp"

#include <string_view>

namespace bramble::jobscript {

namespace {

struct HelpLine {
    std::string_view usage;
    std::string_view meaning;
};

constexpr HelpLine kLines[] = {
    {"[-A account_string]", "account string in accounting record"},
    {"[-b y[es]|n[o]]", "handle command as binary"},
    {"[-binding [env|pe|set] exp|lin|str]", "accepted, no effect (cores are bound by the node)"},
    {"[-c ckpt_selector]", "accepted, no effect"},
    {"[-ckpt ckpt-name]", "accepted, no effect"},
    {"[-cwd]", "use current working directory"},
    {"[-C directive_prefix]", "define command prefix for job script"},
    {"[-e path_list]", "specify standard error stream path(s)"},
    {"[-h]", "place user hold on job"},
    {"[-hard]", "consider following requests \"hard\""},
    {"[-help]", "print this help"},
    {"[-hold_jid job_identifier_list]", "define jobnet interdependencies"},
    {"[-hold_jid_ad job_identifier_list]", "define jobnet array interdependencies"},
    {"[-j y[es]|n[o]]", "merge stdout and stderr stream of job"},
    {"[-js job_share]", "accepted, no effect"},
    {"[-l resource_list]", "request the given resources"},
    {"[-m mail_options]", "define mail notification events"},
    {"[-notify]", "accepted, no effect"},
    {"[-now y[es]|n[o]]", "start job immediately or not at all"},
    {"[-M mail_list]", "notify these e-mail addresses"},
    {"[-N name]", "specify job name"},
    {"[-o path_list]", "specify standard output stream path(s)"},
    {"[-P project_name]", "set job's project"},
    {"[-p priority]", "define job's relative priority"},
    {"[-pe pe-name slot_range]", "request slot range for parallel jobs"},
    {"[-q wc_queue_list]", "bind job to queue(s)"},
    {"[-R y[es]|n[o]]", "accepted, no effect (reservation is always on)"},
    {"[-r y[es]|n[o]]", "define job as (not) restartable"},
    {"[-shell y[es]|n[o]]", "accepted, no effect"},
    {"[-soft]", "consider following requests as soft (ignored)"},
    {"[-sync y[es]|n[o]]", "wait for job to end and return exit code"},
    {"[-S path_list]", "command interpreter to be used"},
    {"[-t task_id_range]", "create a job-array with these tasks"},
    {"[-tc max_running_tasks]", "throttle the number of concurrent tasks"},
    {"[-terse]", "tersed output, print only the job-id"},
    {"[-v variable_list]", "export these environment variables"},
    {"[-V]", "export all environment variables"},
    {"[-w e|w|n]", "verify mode (error|warning|none) for jobs"},
    {"[-wd working_directory]", "use working_directory"},
    {"[-@ file]", "read commandline input from file"},
};

constexpr std::size_t kMeaningColumn = 41;  // after the three-blank indent, as Grid Engine aligns

}  // namespace

std::string qsub_help_text() {
    std::string text = "bramble\nusage: qsub [options]\n";
    for (const auto& [usage, meaning] : kLines) {
        text += "   ";
        text += usage;
        text.append(usage.size() < kMeaningColumn ? kMeaningColumn - usage.size() : 1, ' ');
        text += meaning;
        text += '\n';
    }
    text += "   [{command|-} [command_args]]\n";
    text +=
        "\nA job file ending in .yaml or .yml is a bramble YAML job (lib/jobscript/README.md).\n";
    return text;
}

}  // namespace bramble::jobscript
