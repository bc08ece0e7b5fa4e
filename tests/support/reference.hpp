// Grid Engine reference captures (tests/reference/sge/NAME.txt): the command, then its stdout, its
// stderr and its exit status, exactly as Grid Engine printed them.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace bramble::test {

struct Reference {
    std::string out;
    std::string err;
    int exit_code = -1;
};

inline Reference grid_engine_reference(const std::string& name) {
    std::ifstream in(std::string(BRAMBLE_SOURCE_DIR) + "/tests/reference/sge/" + name);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    const std::string out_mark = "--- stdout ---\n";
    const std::string err_mark = "--- stderr ---\n";
    const std::string exit_mark = "--- exit status: ";
    const auto out_at = text.find(out_mark);
    const auto err_at = text.find(err_mark);
    const auto exit_at = text.find(exit_mark);
    Reference reference;
    if (out_at == std::string::npos || err_at == std::string::npos || exit_at == std::string::npos)
        return reference;
    reference.out = text.substr(out_at + out_mark.size(), err_at - out_at - out_mark.size());
    reference.err = text.substr(err_at + err_mark.size(), exit_at - err_at - err_mark.size());
    reference.exit_code = std::stoi(text.substr(exit_at + exit_mark.size()));
    return reference;
}

}  // namespace bramble::test
