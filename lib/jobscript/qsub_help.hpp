// qsub -help: Grid Engine's layout ("   [-N name]" padded to 44 columns, then what it does),
// listing only the options qsub takes. tests/unit/jobscript/qsub_help_test.cpp feeds each listed
// option back through apply_qsub_options, so a line cannot promise an option that is refused.
#pragma once

#include <string>

namespace bramble::jobscript {

std::string qsub_help_text();

}  // namespace bramble::jobscript
