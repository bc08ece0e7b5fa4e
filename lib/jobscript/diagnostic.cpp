// Formatting of Diagnostic: the one place that decides how a located error reads.
#include "jobscript/diagnostic.hpp"

namespace bramble::jobscript {

std::string Diagnostic::format() const {
    std::string out;
    if (!file.empty()) {
        out += file;
        if (line > 0) out += ":" + std::to_string(line);
        out += ": ";
    }
    if (!key.empty()) {
        // Options are spelled as typed (-pe); YAML keys are quoted like the user wrote them.
        out += key.front() == '-' ? "option " + key + ": " : "key '" + key + "': ";
    }
    out += message;
    return out;
}

}  // namespace bramble::jobscript
