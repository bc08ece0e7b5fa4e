// The qsub option table and the loop that applies it (see qsub_flags.hpp). Each option is one row:
// its name, how many values it takes, and a small handler; options of later milestones are refused
// by name so a script written for Grid Engine never runs with part of its meaning dropped.
#include "jobscript/qsub_flags.hpp"

#include <algorithm>
#include <span>
#include <string_view>

#include "jobscript/diagnostic.hpp"
#include "jobscript/env_list.hpp"
#include "jobscript/file_text.hpp"
#include "jobscript/ge_script.hpp"
#include "jobscript/job_shape.hpp"
#include "jobscript/mail_options.hpp"
#include "jobscript/names.hpp"
#include "jobscript/requests.hpp"
#include "jobscript/values.hpp"

namespace bramble::jobscript {

namespace {

using Kind = WordSource::Kind;
using Values = std::span<const std::string>;

struct Context {
    QsubOptions& options;
    const WordSource& source;
    const SubmitEnvironment& env;
};

using Handler = Status (*)(Context&, Values);

struct Option {
    std::string_view name;
    int arity;               // values taken after the option
    std::string_view value;  // what the value is, for "option -N: missing a job name"
    Handler handle;
};

constexpr int kMaxOptionsFileDepth = 4;

Status not_empty(std::string_view value, std::string_view what) {
    if (value.empty()) return make_error("empty " + std::string(what));
    return ok_status();
}

Status command_line_only(const Context& c, std::string_view name) {
    if (c.source.kind == Kind::command_line) return ok_status();
    return make_error(
        "only valid on the command line, not in " +
        std::string(c.source.kind == Kind::directive ? "a script" : "an options file") + " (" +
        std::string(name) + ")");
}

Status check_yes_no(Context&, Values v) {
    auto yes = parse_yes_no(v[0]);
    if (!yes) return yes.error();
    return ok_status();
}

constexpr Option kOptions[] = {
    {"-N", 1, "a job name",
     [](Context& c, Values v) -> Status {
         if (auto ok = check_job_name(v[0]); !ok) return ok;
         c.options.spec.name = v[0];
         return ok_status();
     }},
    {"-cwd", 0, "",
     [](Context& c, Values) -> Status {
         c.options.spec.workdir = c.env.cwd;
         return ok_status();
     }},
    {"-wd", 1, "a directory",
     [](Context& c, Values v) -> Status {
         if (auto ok = not_empty(v[0], "directory"); !ok) return ok;
         c.options.spec.workdir = absolute_path(v[0], c.env.cwd);
         return ok_status();
     }},
    {"-o", 1, "an output path",
     [](Context& c, Values v) -> Status {
         if (auto ok = not_empty(v[0], "output path"); !ok) return ok;
         c.options.spec.stdout_path = v[0];
         return ok_status();
     }},
    {"-e", 1, "an error path",
     [](Context& c, Values v) -> Status {
         if (auto ok = not_empty(v[0], "error path"); !ok) return ok;
         c.options.spec.stderr_path = v[0];
         return ok_status();
     }},
    {"-j", 1, "y or n",
     [](Context& c, Values v) -> Status {
         auto join = parse_yes_no(v[0]);
         if (!join) return join.error();
         c.options.spec.join = *join;
         return ok_status();
     }},
    {"-S", 1, "a shell path",
     [](Context& c, Values v) -> Status {
         if (auto ok = not_empty(v[0], "shell path"); !ok) return ok;
         c.options.spec.shell = v[0];
         return ok_status();
     }},
    {"-V", 0, "",
     [](Context& c, Values) -> Status {
         // Names no shell could set (bash's exported functions, BASH_FUNC_f%%) stay behind.
         EnvVars exported;
         for (const auto& var : c.env.vars) {
             if (check_env_name(var.first)) exported.push_back(var);
         }
         return merge_env(c.options.spec.env, exported, c.options.env_index);
     }},
    {"-v", 1, "a variable list (A=1,B)",
     [](Context& c, Values v) -> Status {
         return apply_env_list(c.options.spec, v[0], c.env, c.options.env_index);
     }},
    {"-l", 1, "a resource list (e.g. h_vmem=2G)",
     [](Context& c, Values v) -> Status {
         if (c.options.soft) return ok_status();
         return apply_resource_list(c.options.spec, v[0]);
     }},
    {"-pe", 2, "a parallel environment and a slot count",
     [](Context& c, Values v) -> Status {
         if (auto ok = check_name("parallel environment", v[0]); !ok) return ok;
         auto range = parse_slot_range(v[1]);
         if (!range) return range.error();
         c.options.spec.pe = v[0];
         c.options.spec.slots = range->min;
         c.options.spec.slots_max = range->max;
         return ok_status();
     }},
    {"-t", 1, "a task range (N, N-M or N-M:STEP)",
     [](Context& c, Values v) -> Status {
         auto range = parse_task_range(v[0]);
         if (!range) return range.error();
         c.options.spec.task_first = range->first;
         c.options.spec.task_last = range->last;
         c.options.spec.task_step = range->step;
         return ok_status();
     }},
    {"-tc", 1, "the most tasks running at once",
     [](Context& c, Values v) -> Status {
         auto most = parse_max_running_tasks(v[0]);
         if (!most) return most.error();
         c.options.spec.max_running_tasks = *most;
         return ok_status();
     }},
    {"-hold_jid", 1, "job ids or names (a,b)",
     [](Context& c, Values v) { return add_hold_list(c.options.spec.hold_jids, v[0]); }},
    {"-hold_jid_ad", 1, "array job ids or names (a,b)",
     [](Context& c, Values v) { return add_hold_list(c.options.spec.hold_jids_by_task, v[0]); }},
    {"-q", 1, "a queue",
     [](Context& c, Values v) -> Status {
         if (c.options.soft) return ok_status();
         return apply_queue(c.options.spec, v[0]);
     }},
    {"-terse", 0, "",
     [](Context& c, Values) -> Status {
         c.options.terse = true;
         return ok_status();
     }},
    {"-b", 1, "y or n",
     [](Context& c, Values v) -> Status {
         if (auto ok = command_line_only(c, "-b"); !ok) return ok;
         auto binary = parse_yes_no(v[0]);
         if (!binary) return binary.error();
         c.options.spec.binary = *binary;
         return ok_status();
     }},
    {"-h", 0, "",
     [](Context& c, Values) -> Status {
         c.options.spec.hold = true;
         return ok_status();
     }},
    // Whether the job may run again from the start when its node is lost (README: node loss).
    {"-r", 1, "y or n",
     [](Context& c, Values v) -> Status {
         auto yes = parse_yes_no(v[0]);
         if (!yes) return yes.error();
         c.options.spec.rerun = *yes ? "y" : "n";
         return ok_status();
     }},
    {"-p", 1, "a priority",
     [](Context& c, Values v) -> Status {
         auto priority = parse_priority(v[0]);
         if (!priority) return priority.error();
         c.options.spec.priority = *priority;
         return ok_status();
     }},
    {"-A", 1, "an account name",
     [](Context& c, Values v) -> Status {
         if (auto ok = check_name("account", v[0]); !ok) return ok;
         c.options.spec.account = v[0];
         return ok_status();
     }},
    {"-P", 1, "a project name",
     [](Context& c, Values v) -> Status {
         if (auto ok = check_name("project", v[0]); !ok) return ok;
         c.options.spec.project = v[0];
         return ok_status();
     }},
    {"-C", 1, "a directive prefix",
     [](Context& c, Values v) -> Status {
         if (auto ok = command_line_only(c, "-C"); !ok) return ok;
         c.options.directive_prefix = v[0];
         return ok_status();
     }},
    {"-help", 0, "",
     [](Context& c, Values) -> Status {
         if (auto ok = command_line_only(c, "-help"); !ok) return ok;
         c.options.help = true;
         return ok_status();
     }},
    {"-soft", 0, "",
     [](Context& c, Values) -> Status {
         c.options.soft = true;
         return ok_status();
     }},
    {"-hard", 0, "",
     [](Context& c, Values) -> Status {
         c.options.soft = false;
         return ok_status();
     }},
    {"-sync", 1, "y or n",
     [](Context& c, Values v) -> Status {
         auto yes = parse_yes_no(v[0]);
         if (!yes) return yes.error();
         c.options.sync = *yes;
         return ok_status();
     }},
    {"-now", 1, "y or n",
     [](Context& c, Values v) -> Status {
         auto yes = parse_yes_no(v[0]);
         if (!yes) return yes.error();
         c.options.spec.immediate = *yes;
         return ok_status();
     }},
    {"-m", 1, "mail events (b, e, a, s, n)",
     [](Context& c, Values v) -> Status {
         auto events = parse_mail_events(v[0]);
         if (!events) return events.error();
         c.options.spec.mail_events = std::move(*events);
         return ok_status();
     }},
    {"-M", 1, "mail addresses (user[@host],...)",
     [](Context& c, Values v) -> Status {
         auto list = parse_mail_list(v[0]);
         if (!list) return list.error();
         c.options.spec.mail_list = std::move(*list);
         return ok_status();
     }},
    // Accepted and ignored: reservation and binding hints that do not change what runs or
    // where. Their values are still checked so a typo is not silently taken.
    {"-notify", 0, "", [](Context&, Values) { return ok_status(); }},
    {"-R", 1, "y or n", check_yes_no},
    {"-shell", 1, "y or n", check_yes_no},
    {"-w", 1, "a verification level (e, w, n)",
     [](Context&, Values v) -> Status {
         if (v[0] == "e" || v[0] == "w" || v[0] == "n") return ok_status();
         if (v[0] == "v" || v[0] == "p")
             return make_error("verification without submitting is not supported yet");
         return make_error("expected e, w or n, got '" + v[0] + "'");
     }},
    {"-js", 1, "a job share",
     [](Context&, Values v) -> Status {
         auto share = parse_integer(v[0]);
         if (!share || *share < 0)
             return make_error("expected a whole number of at least 0, got '" + v[0] + "'");
         return ok_status();
     }},
    {"-binding", 1, "a binding strategy", [](Context&, Values) { return ok_status(); }},
    {"-c", 1, "a checkpoint interval", [](Context&, Values) { return ok_status(); }},
    {"-ckpt", 1, "a checkpoint name", [](Context&, Values) { return ok_status(); }},
};

// Options refused by name until the milestone that brings them.
struct Refused {
    std::string_view name;
    std::string_view what;
};

constexpr Refused kRefused[] = {
    {"-a", "deferred start times"},
    {"-dl", "deadlines"},
    {"-i", "standard input files"},
    {"-ac", "job contexts"},
    {"-dc", "job contexts"},
    {"-sc", "job contexts"},
    {"-masterq", "master queue selection"},
    {"-pty", "pseudo terminals"},
    {"-verify", "verification without submitting"},
    {"-clear", "clearing earlier options"},
    {"-ar", "advance reservations"},
    {"-jc", "job classes"},
    {"-display", "X11 display forwarding"},
};

const Option* find_option(std::string_view name) {
    const auto it = std::find_if(std::begin(kOptions), std::end(kOptions),
                                 [&](const Option& o) { return o.name == name; });
    return it == std::end(kOptions) ? nullptr : it;
}

Error located(const WordSource& source, std::string key, std::string message) {
    return Diagnostic{source.file, source.line, std::move(key), std::move(message)}.to_error();
}

// -@ FILE: options read from a file, each line applied like a directive line (an option and its
// values share a line). Its errors are located in that file, or at the -@ when it cannot be read.
Status apply_options_file(Context& c, const std::string& path) {
    if (!c.options.files_allowed) {
        return located(c.source, "-@",
                       "options files are read by the client, as the user; the scheduler reads "
                       "no file on anybody's behalf (qalter expands -@ before sending)");
    }
    if (c.options.options_file_depth >= kMaxOptionsFileDepth) {
        return located(c.source, "-@",
                       "options files nest deeper than " + std::to_string(kMaxOptionsFileDepth) +
                           " (does '" + path + "' name itself?)");
    }
    auto text = read_text_file(absolute_path(path, c.env.cwd), path, "options file");
    if (!text) return located(c.source, "-@", text.message());
    ++c.options.options_file_depth;
    int number = 0;
    std::string_view rest = *text;
    Status status = ok_status();
    while (status && !rest.empty()) {
        const auto end = std::min(rest.find('\n'), rest.size());
        const std::string_view line = rest.substr(0, end);
        rest.remove_prefix(std::min(end + 1, rest.size()));
        ++number;
        const WordSource source{Kind::options_file, path, number};
        auto words = split_option_words(line.substr(0, line.find('#')));
        if (auto applied = apply_qsub_options(c.options, words, source, c.env); !applied) {
            status = applied.error();
        }
    }
    --c.options.options_file_depth;
    return status;
}

// Applies the option at words[at]; returns how many words it used.
Result<std::size_t> apply_one(Context& c, const std::vector<std::string>& words, std::size_t at) {
    const std::string& name = words[at];
    if (const auto refused = std::find_if(std::begin(kRefused), std::end(kRefused),
                                          [&](const Refused& r) { return r.name == name; });
        refused != std::end(kRefused)) {
        return located(
            c.source, "",
            "option " + name + " (" + std::string(refused->what) + ") is not supported yet");
    }
    if (name == "-@") {
        if (at + 1 >= words.size()) return located(c.source, name, "missing an options file");
        if (auto ok = apply_options_file(c, words[at + 1]); !ok) return ok.error();
        return std::size_t{2};
    }
    const Option* option = find_option(name);
    // Grid Engine's words, which qsub prints after "qsub: " (exit status 2).
    if (option == nullptr) {
        return located(c.source, "", "invalid option argument " + quoted_printable(name));
    }
    std::size_t arity = static_cast<std::size_t>(option->arity);
    // -binding [env|pe|set] STRATEGY: the leading type word is optional.
    if (name == "-binding" && at + 2 < words.size() &&
        (words[at + 1] == "env" || words[at + 1] == "pe" || words[at + 1] == "set")) {
        arity = 2;
    }
    if (words.size() - at - 1 < arity) {
        return located(c.source, name, "missing " + std::string(option->value));
    }
    const Status status = option->handle(c, Values(words).subspan(at + 1, arity));
    if (!status) return located(c.source, name, status.message());
    return arity + 1;
}

}  // namespace

namespace {

Status expand_into(std::vector<std::string>& out, const std::vector<std::string>& words,
                   const std::string& cwd, int depth) {
    for (std::size_t at = 0; at < words.size(); ++at) {
        if (words[at] != "-@") {
            out.push_back(words[at]);
            continue;
        }
        if (at + 1 >= words.size()) return make_error("option -@: missing an options file");
        const std::string& path = words[++at];
        if (depth >= kMaxOptionsFileDepth) {
            return make_error("option -@: options files nest deeper than " +
                              std::to_string(kMaxOptionsFileDepth) + " (does '" + path +
                              "' name itself?)");
        }
        auto text = read_text_file(absolute_path(path, cwd), path, "options file");
        if (!text) return make_error("option -@: " + text.message());
        std::string_view rest = *text;
        while (!rest.empty()) {
            const auto end = std::min(rest.find('\n'), rest.size());
            const std::string_view line = rest.substr(0, end);
            rest.remove_prefix(std::min(end + 1, rest.size()));
            const auto line_words = split_option_words(line.substr(0, line.find('#')));
            if (auto ok = expand_into(out, line_words, cwd, depth + 1); !ok) return ok;
        }
    }
    return ok_status();
}

}  // namespace

Result<std::vector<std::string>> expand_options_files(const std::vector<std::string>& words,
                                                      const std::string& cwd) {
    std::vector<std::string> out;
    if (auto ok = expand_into(out, words, cwd, 0); !ok) return ok.error();
    return out;
}

Result<std::size_t> apply_qsub_options(QsubOptions& options, const std::vector<std::string>& words,
                                       const WordSource& source, const SubmitEnvironment& env) {
    Context context{options, source, env};
    std::size_t at = 0;
    while (at < words.size()) {
        const std::string& word = words[at];
        if (word.size() < 2 || word.front() != '-') {
            if (source.kind == Kind::command_line) return at;
            return located(source, "", "unexpected word '" + word + "' (options start with '-')");
        }
        auto used = apply_one(context, words, at);
        if (!used) return used.error();
        at += *used;
    }
    return at;
}

}  // namespace bramble::jobscript
