// Expansion of -o/-e paths (see output_paths.hpp).
#include "execd/shepherd/output_paths.hpp"

#include <array>
#include <utility>

namespace bramble::shepherd {

namespace {

// A "host:" prefix names where Grid Engine should write; bramble writes on the execution host.
std::string_view strip_host_prefix(std::string_view path) {
    const auto colon = path.find(':');
    if (colon == std::string_view::npos) return path;
    const auto slash = path.find('/');
    if (slash != std::string_view::npos && slash < colon) return path;
    if (path.front() == '$' || path.front() == '~') return path;
    return path.substr(colon + 1);
}

// NAME.oJOBID, or NAME.oJOBID.TASK for an array task, as Grid Engine names them.
std::string default_name(char stream, const PathContext& context) {
    const std::string task = context.task_id == "undefined" ? "" : "." + context.task_id;
    return context.job_name + "." + stream + context.job_id + task;
}

std::string join(const std::string& dir, const std::string& name) {
    if (!dir.empty() && dir.back() == '/') return dir + name;
    return dir + "/" + name;
}

}  // namespace

std::string expand_pseudo_variables(std::string_view text, const PathContext& context) {
    const std::array<std::pair<std::string_view, const std::string*>, 6> known = {{
        {"$HOME", &context.home},
        {"$USER", &context.user},
        {"$JOB_ID", &context.job_id},
        {"$JOB_NAME", &context.job_name},
        {"$HOSTNAME", &context.hostname},
        {"$TASK_ID", &context.task_id},
    }};
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        bool replaced = false;
        if (text[i] == '$') {
            for (const auto& [name, value] : known) {
                if (text.substr(i).starts_with(name)) {
                    out += *value;
                    i += name.size();
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced) out += text[i++];
    }
    return out;
}

std::string resolve_output_path(std::string_view written, char stream, const PathContext& context,
                                const IsDirectory& is_directory) {
    if (written.empty()) return join(context.workdir, default_name(stream, context));
    std::string path = expand_pseudo_variables(strip_host_prefix(written), context);
    if (path == "~") {
        path = context.home;
    } else if (path.starts_with("~/")) {
        path = join(context.home, path.substr(2));
    }
    if (path.empty()) return join(context.workdir, default_name(stream, context));
    if (path.front() != '/') path = join(context.workdir, path);
    if (path.back() == '/' || is_directory(path)) path = join(path, default_name(stream, context));
    return path;
}

}  // namespace bramble::shepherd
