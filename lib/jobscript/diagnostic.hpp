// Diagnostic: a problem in a user's job, pinned to where it was written (file, line, key or
// option), so qsub can say `job.yaml:7: key 'slots': must be a positive integer, got -3`.
#pragma once

#include <string>

#include "model/result.hpp"

namespace bramble::jobscript {

struct Diagnostic {
    std::string file;  // as the user named it; empty for the command line
    int line = 0;      // 1-based; 0 when the problem has no line
    std::string key;   // a YAML key ("slots") or an option ("-pe"); may be empty
    std::string message;

    // "file:line: key 'k': message", "file:line: option -pe: message", "option -pe: message", ...
    [[nodiscard]] std::string format() const;
    [[nodiscard]] Error to_error() const { return make_error(format()); }
};

}  // namespace bramble::jobscript
