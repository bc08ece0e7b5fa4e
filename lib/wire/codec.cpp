#include "wire/codec.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "model/task_id.hpp"
#include "model/units.hpp"
#include "wire/jobs_listing.hpp"
#include "wire/json_model.hpp"
#include "wire/prefault.hpp"

namespace bramble::wire {

using nlohmann::json;

// Each message's fields, one pair of functions per struct. Missing fields keep their defaults, so
// an older peer's message still decodes.
#define BRAMBLE_WIRE_FIELDS(Type, ...) \
    NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Type, __VA_ARGS__)

BRAMBLE_WIRE_FIELDS(SubmitRequest, spec, token)
BRAMBLE_WIRE_FIELDS(ListJobsRequest, users, states, requests)
BRAMBLE_WIRE_FIELDS(JobDetailRequest, jobs)
BRAMBLE_WIRE_FIELDS(DeleteRequest, jobs, users, force)
BRAMBLE_WIRE_FIELDS(ErrorReply, message, retry)
BRAMBLE_WIRE_FIELDS(SubmitReply, id, name, scheduled)
BRAMBLE_WIRE_FIELDS(JobPlanNote, priority, priority_part, fair_share_part, waiting_part,
                    reserved_start, reason_until, enforcement)
BRAMBLE_WIRE_FIELDS(JobDetailReply, jobs, missing, pending_reasons, notes)
BRAMBLE_WIRE_FIELDS(DeleteReply, lines, failed)
BRAMBLE_WIRE_FIELDS(NodeStatus, inventory, load, up, slots_used, memory_reserved, error, disabled)
BRAMBLE_WIRE_FIELDS(NodesReply, queue, nodes)
BRAMBLE_WIRE_FIELDS(RegisterNode, inventory, running)
BRAMBLE_WIRE_FIELDS(RegisterReply, accepted, message, heartbeat_seconds)
BRAMBLE_WIRE_FIELDS(Heartbeat, load)
BRAMBLE_WIRE_FIELDS(StartJob, job, queue, hosts, gpio_chip, gpio_lines, execds)
BRAMBLE_WIRE_FIELDS(JobStarted, id)
BRAMBLE_WIRE_FIELDS(JobFinished, id, exit)
BRAMBLE_WIRE_FIELDS(FinishedAck, id)
BRAMBLE_WIRE_FIELDS(KillJob, id, reason)
BRAMBLE_WIRE_FIELDS(HoldRequest, jobs, users, hold)
BRAMBLE_WIRE_FIELDS(AlterRequest, jobs, options, cwd)
BRAMBLE_WIRE_FIELDS(ModifyRequest, action, targets)
BRAMBLE_WIRE_FIELDS(StartJobPart, id, owner, allocation, node, master, queue, hosts, execds)
BRAMBLE_WIRE_FIELDS(RemoteWindow, rows, cols)
BRAMBLE_WIRE_FIELDS(RemoteCommand, job, host, node, uid, command, env, cwd, attach, execd, pty,
                    window)
BRAMBLE_WIRE_FIELDS(RemoteInput, data, end)
BRAMBLE_WIRE_FIELDS(RemoteOutput, stream, data)
BRAMBLE_WIRE_FIELDS(AccountingRequest, job, owner, host, started_from, started_until, after)
BRAMBLE_WIRE_FIELDS(AccountingRecord, queue, host, group, owner, name, job, task, account, priority,
                    submit_time, start_time, end_time, failed, exit_status, signal, wall_seconds,
                    user_seconds, system_seconds, max_rss_kb, minor_faults, major_faults, blocks_in,
                    blocks_out, voluntary_switches, involuntary_switches, project, pe, slots,
                    category)
BRAMBLE_WIRE_FIELDS(AccountingReply, records, next)
BRAMBLE_WIRE_FIELDS(PeEntry, name, allocation_rule, max_slots)
BRAMBLE_WIRE_FIELDS(NodeConfigEntry, name, labels, consumables, gpio_lines)
BRAMBLE_WIRE_FIELDS(UserLimitEntry, user, max_running_jobs, max_slots)
BRAMBLE_WIRE_FIELDS(ConfigReply, queue, head_host, managers, pes, nodes, user_limits,
                    default_walltime, max_walltime, rerun, max_queued_per_user)
BRAMBLE_WIRE_FIELDS(RemoteExit, exit_status, signal, error, user_seconds, system_seconds,
                    max_rss_kb)
BRAMBLE_WIRE_FIELDS(RelayedRequest, id, uid, gid, user, request)
BRAMBLE_WIRE_FIELDS(RelayedReply, id, reply)

// Listings carry only what qstat shows, one array per job, so that 10,000 queued jobs list in well
// under a megabyte and decode in milliseconds: [id, name, user, uid, group, gid, account, state,
// submit_time, start_time, slots, pe, priority, [[node, [cores...]], ...], score, priority part,
// fair share part, waiting part, task step], the four parts x 100000, and for a row that stands for
// a run of array tasks the number of tasks after it. jobs_listing.cpp writes them; the reader
// below takes them apart while parsing. A listing asked for with `requests` (qstat -ext, -r) has
// "requests" too, parallel to the rows of "jobs": [project, [resources], [queues], [predecessors as
// given], [predecessor ids]] per job, read as an ordinary json value.

void to_json(json& /*out*/, const ListNodesRequest& /*request*/) {}
void from_json(const json& /*in*/, ListNodesRequest& /*request*/) {}
void to_json(json& /*out*/, const ConfigRequest& /*request*/) {}
void from_json(const json& /*in*/, ConfigRequest& /*request*/) {}

#undef BRAMBLE_WIRE_FIELDS

namespace {

// Reads a body in one pass. Everything becomes a json value as usual, except the rows of a
// listing ("jobs": [[...], ...]), which go straight into JobRows: building a json tree for 10,000
// rows and then copying it out costs several times what the rows themselves do.
class BodyReader : public nlohmann::json_sax<json> {
  public:
    explicit BodyReader(std::size_t body_bytes) : body_bytes_(body_bytes) {}

    json body;
    std::vector<JobRow> rows;
    // Per row, how many tasks after it the row stands for (jobs_listing.hpp); 0 for most.
    std::vector<std::size_t> runs;
    std::string error;         // why reading stopped, when it did
    std::string out_of_range;  // a number no field could hold, when that stopped it

    bool null() override { return row_level_ == 0 ? add(json()) : bad_row(); }
    bool boolean(bool value) override { return row_level_ == 0 ? add(value) : bad_row(); }
    bool number_integer(number_integer_t value) override {
        return row_level_ == 0 ? add(value) : row_integer(value);
    }
    bool number_unsigned(number_unsigned_t value) override {
        if (row_level_ == 0) return add(value);
        // A job id takes all 64 bits (array tasks set the top one, see model/task_id.hpp).
        if (row_level_ == 1 && index_[1] == 0) {
            rows.back().id = static_cast<JobId>(value);
            ++index_[1];
            return true;
        }
        if (value > std::numeric_limits<std::int64_t>::max()) return bad_row();
        return row_integer(static_cast<std::int64_t>(value));
    }
    // nlohmann reads a float into an integer field with a plain cast, undefined for a value the
    // field cannot hold (a priority of -6.7e20, a uid of -1.5). The floats bramble sends (scores,
    // seconds, loads) lie in 0..2^31, so anything outside (-1, 2^31) is refused here.
    bool number_float(number_float_t value, const string_t&) override {
        if (row_level_ != 0) return bad_row();
        constexpr double kLargestFloat = 2147483648.0;
        if (!(value > -1.0 && value < kLargestFloat)) {
            out_of_range = "the number " + std::to_string(value) +
                           " is out of range: the numbers with a fraction that bramble sends lie "
                           "between -1 and 2^31";
            return false;
        }
        return add(value);
    }
    bool string(string_t& value) override {
        return row_level_ == 0 ? add(std::move(value)) : row_string(value);
    }
    bool binary(binary_t&) override { return bad_row(); }
    bool start_object(std::size_t) override {
        return row_level_ == 0 ? open(json::object()) : bad_row();
    }
    bool key(string_t& name) override {
        key_ = std::move(name);
        return true;
    }
    bool end_object() override {
        stack_.pop_back();
        return true;
    }
    bool start_array(std::size_t) override;
    bool end_array() override;
    bool parse_error(std::size_t, const std::string&,
                     const nlohmann::detail::exception& problem) override {
        error = problem.what();
        return false;
    }

  private:
    // Row levels: 0 = not in a row, 1 = a row's fields, 2 = its grants, 3 = one grant, 4 = its
    // cores. index_[level] counts the values seen at that level.
    int row_level_ = 0;
    std::size_t index_[5] = {};
    std::vector<json*> stack_;
    std::string key_;
    json* jobs_ = nullptr;  // the body's "jobs" array, whose array elements are rows
    std::size_t body_bytes_;

    bool add(json value) { return place(std::move(value)) != nullptr; }
    bool open(json value) {
        json* placed = place(std::move(value));
        stack_.push_back(placed);
        return true;
    }
    json* place(json value) {
        if (stack_.empty()) {
            body = std::move(value);
            return &body;
        }
        json& parent = *stack_.back();
        if (parent.is_array()) {
            parent.push_back(std::move(value));
            return &parent.back();
        }
        json& slot = parent[key_];
        slot = std::move(value);
        return &slot;
    }
    bool bad_row() {
        error =
            "job row " + std::to_string(rows.empty() ? 0 : rows.size() - 1) +
            " is not [id, name, user, uid, group, " +
            "gid, account, state, submit_time, start_time, slots, pe, priority, grants, score, " +
            "priority part, fair share part, waiting part, task step, held, and the tasks after "
            "it]";
        return false;
    }
    bool row_integer(std::int64_t value);
    bool row_string(std::string& value);
};

bool BodyReader::start_array(std::size_t) {
    if (row_level_ == 0 && !stack_.empty() && stack_.back() == jobs_) {
        // The reservation is a bound, often twice what is used: map it a slice ahead of the rows.
        constexpr std::size_t kRowsPerSlice = 512;
        if (rows.size() % kRowsPerSlice == 0) {
            prefault(rows.data() + rows.size(),
                     std::min(kRowsPerSlice, rows.capacity() - rows.size()) * sizeof(JobRow));
        }
        rows.emplace_back();
        runs.push_back(0);
        row_level_ = 1;
        index_[1] = 0;
        return true;
    }
    if (row_level_ == 0) {
        const bool is_jobs = stack_.size() == 1 && key_ == "jobs";
        open(json::array());
        if (is_jobs) {
            jobs_ = stack_.back();
            // No row is shorter than this, so the rows never move while growing; pages reserved
            // beyond the last row are never touched.
            constexpr std::size_t kShortestRow =
                sizeof(R"([0,"","",0,"",0,"","held",0,0,0,"",0,[],0,0,0,0,0,0])") - 1;
            rows.reserve(body_bytes_ / kShortestRow);
        }
        return true;
    }
    // Arrays inside a row: the grants (field 13), each grant, and a grant's cores (its field 1).
    const bool expected = (row_level_ == 1 && index_[1] == 13) || row_level_ == 2 ||
                          (row_level_ == 3 && index_[3] == 1);
    if (!expected) return bad_row();
    if (row_level_ == 2) rows.back().grants.emplace_back();
    ++row_level_;
    index_[row_level_] = 0;
    return true;
}

bool BodyReader::end_array() {
    if (row_level_ == 0) {
        stack_.pop_back();
        return true;
    }
    const bool complete = (row_level_ == 1 && (index_[1] == 20 || index_[1] == 21)) ||
                          row_level_ == 2 || (row_level_ == 3 && index_[3] == 2) || row_level_ == 4;
    if (!complete) return bad_row();
    --row_level_;
    ++index_[row_level_];
    return true;
}

bool BodyReader::row_integer(std::int64_t value) {
    JobRow& row = rows.back();
    if (row_level_ == 4) {
        row.grants.back().cores.push_back(static_cast<int>(value));
        return true;
    }
    if (row_level_ != 1) return bad_row();
    switch (index_[1]++) {
        case 0:
            row.id = static_cast<JobId>(value);
            return true;
        case 3:
            row.uid = static_cast<std::uint32_t>(value);
            return true;
        case 5:
            row.gid = static_cast<std::uint32_t>(value);
            return true;
        case 8:
            row.submit_time = value;
            return true;
        case 9:
            row.start_time = value;
            return true;
        case 10:
            row.slots = static_cast<int>(value);
            return true;
        case 12:
            row.priority = static_cast<int>(value);
            return true;
        case 14:
            row.score = static_cast<double>(value) / kScoreScale;
            return true;
        case 15:
            row.priority_part = static_cast<double>(value) / kScoreScale;
            return true;
        case 16:
            row.fair_share_part = static_cast<double>(value) / kScoreScale;
            return true;
        case 17:
            row.waiting_part = static_cast<double>(value) / kScoreScale;
            return true;
        case 18:
            if (value < 1 || value > kMaxTaskNumber) return bad_row();
            row.task_step = static_cast<int>(value);
            return true;
        case 19:
            if (value != 0 && value != 1) return bad_row();
            row.held = value == 1;
            return true;
        case 20:
            // A run stays inside its array: its last task number is a valid one.
            if (!is_array_task(row.id) || value < 1 || value > kMaxTaskNumber ||
                task_number(row.id) + value * row.task_step > kMaxTaskNumber)
                return bad_row();
            runs.back() = static_cast<std::size_t>(value);
            return true;
        default:
            return bad_row();
    }
}

bool BodyReader::row_string(std::string& value) {
    JobRow& row = rows.back();
    if (row_level_ == 3 && index_[3] == 0) {
        row.grants.back().node = std::move(value);
        ++index_[3];
        return true;
    }
    if (row_level_ != 1) return bad_row();
    switch (index_[1]++) {
        case 1:
            row.name = std::move(value);
            return true;
        case 2:
            row.user = std::move(value);
            return true;
        case 4:
            row.group = std::move(value);
            return true;
        case 6:
            row.account = std::move(value);
            return true;
        case 11:
            row.pe = std::move(value);
            return true;
        case 7: {
            const auto state = job_state_from_string(value);
            if (!state) {
                error = "job row " + std::to_string(rows.size() - 1) + " has an unknown state '" +
                        value + "'";
                return false;
            }
            row.state = *state;
            return true;
        }
        default:
            return bad_row();
    }
}

// A row that stands for a run of tasks (jobs_listing.hpp) becomes a row per task again, so that
// every reader sees the listing as the scheduler built it.
void expand_runs(const BodyReader& reader, JobsReply& reply) {
    std::size_t total = reply.jobs.size();
    for (const std::size_t run : reader.runs) {
        total += run;
        if (total > kMaxListedRows) {
            throw json::other_error::create(
                501, "the rows stand for more than " + std::to_string(kMaxListedRows) + " jobs",
                &reader.body);
        }
    }
    if (total == reply.jobs.size()) return;
    std::vector<JobRow> rows;
    rows.reserve(total);
    for (std::size_t i = 0; i < reply.jobs.size(); ++i) {
        const std::size_t head = rows.size();
        rows.push_back(std::move(reply.jobs[i]));
        for (std::size_t k = 1; k <= reader.runs[i]; ++k) {
            rows.push_back(rows[head]);
            rows.back().id += k * static_cast<JobId>(rows[head].task_step);
        }
    }
    reply.jobs = std::move(rows);
}

// A listing's rows were read while parsing; every other message reads its json body.
void read_body(BodyReader& reader, JobsReply& reply) {
    if (!reader.body.contains("jobs") || !reader.body.at("jobs").empty())
        throw json::other_error::create(501, "'jobs' is not a list of job rows", &reader.body);
    reply.jobs = std::move(reader.rows);
    const auto requests = reader.body.find("requests");
    if (requests != reader.body.end()) {
        if (!requests->is_array() || requests->size() != reply.jobs.size()) {
            throw json::other_error::create(501, "'requests' is not one entry per job",
                                            &reader.body);
        }
        for (std::size_t i = 0; i < reply.jobs.size(); ++i) {
            JobRow& row = reply.jobs[i];
            std::tie(row.project, row.hard_resources, row.hard_queues, row.predecessors_requested,
                     row.predecessors) =
                (*requests)[i]
                    .get<std::tuple<std::string, std::vector<std::string>, std::vector<std::string>,
                                    std::vector<std::string>, std::vector<JobId>>>();
        }
    }
    expand_runs(reader, reply);
}

template <class Body>
void read_body(BodyReader& reader, Body& message) {
    if (!reader.rows.empty())
        throw json::other_error::create(501, "unexpected job rows", &reader.body);
    from_json(reader.body, message);
}

// The names on the wire, in the order of the Message variant's alternatives.
constexpr std::string_view kTypeNames[] = {"submit",
                                           "list_jobs",
                                           "job_detail",
                                           "delete",
                                           "list_nodes",
                                           "error",
                                           "submit_reply",
                                           "jobs",
                                           "job_detail_reply",
                                           "delete_reply",
                                           "nodes",
                                           "register_node",
                                           "register_reply",
                                           "heartbeat",
                                           "start_job",
                                           "job_started",
                                           "job_finished",
                                           "finished_ack",
                                           "kill_job",
                                           "hold",
                                           "alter",
                                           "start_job_part",
                                           "remote_command",
                                           "remote_output",
                                           "remote_exit",
                                           "modify",
                                           "accounting",
                                           "accounting_reply",
                                           "config",
                                           "config_reply",
                                           "remote_input",
                                           "relayed_request",
                                           "relayed_reply",
                                           "remote_window"};
static_assert(std::size(kTypeNames) == std::variant_size_v<Message>);

template <std::size_t I = 0>
Result<Message> decode_alternative(std::size_t index, BodyReader& reader) {
    if constexpr (I == std::variant_size_v<Message>) {
        return make_error("unknown message type");
    } else {
        if (index != I) return decode_alternative<I + 1>(index, reader);
        std::variant_alternative_t<I, Message> message;
        read_body(reader, message);
        return Message{std::move(message)};
    }
}

}  // namespace

std::string_view type_name(const Message& message) {
    return kTypeNames[message.index()];
}

std::string encode(const Message& message) {
    if (const auto* listing = std::get_if<JobsReply>(&message))
        return encode_jobs_listing(*listing);
    json body;
    std::visit(
        [&body](const auto& alternative) {
            if constexpr (!std::is_same_v<std::decay_t<decltype(alternative)>, JobsReply>)
                to_json(body, alternative);
        },
        message);
    if (body.is_null()) body = json::object();
    body["v"] = kProtocolVersion;
    body["type"] = type_name(message);
    // Invalid UTF-8 in a job's text (a script in Latin-1) is replaced rather than refused.
    return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Message> decode(std::string_view bytes) {
    BodyReader reader(bytes.size());
    if (!json::sax_parse(bytes, &reader)) {
        if (!reader.out_of_range.empty()) return make_error(reader.out_of_range);
        if (!reader.rows.empty()) return make_error("malformed 'jobs' message: " + reader.error);
        return make_error("the body is not a JSON object");
    }
    const json& body = reader.body;
    if (!body.is_object()) return make_error("the body is not a JSON object");
    const auto version = body.find("v");
    if (version == body.end() || !version->is_number_integer() || *version != kProtocolVersion) {
        return make_error("unsupported protocol version (this side speaks version " +
                          std::to_string(kProtocolVersion) + ")");
    }
    const auto type = body.find("type");
    if (type == body.end() || !type->is_string()) return make_error("the message has no type");
    const auto& name = type->get_ref<const std::string&>();
    for (std::size_t i = 0; i < std::size(kTypeNames); ++i) {
        if (kTypeNames[i] != name) continue;
        try {
            return decode_alternative(i, reader);
        } catch (const json::exception& error) {
            return make_error("malformed '" + name + "' message: " + error.what());
        }
    }
    return make_error("unknown message type '" + name + "'");
}

}  // namespace bramble::wire
