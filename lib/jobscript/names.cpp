// Names and printable text (see names.hpp).
#include "jobscript/names.hpp"

#include <cstdint>
#include <cstdio>

namespace bramble::jobscript {

namespace {

constexpr std::string_view kForbidden = "/:@\\*?";
constexpr std::string_view kRule = "names are printable characters without blanks or / : @ \\ * ?";

// The length of the valid, non-control UTF-8 character at text[at], or 0.
std::size_t character_length(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    if (lead >= 0x20 && lead < 0x7f) return 1;
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2, code = lead & 0x1fU;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3, code = lead & 0x0fU;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4, code = lead & 0x07U;
    } else {
        return 0;
    }
    if (at + length > text.size()) return 0;
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xc0U) != 0x80) return 0;
        code = (code << 6) | (byte(at + i) & 0x3fU);
    }
    // Overlong forms, surrogates, beyond Unicode, and the C1 controls (U+0080..U+009F, which some
    // terminals take as escape sequences) are not text.
    constexpr std::uint32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};
    const bool text_char = code >= kLeast[length] && code <= 0x10ffff &&
                           !(code >= 0xd800 && code <= 0xdfff) && !(code >= 0x80 && code <= 0x9f);
    return text_char ? length : 0;
}

std::string hex_byte(unsigned char byte) {
    char out[8];
    (void)std::snprintf(out, sizeof out, "\\x%02x", byte);
    return out;
}

}  // namespace

std::size_t first_unprintable(std::string_view text) {
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t length = character_length(text, at);
        if (length == 0) return at;
        at += length;
    }
    return std::string_view::npos;
}

std::string quoted_printable(std::string_view text) {
    std::string out = "\"";
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t length = character_length(text, at);
        if (length == 0) {
            out += hex_byte(static_cast<unsigned char>(text[at++]));
            continue;
        }
        if (text[at] == '"' || text[at] == '\\') out += '\\';
        out.append(text.substr(at, length));
        at += length;
    }
    return out + "\"";
}

Status check_name(std::string_view what, std::string_view name) {
    const std::string shown = std::string(what) + " " + quoted_printable(name);
    if (name.empty()) return make_error(std::string(what) + " is empty: " + std::string(kRule));
    if (name.size() > kMaxNameBytes) {
        return make_error(std::string(what) + " " + quoted_printable(name.substr(0, 40)) +
                          "... is " + std::to_string(name.size()) +
                          " bytes long: names are at most " + std::to_string(kMaxNameBytes) +
                          " bytes");
    }
    if (const auto bad = first_unprintable(name); bad != std::string_view::npos) {
        const auto byte = static_cast<unsigned char>(name[bad]);
        const bool control = byte < 0x20 || byte == 0x7f;
        return make_error(shown + " contains " +
                          (control ? "a control character" : "a byte that is not text") +
                          " (byte 0x" + hex_byte(byte).substr(2) + " at position " +
                          std::to_string(bad + 1) + "): " + std::string(kRule));
    }
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == ' ' || kForbidden.find(name[i]) != std::string_view::npos) {
            return make_error(shown + " contains '" + std::string(1, name[i]) + "' at position " +
                              std::to_string(i + 1) + ": " + std::string(kRule));
        }
    }
    return ok_status();
}

}  // namespace bramble::jobscript
