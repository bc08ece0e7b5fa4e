// Reading a job file, script or -@ options file whole, with an error a person can act on.
#pragma once

#include <string>

#include "model/result.hpp"

namespace bramble::jobscript {

// The file's bytes. `shown` is the name used in the error ("cannot read script 'x.sh': No such
// file or directory"); `what` says which kind of file it was meant to be.
Result<std::string> read_text_file(const std::string& path, const std::string& shown,
                                   const std::string& what);

// A job script. One that cannot be opened or read is refused in Grid Engine's words, which qsub
// prints as they are ("Unable to read script file because of error: error opening x.sh: No such
// file or directory"), and sets `unreadable` (Grid Engine's exit status 14); one too large is
// refused as read_text_file refuses it.
Result<std::string> read_script_file(const std::string& path, const std::string& shown,
                                     bool& unreadable);

}  // namespace bramble::jobscript
