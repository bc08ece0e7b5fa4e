// A port of Grid Engine's spool_flatfile_add_line_breaks() (see flatfile_breaks.hpp). Its loop
// tests the length of everything left, not of the current line, and chooses a break by scanning
// back from column 78; the port keeps both so that every break lands where Grid Engine's does.
#include "flatfile_breaks.hpp"

#include <cctype>

namespace bramble::qstat {
namespace {

constexpr long kMaxLine = 80;      // sge_flatfile.h's MAX_LINE_LENGTH
constexpr long kMaxString = 2048;  // basis_types.h's MAX_STRING_SIZE

class Breaker {
  public:
    explicit Breaker(const std::string& text) : text_(text) {}

    std::string run() {
        // Grid Engine compares an unsigned length with a signed remainder: a first word wider
        // than the line ends the breaking.
        while (word_ <= kMaxLine && left() > kMaxLine - word_) {
            if (take_short_line()) continue;
            if (indent_.empty()) start_indent();
            if (!first_line_) {
                while (blank(0))
                    ++at_;
            }
            if (break_at(last_break())) continue;
            if (!break_after_end()) break;
        }
        out_.append(text_, static_cast<std::size_t>(at_));
        return out_;
    }

  private:
    const std::string& text_;
    std::string out_;
    long at_ = 0;    // where the text not yet copied begins
    long word_ = 0;  // the column the current line's value begins at, once known
    std::string indent_;
    bool first_line_ = true;

    long left() const { return static_cast<long>(text_.size()) - at_; }
    char c(long i) const {
        const long where = at_ + i;
        return where < static_cast<long>(text_.size()) ? text_[static_cast<std::size_t>(where)]
                                                       : '\0';
    }
    bool blank(long i) const { return std::isspace(static_cast<unsigned char>(c(i))) != 0; }

    void copy(long count) {
        out_.append(text_, static_cast<std::size_t>(at_), static_cast<std::size_t>(count));
        at_ += count;
    }
    void new_line() {
        first_line_ = true;
        indent_.clear();
        word_ = 0;
    }

    // A line that fits is copied whole, and the next starts afresh.
    bool take_short_line() {
        const auto newline = text_.find('\n', static_cast<std::size_t>(at_));
        if (newline == std::string::npos) return false;
        const long index = static_cast<long>(newline) - at_;
        if (index > kMaxLine - word_) return false;
        copy(index + 1);
        new_line();
        return true;
    }

    // The value begins after the first word and the blanks or '=' that follow it.
    void start_indent() {
        const long end = left();
        word_ = 0;
        while (word_ < end && !blank(word_) && c(word_) != '=')
            ++word_;
        while (word_ < end && (blank(word_) || c(word_) == '='))
            ++word_;
        indent_ = " \\\n" + std::string(static_cast<std::size_t>(word_), ' ');
    }

    // The last blank or comma that leaves room for " \".
    long last_break() const {
        const long from = first_line_ ? kMaxLine - 2 : kMaxLine - word_ - 2;
        const long stop = first_line_ ? word_ : 0;
        long index = from;
        for (; index > stop; --index) {
            if (blank(index) || (index < from && c(index) == ',')) break;
        }
        return index;
    }

    bool break_at(long index) {
        if (blank(index)) {
            copy(index);
            ++at_;
            out_ += indent_;
        } else if (c(index) == ',') {
            copy(index + 1);
            out_ += indent_;
        } else {
            return false;
        }
        first_line_ = false;
        return true;
    }

    // No place within the line: the first blank, comma or newline past its end.
    bool break_after_end() {
        long index = first_line_ ? kMaxLine - 2 : kMaxLine - word_ - 2;
        while (index < kMaxString - 1 && c(index) != '\0') {
            if (blank(index) || c(index) == ',') break;
            ++index;
        }
        if (c(index) == '\n') {
            copy(index + 1);
            new_line();
            return true;
        }
        if (break_at(index)) return true;
        if (index == kMaxString - 1) {
            copy(kMaxString - 1);
            return true;
        }
        return false;  // no blank and no comma: nothing Grid Engine could do either
    }
};

}  // namespace

std::string add_line_breaks(const std::string& text) {
    return Breaker(text).run();
}

}  // namespace bramble::qstat
