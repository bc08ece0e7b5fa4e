// Small string helpers the formatters share: printf into a std::string, XML escaping, joining and
// splitting. Grid Engine's layouts are printf layouts, so writing them with printf specs keeps the
// widths readable next to the Grid Engine formats they reproduce.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bramble::qstat {

// printf into a string (widths and precisions as in C).
std::string strprintf(const char* format, ...) __attribute__((format(printf, 1, 2)));

// Text made safe for an XML element or a single- or double-quoted attribute.
std::string xml_escape(std::string_view text);

// `text` with every control character but the tab (newline, escape, DEL ...) written as \xNN: what
// another user put in a job (an environment value, an argument) never reaches a terminal as a
// command or as a line of its own.
std::string without_controls(std::string_view text);

std::string join(const std::vector<std::string>& parts, std::string_view separator);

// Splits on `separator`, dropping empty pieces ("a,,b" -> a, b).
std::vector<std::string> split(std::string_view text, char separator);

}  // namespace bramble::qstat
