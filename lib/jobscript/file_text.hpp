// Reading a job file, script or -@ options file whole, with an error a person can act on.
#pragma once

#include <string>

#include "model/result.hpp"

namespace bramble::jobscript {

// The file's bytes. `shown` is the name used in the error ("cannot read script 'x.sh': No such
// file or directory"); `what` says which kind of file it was meant to be.
Result<std::string> read_text_file(const std::string& path, const std::string& shown,
                                   const std::string& what);

}  // namespace bramble::jobscript
