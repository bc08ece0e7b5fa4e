#include "wire/codec.hpp"

#include <nlohmann/json.hpp>

#include "wire/json_model.hpp"

namespace bramble::wire {

using nlohmann::json;

// Each message's fields, one pair of functions per struct. Missing fields keep their defaults, so
// an older peer's message still decodes.
#define BRAMBLE_WIRE_FIELDS(Type, ...) \
    NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Type, __VA_ARGS__)

BRAMBLE_WIRE_FIELDS(SubmitRequest, spec, token)
BRAMBLE_WIRE_FIELDS(ListJobsRequest, users, states)
BRAMBLE_WIRE_FIELDS(JobDetailRequest, jobs)
BRAMBLE_WIRE_FIELDS(DeleteRequest, jobs, users, force)
BRAMBLE_WIRE_FIELDS(ErrorReply, message)
BRAMBLE_WIRE_FIELDS(SubmitReply, id, name)
BRAMBLE_WIRE_FIELDS(JobDetailReply, jobs, missing, pending_reasons)
BRAMBLE_WIRE_FIELDS(DeleteReply, lines, failed)
BRAMBLE_WIRE_FIELDS(NodeStatus, inventory, load, up, slots_used, memory_reserved)
BRAMBLE_WIRE_FIELDS(NodesReply, queue, nodes)
BRAMBLE_WIRE_FIELDS(RegisterNode, inventory, running)
BRAMBLE_WIRE_FIELDS(RegisterReply, accepted, message, heartbeat_seconds)
BRAMBLE_WIRE_FIELDS(Heartbeat, load)
BRAMBLE_WIRE_FIELDS(StartJob, job, queue)
BRAMBLE_WIRE_FIELDS(JobStarted, id)
BRAMBLE_WIRE_FIELDS(JobFinished, id, exit)
BRAMBLE_WIRE_FIELDS(FinishedAck, id)
BRAMBLE_WIRE_FIELDS(KillJob, id, reason)

// Listings carry only what qstat shows, one array per job, so that 10,000 queued jobs list in well
// under a megabyte and decode in milliseconds: [id, name, user, uid, group, gid, account, state,
// submit_time, start_time, slots, pe, priority, [[node, [cores...]], ...]].
void to_json(json& out, const JobsReply& reply) {
    json rows = json::array();
    for (const Job& job : reply.jobs) {
        json grants = json::array();
        for (const NodeGrant& grant : job.allocation.grants)
            grants.push_back({grant.node, grant.cores});
        rows.push_back({job.id, job.spec.name, job.owner.user, job.owner.uid, job.owner.group,
                        job.owner.gid, job.spec.account, to_string(job.state), job.submit_time,
                        job.start_time, job.spec.slots, job.spec.pe, job.spec.priority,
                        std::move(grants)});
    }
    out["jobs"] = std::move(rows);
}

void from_json(const json& in, JobsReply& reply) {
    const json& rows = in.at("jobs");
    reply.jobs.reserve(rows.size());
    for (const json& row : rows) {
        Job& job = reply.jobs.emplace_back();  // filled in place: a Job is large to move
        row.at(0).get_to(job.id);
        row.at(1).get_to(job.spec.name);
        row.at(2).get_to(job.owner.user);
        row.at(3).get_to(job.owner.uid);
        row.at(4).get_to(job.owner.group);
        row.at(5).get_to(job.owner.gid);
        row.at(6).get_to(job.spec.account);
        const auto state = job_state_from_string(row.at(7).get<std::string>());
        if (!state) throw json::other_error::create(501, "unknown job state", &row);
        job.state = *state;
        row.at(8).get_to(job.submit_time);
        row.at(9).get_to(job.start_time);
        row.at(10).get_to(job.spec.slots);
        row.at(11).get_to(job.spec.pe);
        row.at(12).get_to(job.spec.priority);
        for (const json& grant : row.at(13)) {
            job.allocation.grants.push_back(
                {grant.at(0).get<std::string>(), grant.at(1).get<std::vector<int>>(), 0});
        }
    }
}

void to_json(json& /*out*/, const ListNodesRequest& /*request*/) {}
void from_json(const json& /*in*/, ListNodesRequest& /*request*/) {}

#undef BRAMBLE_WIRE_FIELDS

namespace {

// The names on the wire, in the order of the Message variant's alternatives.
constexpr std::string_view kTypeNames[] = {
    "submit",      "list_jobs",     "job_detail",     "delete",           "list_nodes",
    "error",       "submit_reply",  "jobs",           "job_detail_reply", "delete_reply",
    "nodes",       "register_node", "register_reply", "heartbeat",        "start_job",
    "job_started", "job_finished",  "finished_ack",   "kill_job"};
static_assert(std::size(kTypeNames) == std::variant_size_v<Message>);

template <std::size_t I = 0>
Result<Message> decode_alternative(std::size_t index, const json& body) {
    if constexpr (I == std::variant_size_v<Message>) {
        return make_error("unknown message type");
    } else {
        if (index != I) return decode_alternative<I + 1>(index, body);
        std::variant_alternative_t<I, Message> message;
        from_json(body, message);
        return Message{std::move(message)};
    }
}

}  // namespace

std::string_view type_name(const Message& message) {
    return kTypeNames[message.index()];
}

std::string encode(const Message& message) {
    json body;
    std::visit([&body](const auto& alternative) { to_json(body, alternative); }, message);
    if (body.is_null()) body = json::object();
    body["v"] = kProtocolVersion;
    body["type"] = type_name(message);
    // Invalid UTF-8 in a job's text (a script in Latin-1) is replaced rather than refused.
    return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Message> decode(std::string_view bytes) {
    json body = json::parse(bytes, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return make_error("the body is not a JSON object");
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
            return decode_alternative(i, body);
        } catch (const json::exception& error) {
            return make_error("malformed '" + name + "' message: " + error.what());
        }
    }
    return make_error("unknown message type '" + name + "'");
}

}  // namespace bramble::wire
