// Reading and checking -m and -M (see mail_options.hpp).
#include "jobscript/mail_options.hpp"

#include <cctype>

#include "jobscript/names.hpp"

namespace bramble::jobscript {

namespace {

constexpr std::string_view kEventOrder = "abes";  // Grid Engine prints them in this order
constexpr std::size_t kMaxAddressBytes = 254;     // RFC 5321's longest path

bool user_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '+' ||
           c == '-';
}

bool host_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-';
}

Error bad_address(std::string_view address, std::string_view why) {
    return make_error("mail address " + quoted_printable(address) + " " + std::string(why) +
                      "; addresses are user or user@host, with letters, digits and . _ + - "
                      "(not first)");
}

}  // namespace

Result<std::string> parse_mail_events(std::string_view letters) {
    if (letters.empty()) return make_error("expected letters from b, e, a, s, n, got ''");
    bool none = false;
    std::string events;
    for (const char c : letters) {
        if (c == 'n') {
            none = true;
        } else if (kEventOrder.find(c) == std::string_view::npos) {
            return make_error("expected letters from b, e, a, s, n, got " +
                              quoted_printable(letters));
        }
    }
    if (none && letters.find_first_not_of('n') != std::string_view::npos) {
        return make_error("'n' (no mail) cannot be combined with other events, got " +
                          quoted_printable(letters));
    }
    for (const char c : kEventOrder) {
        if (letters.find(c) != std::string_view::npos) events += c;
    }
    return events;
}

Status check_mail_events(std::string_view events) {
    for (const char c : events) {
        if (kEventOrder.find(c) == std::string_view::npos) {
            return make_error("mail events " + quoted_printable(events) +
                              " are not letters from a, b, e, s");
        }
    }
    return ok_status();
}

Status check_mail_address(std::string_view address) {
    if (address.empty()) return bad_address(address, "is empty");
    if (address.size() > kMaxAddressBytes) return bad_address(address.substr(0, 40), "is too long");
    const auto at = address.find('@');
    const std::string_view user = address.substr(0, at);
    if (user.empty()) return bad_address(address, "has no user");
    if (user.front() == '-' || user.front() == '.') {
        return bad_address(address, "starts with '" + std::string(1, user.front()) + "'");
    }
    for (const char c : user) {
        if (!user_char(c)) return bad_address(address, "has a character not allowed in a user");
    }
    if (at == std::string_view::npos) return ok_status();
    const std::string_view host = address.substr(at + 1);
    if (host.empty() || host.front() == '-' || host.front() == '.') {
        return bad_address(address, "has no host name after '@'");
    }
    for (const char c : host) {
        if (!host_char(c)) return bad_address(address, "has a character not allowed in a host");
    }
    return ok_status();
}

Result<std::vector<std::string>> parse_mail_list(std::string_view list) {
    std::vector<std::string> addresses;
    while (true) {
        const auto comma = list.find(',');
        const std::string_view address = list.substr(0, comma);
        if (auto ok = check_mail_address(address); !ok) return ok.error();
        addresses.emplace_back(address);
        if (addresses.size() > kMaxMailAddresses) {
            return make_error("more than " + std::to_string(kMaxMailAddresses) + " mail addresses");
        }
        if (comma == std::string_view::npos) return addresses;
        list.remove_prefix(comma + 1);
    }
}

}  // namespace bramble::jobscript
