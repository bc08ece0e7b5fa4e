// qrsh -inherit's arguments and request (see qrsh_args.hpp).
#include "execd/qrsh_args.hpp"

#include <algorithm>
#include <charconv>

#include "execd/job_share.hpp"

namespace bramble::execd {

namespace {

constexpr const char* kAccepted = "-nostdin -noshell -V -v VAR[=VALUE] -cwd -wd DIR -verbose";

std::vector<std::string> split_commas(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const auto end = comma == std::string::npos ? text.size() : comma;
        if (end > start) out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

bool flag(QrshArgs& out, const std::string& option) {
    if (option == "-nostdin") return out.nostdin = true;
    if (option == "-noshell") return out.noshell = true;
    if (option == "-V") return out.export_all = true;
    if (option == "-verbose") return out.verbose = true;
    if (option == "-cwd") return out.cwd = true;
    return false;
}

std::string quoted(const std::string& word) {
    std::string out = "'";
    for (const char c : word) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

}  // namespace

Result<QrshArgs> parse_qrsh_args(const std::vector<std::string>& args) {
    QrshArgs out;
    bool inherit = false;
    std::size_t i = 0;
    for (; i < args.size() && args[i].size() > 1 && args[i][0] == '-'; ++i) {
        const std::string& option = args[i];
        if (option == "-inherit") {
            inherit = true;
        } else if (option == "-v" || option == "-wd" || option == "-display") {
            if (i + 1 == args.size()) return make_error(option + " needs a value");
            const std::string& value = args[++i];
            // -display has no meaning without X forwarding; it is accepted and ignored.
            if (option == "-v") {
                for (auto& name : split_commas(value))
                    out.variables.push_back(std::move(name));
            } else if (option == "-wd") {
                out.wd = value;
            }
        } else if (!flag(out, option)) {
            return make_error("unknown option " + option + " (qrsh -inherit accepts " + kAccepted +
                              ")");
        }
    }
    if (!inherit) {
        return make_error(
            "bramble's qrsh only starts tasks inside a running parallel job: "
            "qrsh -inherit [options] HOST COMMAND [ARGS...]");
    }
    if (i == args.size()) return make_error("no host given: qrsh -inherit HOST COMMAND [ARGS...]");
    out.host = args[i++];
    if (i == args.size()) return make_error("no command given for host " + out.host);
    out.command.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
    return out;
}

std::string join_command(const std::vector<std::string>& words, bool noshell) {
    std::string line;
    for (const auto& word : words) {
        if (!line.empty()) line += ' ';
        line += noshell ? quoted(word) : word;
    }
    return line;
}

Result<wire::RemoteCommand> qrsh_request(const QrshArgs& args, const EnvList& environment,
                                         const std::string& cwd) {
    const std::string* job = find_env(environment, "JOB_ID");
    JobId id = 0;
    if (job == nullptr || job->empty()) {
        return make_error("JOB_ID is not set: qrsh -inherit works only inside a job");
    }
    const auto [end, error] = std::from_chars(job->data(), job->data() + job->size(), id);
    if (error != std::errc{} || end != job->data() + job->size() || id == 0)
        return make_error("JOB_ID '" + *job + "' is not a job id");
    wire::RemoteCommand request;
    request.job = id;
    request.host = args.host;
    request.command = join_command(args.command, args.noshell);
    if (args.export_all) request.env = environment;
    set_env(request.env, "JOB_ID", *job);
    for (const auto& variable : args.variables) {
        const auto equals = variable.find('=');
        if (equals != std::string::npos) {
            set_env(request.env, variable.substr(0, equals), variable.substr(equals + 1));
        } else if (const std::string* value = find_env(environment, variable)) {
            set_env(request.env, variable, *value);
        }
    }
    request.cwd = !args.wd.empty() ? args.wd : args.cwd ? cwd : "";
    return request;
}

}  // namespace bramble::execd
