// `parallel_environments:`: NAME: {allocation_rule: $fill_up, max_slots: 64}.
#include "config/parallel_environments.hpp"
#include "config/sections.hpp"

namespace bramble::config {

namespace {

// The most slots one job may ask of a PE: as many as qsub accepts.
constexpr std::int64_t kMaxSlots = 4096;

Result<ParallelEnvironment> read_pe(const Entry& entry) {
    if (auto ok = check_name(entry, entry.key_node.Scalar(), "parallel environment name"); !ok)
        return ok.error();
    ParallelEnvironment pe;
    bool has_rule = false;
    auto read = for_each_entry(entry, {"allocation_rule", "max_slots"},
                               "allocation_rule and max_slots", [&](const Entry& field) -> Status {
                                   if (field.key_node.Scalar() == "max_slots") {
                                       auto most = read_integer(field, 0, kMaxSlots);
                                       if (!most) return most.error();
                                       pe.max_slots = static_cast<int>(*most);
                                       return ok_status();
                                   }
                                   auto text = read_string(field);
                                   if (!text) return text.error();
                                   auto rule = parse_allocation_rule(*text);
                                   if (!rule) return field.error(rule.message());
                                   pe.rule = *rule;
                                   has_rule = true;
                                   return ok_status();
                               });
    if (!read) return read.error();
    if (!has_rule) {
        return entry.key_error(
            "needs an allocation_rule ($pe_slots, $fill_up, $round_robin or a number per node)");
    }
    return pe;
}

}  // namespace

Status read_parallel_environments(const Entry& entry, ClusterConfig& config) {
    std::map<std::string, ParallelEnvironment> pes;
    auto read = for_each_entry(entry, {}, "parallel environments by name",
                               [&](const Entry& pe_entry) -> Status {
                                   auto pe = read_pe(pe_entry);
                                   if (!pe) return pe.error();
                                   pes[pe_entry.key_node.Scalar()] = *pe;
                                   return ok_status();
                               });
    if (!read) return read;
    if (pes.empty()) {
        return entry.error(
            "names no parallel environment; leave the key out for the defaults "
            "(smp, mpi, mpi_rr)");
    }
    config.parallel_environments = std::move(pes);
    return ok_status();
}

}  // namespace bramble::config
