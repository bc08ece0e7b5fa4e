// Extraction of `#$` directive lines from a job script (see ge_script.hpp for the rules).
#include "jobscript/ge_script.hpp"

namespace bramble::jobscript {

std::vector<std::string> split_option_words(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    for (const char c : text) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            if (in_word) words.push_back(std::move(word));
            word.clear();
            in_word = false;
            continue;
        }
        in_word = true;
        if (c != '"' && c != '\'') word += c;
    }
    if (in_word) words.push_back(std::move(word));
    return words;
}

std::vector<DirectiveLine> extract_directives(std::string_view script, std::string_view prefix) {
    std::vector<DirectiveLine> lines;
    if (prefix.empty()) return lines;
    int number = 0;
    std::size_t start = 0;
    while (start < script.size()) {
        std::size_t end = script.find('\n', start);
        if (end == std::string_view::npos) end = script.size();
        std::string_view line = script.substr(start, end - start);
        start = end + 1;
        ++number;
        if (!line.starts_with(prefix)) continue;
        line.remove_prefix(prefix.size());
        line = line.substr(0, line.find('#'));
        auto words = split_option_words(line);
        if (!words.empty()) lines.push_back(DirectiveLine{number, std::move(words)});
    }
    return lines;
}

}  // namespace bramble::jobscript
