// JSON forms of the model's plain data, shared by the wire codec and the spool (which stores a job
// as one JSON document beside its indexed columns). from_json throws nlohmann::json::exception on a
// malformed document; callers at a trust boundary catch it and turn it into an Error.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "model/job.hpp"
#include "model/node.hpp"

namespace bramble {

void to_json(nlohmann::json& out, const JobSpec& spec);
void from_json(const nlohmann::json& in, JobSpec& spec);
void to_json(nlohmann::json& out, const Owner& owner);
void from_json(const nlohmann::json& in, Owner& owner);
void to_json(nlohmann::json& out, const ExitRecord& exit);
void from_json(const nlohmann::json& in, ExitRecord& exit);
void to_json(nlohmann::json& out, const NodeGrant& grant);
void from_json(const nlohmann::json& in, NodeGrant& grant);
void to_json(nlohmann::json& out, const Allocation& allocation);
void from_json(const nlohmann::json& in, Allocation& allocation);
void to_json(nlohmann::json& out, const Job& job);  // state as to_string(JobState)
void from_json(const nlohmann::json& in, Job& job);
void to_json(nlohmann::json& out, const NodeInventory& node);
void from_json(const nlohmann::json& in, NodeInventory& node);
void to_json(nlohmann::json& out, const NodeLoad& load);
void from_json(const nlohmann::json& in, NodeLoad& load);

}  // namespace bramble
