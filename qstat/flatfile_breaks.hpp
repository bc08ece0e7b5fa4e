// Grid Engine's line breaks in the files qconf shows (queue_conf, host_conf, sge_pe): a line
// longer than 80 columns is split after a comma or at a blank, with " \" at the end and the rest
// indented to where the line's value began. A port of spool_flatfile_add_line_breaks()
// (libs/spool/flatfile/sge_flatfile.c), quirks included, so lists wrap where Grid Engine's do.
#pragma once

#include <string>

namespace bramble::qstat {

// `text` (whole lines) with Grid Engine's breaks added.
std::string add_line_breaks(const std::string& text);

}  // namespace bramble::qstat
