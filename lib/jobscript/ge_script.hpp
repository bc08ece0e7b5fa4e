// Grid Engine `#$` directives: the qsub options embedded in a job script, found exactly as Grid
// Engine finds them, so scripts written for it behave the same here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bramble::jobscript {

inline constexpr std::string_view kDefaultDirectivePrefix = "#$";

// The option words of one directive line.
struct DirectiveLine {
    int line = 0;  // 1-based line number in the script
    std::vector<std::string> words;

    bool operator==(const DirectiveLine&) const = default;
};

// Every line that starts exactly with `prefix` (anywhere in the file, before or after the shebang;
// `##$` does not count) yields its words: whitespace after the prefix is optional, everything from
// the first '#' after the prefix is a comment, the rest splits on blanks and tabs, and every quote
// character is removed from each word (as Grid Engine does, so quoted values cannot hold blanks).
// Lines without words are skipped. An empty prefix disables directives (qsub -C ''). Never fails.
std::vector<DirectiveLine> extract_directives(std::string_view script,
                                              std::string_view prefix = kDefaultDirectivePrefix);

// Splits option text (a -@ options file line, already stripped of comments) into words the way
// directive lines are split: blanks and tabs separate, quote characters are removed.
std::vector<std::string> split_option_words(std::string_view text);

}  // namespace bramble::jobscript
