// Choosing the job's interpreter (see interpreter.hpp).
#include "execd/shepherd/interpreter.hpp"

namespace bramble::shepherd {

std::optional<std::string> shebang_interpreter(std::string_view script) {
    if (!script.starts_with("#!")) return std::nullopt;
    std::string_view line =
        script.substr(2, script.find('\n') == std::string_view::npos ? std::string_view::npos
                                                                     : script.find('\n') - 2);
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos) return std::nullopt;
    line.remove_prefix(start);
    const auto end = line.find_first_of(" \t\r");
    return std::string(line.substr(0, end));
}

Command choose_command(const JobSpec& spec, const std::string& script_file) {
    Command command;
    if (spec.binary) {
        command.argv = spec.args;
        if (!command.argv.empty()) command.program = command.argv.front();
        command.search_path = true;
        return command;
    }
    const auto shebang = shebang_interpreter(spec.script);
    if (spec.shell.empty() && shebang) {
        command.program = script_file;
        command.interpreter = *shebang;
        command.argv.push_back(script_file);
    } else {
        command.program = spec.shell.empty() ? "/bin/sh" : spec.shell;
        command.interpreter = command.program;
        command.argv = {command.program, script_file};
    }
    command.argv.insert(command.argv.end(), spec.args.begin(), spec.args.end());
    return command;
}

}  // namespace bramble::shepherd
