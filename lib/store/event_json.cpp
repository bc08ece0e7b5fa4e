// Each event kind's fields as JSON, by the model's own JSON forms (wire/json_model.hpp) for jobs,
// specs, allocations and exit records.
#include "store/event_json.hpp"

#include <nlohmann/json.hpp>

#include "model/task_id.hpp"
#include "wire/json_model.hpp"

namespace bramble::store {
namespace {

using nlohmann::json;
using namespace events;

json fields(const Submitted& /*event*/) {
    return json::object();
}
json fields(const Dispatched& e) {
    return {{"allocation", e.allocation}, {"time", e.time}};
}
json fields(const Started& e) {
    return {{"node", e.node}};
}
json fields(const Finished& e) {
    return {{"exit", e.exit}, {"time", e.time}};
}
json fields(const DeleteRequested& e) {
    return {{"by", e.by}, {"time", e.time}};
}
json fields(const Held& e) {
    return {{"by", e.by}, {"reason", e.reason}};
}
json fields(const Released& e) {
    return {{"by", e.by}};
}
json fields(const Altered& e) {
    return {{"spec", *e.spec},
            {"waiting_for", e.waiting_for},
            {"after_ok", e.after_ok},
            {"by", e.by},
            {"changes", e.changes}};
}
json fields(const Requeued& e) {
    return {
        {"reason", e.reason}, {"abandoned_on", e.abandoned_on}, {"setup_failure", e.setup_failure}};
}
json fields(const Errored& e) {
    return {{"reason", e.reason}, {"setup_failure", e.setup_failure}};
}
json fields(const ErrorCleared& e) {
    return {{"by", e.by}};
}
json fields(const DependencyEnded& e) {
    return {{"predecessor", e.predecessor}, {"failure", e.failure}};
}
json fields(const RunForgotten& e) {
    return {{"node", e.node}};
}

Event read(JobId id, const std::string& kind, const json& in) {
    const auto text = [&](const char* key) { return in.at(key).get<std::string>(); };
    if (kind == "dispatched") {
        return Dispatched{id, in.at("allocation").get<Allocation>(),
                          in.at("time").get<std::int64_t>()};
    }
    if (kind == "started") return Started{id, text("node")};
    if (kind == "finished") {
        return Finished{id, in.at("exit").get<ExitRecord>(), in.at("time").get<std::int64_t>()};
    }
    if (kind == "delete_requested") {
        return DeleteRequested{id, text("by"), in.at("time").get<std::int64_t>()};
    }
    if (kind == "held") return Held{id, text("by"), text("reason")};
    if (kind == "released") return Released{id, text("by")};
    if (kind == "altered") {
        // Events stored before YAML after: and -hold_jid were told apart have no after_ok.
        return Altered{id,
                       in.at("spec").get<JobSpec>(),
                       in.at("waiting_for").get<std::vector<JobId>>(),
                       in.value("after_ok", std::vector<JobId>{}),
                       text("by"),
                       text("changes")};
    }
    if (kind == "requeued") {
        return Requeued{id, text("reason"), text("abandoned_on"),
                        in.at("setup_failure").get<bool>()};
    }
    if (kind == "errored") return Errored{id, text("reason"), in.at("setup_failure").get<bool>()};
    if (kind == "error_cleared") return ErrorCleared{id, text("by")};
    if (kind == "dependency_ended") {
        return DependencyEnded{id, in.at("predecessor").get<JobId>(), text("failure")};
    }
    if (kind == "run_forgotten") return RunForgotten{id, text("node")};
    throw json::other_error::create(501, "unknown event kind \"" + kind + "\"", &in);
}

}  // namespace

std::string event_document(const Event& event) {
    return std::visit([](const auto& e) { return fields(e).dump(); }, event);
}

Result<Event> event_from_document(JobId id, const std::string& kind, const std::string& document) {
    if (kind == "submitted") {
        return make_error("a submission is replayed from its job's row, not from its event");
    }
    try {
        return read(id, kind, json::parse(document));
    } catch (const json::exception& error) {
        return make_error("event \"" + kind + "\" of job " + job_id_text(id) +
                          " does not decode: " + error.what());
    }
}

}  // namespace bramble::store
