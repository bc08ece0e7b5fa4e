// Writing a listing's JSON text directly (see jobs_listing.hpp).
#include "wire/jobs_listing.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "model/task_id.hpp"
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

void append_value(std::string& out, const std::string& text) {
    append_string(out, text);
}

template <class Number>
void append_value(std::string& out, Number value) {
    append_number(out, value);
}

// Values separated by commas.
template <class... Values>
void append_values(std::string& out, const Values&... values) {
    bool first = true;
    ((out += first ? "" : ",", first = false, append_value(out, values)), ...);
}

void append_row(std::string& out, const JobRow& row, std::size_t run) {
    out += '[';
    append_values(out, row.id, row.name, row.user, row.uid, row.group, row.gid, row.account,
                  std::string(to_string(row.state)), row.submit_time, row.start_time, row.slots,
                  row.pe, row.priority);
    out += ",[";
    for (std::size_t g = 0; g < row.grants.size(); ++g) {
        out += g > 0 ? ",[" : "[";
        append_string(out, row.grants[g].node);
        out += ",[";
        for (std::size_t c = 0; c < row.grants[g].cores.size(); ++c) {
            if (c > 0) out += ',';
            append_number(out, row.grants[g].cores[c]);
        }
        out += "]]";
    }
    out += "],";
    append_values(out, round_to_integer(row.score * kScoreScale),
                  round_to_integer(row.priority_part * kScoreScale),
                  round_to_integer(row.fair_share_part * kScoreScale),
                  round_to_integer(row.waiting_part * kScoreScale), row.task_step,
                  row.held ? 1 : 0);
    if (run > 0) {
        out += ',';
        append_number(out, run);
    }
    out += ']';
}

bool has_requests(const JobRow& row) {
    return !row.project.empty() || !row.hard_resources.empty() || !row.hard_queues.empty() ||
           !row.predecessors_requested.empty() || !row.predecessors.empty();
}

// The "requests" entries (codec.cpp), one per row written: only listings asked for with them
// have any to send.
void append_requests(std::string& out, const JobsReply& reply,
                     const std::vector<std::size_t>& written) {
    if (std::none_of(reply.jobs.begin(), reply.jobs.end(), has_requests)) return;
    nlohmann::json requests = nlohmann::json::array();
    for (const std::size_t i : written) {
        const JobRow& row = reply.jobs[i];
        requests.push_back(nlohmann::json::array({row.project, row.hard_resources, row.hard_queues,
                                                  row.predecessors_requested, row.predecessors}));
    }
    out += ",\"requests\":";
    out += requests.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::size_t run_after(const std::vector<JobRow>& rows, std::size_t first) {
    const JobRow& head = rows[first];
    if (!is_array_task(head.id) || head.task_step < 1) return 0;
    const auto step = static_cast<JobId>(head.task_step);
    std::size_t run = 0;
    JobRow next;
    while (first + run + 1 < rows.size()) {
        const JobRow& candidate = rows[first + run + 1];
        const JobId expected = head.id + (run + 1) * step;
        // The task number stays below kMaxTaskNumber, so the id never carries into the array's.
        if (candidate.id != expected ||
            task_number(head.id) + (run + 1) * step > static_cast<JobId>(kMaxTaskNumber))
            break;
        next = candidate;
        next.id = head.id;
        if (!(next == head)) break;
        ++run;
    }
    return run;
}

std::string encode_jobs_listing(const JobsReply& reply) {
    std::string out;
    // Runs make a listing of many array tasks short: what 100,000 rows take is room enough.
    out.reserve(64 + std::min<std::size_t>(reply.jobs.size(), 100000) * 120);
    out += "{\"jobs\":[";
    std::vector<std::size_t> written;
    for (std::size_t i = 0; i < reply.jobs.size();) {
        if (!written.empty()) out += ',';
        const std::size_t run = run_after(reply.jobs, i);
        append_row(out, reply.jobs[i], run);
        written.push_back(i);
        i += run + 1;
    }
    out += ']';
    append_requests(out, reply, written);
    out += ",\"type\":\"jobs\",\"v\":";
    append_number(out, kProtocolVersion);
    out += '}';
    return out;
}

}  // namespace bramble::wire
