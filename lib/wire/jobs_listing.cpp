// Writing a listing's JSON text directly (see jobs_listing.hpp).
#include "wire/jobs_listing.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "model/units.hpp"

namespace bramble::wire {

namespace {

template <class Number>
void append_number(std::string& out, Number value) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(digits, end);
}

// Plain printable ASCII is written as it is; anything else (quotes, control characters, UTF-8,
// invalid bytes, which become U+FFFD as everywhere else on the wire) goes through nlohmann's
// escaping.
void append_string(std::string& out, const std::string& text) {
    const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    });
    if (plain) {
        out += '"';
        out += text;
        out += '"';
        return;
    }
    out += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void append_row(std::string& out, const JobRow& row) {
    out += '[';
    append_number(out, row.id);
    out += ',';
    append_string(out, row.name);
    out += ',';
    append_string(out, row.user);
    out += ',';
    append_number(out, row.uid);
    out += ',';
    append_string(out, row.group);
    out += ',';
    append_number(out, row.gid);
    out += ',';
    append_string(out, row.account);
    out += ',';
    append_string(out, std::string(to_string(row.state)));
    for (const std::int64_t value :
         {row.submit_time, row.start_time, static_cast<std::int64_t>(row.slots)}) {
        out += ',';
        append_number(out, value);
    }
    out += ',';
    append_string(out, row.pe);
    out += ',';
    append_number(out, row.priority);
    out += ",[";
    for (std::size_t g = 0; g < row.grants.size(); ++g) {
        if (g > 0) out += ',';
        out += '[';
        append_string(out, row.grants[g].node);
        out += ",[";
        for (std::size_t c = 0; c < row.grants[g].cores.size(); ++c) {
            if (c > 0) out += ',';
            append_number(out, row.grants[g].cores[c]);
        }
        out += "]]";
    }
    out += ']';
    for (const double part :
         {row.score, row.priority_part, row.fair_share_part, row.waiting_part}) {
        out += ',';
        append_number(out, round_to_integer(part * kScoreScale));
    }
    out += ']';
}

}  // namespace

std::string encode_jobs_listing(const JobsReply& reply) {
    std::string out;
    out.reserve(64 + reply.jobs.size() * 120);
    out += "{\"jobs\":[";
    for (std::size_t i = 0; i < reply.jobs.size(); ++i) {
        if (i > 0) out += ',';
        append_row(out, reply.jobs[i]);
    }
    out += "],\"type\":\"jobs\",\"v\":";
    append_number(out, kProtocolVersion);
    out += '}';
    return out;
}

}  // namespace bramble::wire
