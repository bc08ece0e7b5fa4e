// What a submission made from this process starts from: its arguments, its working directory,
// its environment and the host's name, as qsub, qrsh and libdrmaa read them. Header-only, so the
// statically linked tools and the shared libdrmaa each compile it with the jobscript library
// they link.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "jobscript/submission.hpp"
#include "model/result.hpp"

namespace bramble::tools {

inline Result<jobscript::SubmitContext> process_context(std::vector<std::string> args) {
    jobscript::SubmitContext context;
    context.args = std::move(args);
    std::vector<char> cwd(4096);
    if (::getcwd(cwd.data(), cwd.size()) == nullptr) {
        return make_error(std::string("cannot tell the current directory: ") +
                          std::strerror(errno));
    }
    context.env.cwd = cwd.data();
    for (char** var = environ; var != nullptr && *var != nullptr; ++var) {
        const char* eq = std::strchr(*var, '=');
        if (eq != nullptr)
            context.env.vars.emplace_back(std::string(*var, static_cast<std::size_t>(eq - *var)),
                                          eq + 1);
    }
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) == 0) context.hostname = host;
    return context;
}

}  // namespace bramble::tools
