// parse_submission: the order in which qsub reads things (see submission.hpp). The command line is
// applied twice: once to find the job file and the options that say how to read it (-b, -C), and
// once after the job file, so that it overrides the file.
#include "jobscript/submission.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "jobscript/file_text.hpp"
#include "jobscript/ge_script.hpp"
#include "jobscript/values.hpp"
#include "jobscript/yaml_job.hpp"

namespace bramble::jobscript {

namespace {

using Kind = WordSource::Kind;

// The submit environment Grid Engine passes on as SGE_O_*; WORKDIR comes from the cwd.
constexpr std::array<std::string_view, 6> kSubmitVars = {"HOME",  "LOGNAME", "PATH",
                                                         "SHELL", "TZ",      "MAIL"};

// No job file at all, or "-": the script comes from standard input.
bool is_stdin(const std::optional<std::string>& operand) {
    return !operand || *operand == "-";
}

Result<std::string> read_script(const SubmitContext& context, const std::optional<std::string>& job,
                                SubmitFault& fault) {
    if (is_stdin(job)) {
        if (!context.read_stdin)
            return make_error("no script given and standard input cannot be read");
        return context.read_stdin();
    }
    const std::string& operand = *job;
    bool unreadable = false;
    auto text = read_script_file(absolute_path(operand, context.env.cwd), operand, unreadable);
    if (unreadable) fault = SubmitFault::script_file;
    if (text && text->find('\0') != std::string::npos) {
        return make_error("script '" + operand +
                          "' looks like a binary program; to run a program " +
                          "directly use: qsub -b y " + operand);
    }
    return text;
}

Status read_script_job(QsubOptions& options, const SubmitContext& context,
                       const std::optional<std::string>& job, SubmitFault& fault) {
    fault = SubmitFault::other;
    auto text = read_script(context, job, fault);
    if (!text) return text.error();
    fault = SubmitFault::option;
    const bool from_stdin = is_stdin(job);
    const std::string shown = from_stdin ? "STDIN" : *job;
    for (const auto& directive : extract_directives(*text, options.directive_prefix)) {
        const WordSource source{Kind::directive, shown, directive.line};
        if (auto applied = apply_qsub_options(options, directive.words, source, context.env);
            !applied) {
            return applied.error();
        }
    }
    options.spec.binary = false;
    options.spec.script = std::move(*text);
    options.spec.script_path = from_stdin ? "STDIN" : absolute_path(*job, context.env.cwd);
    if (options.spec.name.empty()) options.spec.name = from_stdin ? "STDIN" : base_name(*job);
    return ok_status();
}

Status read_yaml_job(QsubOptions& options, const SubmitContext& context, const std::string& operand,
                     SubmitFault& fault) {
    const std::string path = absolute_path(operand, context.env.cwd);
    auto text = read_text_file(path, operand, "job file");
    if (!text) {
        fault = SubmitFault::script_file;
        return text.error();
    }
    auto spec = parse_yaml_job(*text, operand, context.env.cwd);
    if (!spec) return spec.error();
    options.spec = std::move(*spec);
    if (!options.spec.binary) options.spec.script_path = path;
    return ok_status();
}

// The job itself: what the words from `at` on (job file or command, then its arguments) say.
// A file that cannot be read is a script_file fault; a bad #$ line is an option fault.
Status read_job(QsubOptions& options, const QsubOptions& scan, const SubmitContext& context,
                std::size_t at, SubmitFault& fault) {
    const auto& args = context.args;
    const std::optional<std::string> job =
        at < args.size() ? std::optional(args[at]) : std::nullopt;
    const std::vector<std::string> rest(
        args.begin() + static_cast<std::ptrdiff_t>(std::min(at + 1, args.size())), args.end());
    if (scan.spec.binary) {
        if (!job || job->empty())
            return make_error("-b y needs a command to run (qsub -b y COMMAND [ARGS])");
        options.spec.binary = true;
        options.spec.args = {*job};
        options.spec.args.insert(options.spec.args.end(), rest.begin(), rest.end());
        options.spec.name = base_name(*job);
        return ok_status();
    }
    const bool yaml = !is_stdin(job) && is_yaml_job_path(*job);
    fault = SubmitFault::option;
    if (auto ok = yaml ? read_yaml_job(options, context, *job, fault)
                       : read_script_job(options, context, job, fault);
        !ok) {
        return ok;
    }
    options.spec.args.insert(options.spec.args.end(), rest.begin(), rest.end());
    return ok_status();
}

void record_submit_side(JobSpec& spec, const SubmitContext& context) {
    for (const auto& [name, value] : context.env.vars) {
        for (const auto wanted : kSubmitVars) {
            if (name == wanted) spec.submit_env[name] = value;
        }
    }
    spec.submit_env["WORKDIR"] = context.env.cwd;
    spec.submit_host = context.hostname;
}

}  // namespace

Result<Submission> parse_submission(const SubmitContext& context, SubmitFault* fault) {
    SubmitFault ignored = SubmitFault::other;
    SubmitFault& kind = fault != nullptr ? *fault : ignored;
    kind = SubmitFault::option;
    const WordSource command_line{Kind::command_line, "", 0};
    QsubOptions scan;
    auto at = apply_qsub_options(scan, context.args, command_line, context.env);
    if (!at) return at.error();
    if (scan.help) return Submission{JobSpec{}, false, true};

    QsubOptions options;
    options.directive_prefix = scan.directive_prefix;
    kind = SubmitFault::other;
    if (auto ok = read_job(options, scan, context, *at, kind); !ok) return ok.error();
    kind = SubmitFault::option;

    const std::vector<std::string> option_words(
        context.args.begin(), context.args.begin() + static_cast<std::ptrdiff_t>(*at));
    const bool binary = options.spec.binary;
    options.soft = false;  // -soft in a script does not reach into the command line
    if (auto again = apply_qsub_options(options, option_words, command_line, context.env); !again) {
        return again.error();
    }
    options.spec.binary = binary;  // -b was already honoured when the job was read
    record_submit_side(options.spec, context);
    return Submission{std::move(options.spec), options.terse, false, options.sync};
}

}  // namespace bramble::jobscript
