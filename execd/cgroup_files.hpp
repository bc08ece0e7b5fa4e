// Reading and writing the control files of a control group. A write is one write(2) of the whole
// text, as the kernel wants it; the same calls work on plain files, which the unit tests use as a
// stand-in tree.
#pragma once

#include <string>

#include "model/result.hpp"

namespace bramble::execd {

// Writes `text` to the control file `path`; the error names the file and the kernel's reason.
Status write_control(const std::string& path, const std::string& text);

// The file's text, or empty when it cannot be read.
std::string read_control(const std::string& path);

// Creates the group directory `path` (not its parents); ok when it exists afterwards.
Status make_group_dir(const std::string& path);

}  // namespace bramble::execd
