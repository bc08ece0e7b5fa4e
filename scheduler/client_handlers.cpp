// The client requests the scheduler answers on its Unix socket, one row per request type, each row
// declaring who may send it. Anything else a client sends (replies, execd messages) is refused,
// and what is routed is checked field by field first (request_checks.hpp).
#include <array>
#include <cstddef>
#include <string>
#include <type_traits>
#include <variant>

#include "log.hpp"
#include "request_checks.hpp"
#include "scheduler.hpp"
#include "wire/codec.hpp"

namespace bramble::scheduler {
namespace {

enum class Access {
    AnyUser,         // every local user; listings show what the request asks for
    OwnerOrManager,  // the handler checks each job (its owner or a manager may change it) and
                     // each queue instance (a manager only)
};

using Handler = void (*)(Scheduler&, const Caller&, wire::Message&&, const Reply&);

struct Route {
    std::size_t type;  // index in wire::Message
    Access access;
    Handler handle;
};

template <class T, class Variant>
struct IndexOf;
template <class T, class... Ts>
struct IndexOf<T, std::variant<Ts...>> {
    static constexpr std::size_t value = [] {
        std::size_t index = 0;
        (void)((std::is_same_v<T, Ts> ? false : (++index, true)) && ...);
        return index;
    }();
};
template <class T>
constexpr std::size_t kType = IndexOf<T, wire::Message>::value;

const std::array<Route, 10> kRoutes{{
    {kType<wire::SubmitRequest>, Access::AnyUser,
     [](Scheduler& s, const Caller& c, wire::Message&& m, const Reply& r) {
         s.submit(c, std::get<wire::SubmitRequest>(std::move(m)), r);
     }},
    {kType<wire::ListJobsRequest>, Access::AnyUser,
     [](Scheduler& s, const Caller& c, wire::Message&& m, const Reply& r) {
         s.list_jobs(c, std::get<wire::ListJobsRequest>(m), r);
     }},
    {kType<wire::JobDetailRequest>, Access::AnyUser,
     [](Scheduler& s, const Caller& c, wire::Message&& m, const Reply& r) {
         s.job_detail(c, std::get<wire::JobDetailRequest>(m), r);
     }},
    {kType<wire::DeleteRequest>, Access::OwnerOrManager,
     [](Scheduler& s, const Caller& c, wire::Message&& m, const Reply& r) {
         s.delete_jobs(c, std::get<wire::DeleteRequest>(m), r);
     }},
    {kType<wire::ListNodesRequest>, Access::AnyUser,
     [](Scheduler& s, const Caller& c, wire::Message&&, const Reply& r) { s.list_nodes(c, r); }},
    {kType<wire::HoldRequest>, Access::OwnerOrManager,
     [](Scheduler& s, const Caller& c, wire::Message&& m, const Reply& r) {
         s.hold_jobs(c, std::get<wire::HoldRequest>(m), r);
     }},
    {kType<wire::AlterRequest>, Access::OwnerOrManager,
     [](Scheduler& s, const Caller& c, wire::Message&& m, const Reply& r) {
         s.alter_jobs(c, std::get<wire::AlterRequest>(m), r);
     }},
    {kType<wire::ModifyRequest>, Access::OwnerOrManager,
     [](Scheduler& s, const Caller& c, wire::Message&& m, const Reply& r) {
         s.modify(c, std::get<wire::ModifyRequest>(m), r);
     }},
    {kType<wire::AccountingRequest>, Access::AnyUser,
     [](Scheduler& s, const Caller& c, wire::Message&& m, const Reply& r) {
         s.accounting(c, std::get<wire::AccountingRequest>(m), r);
     }},
    {kType<wire::ConfigRequest>, Access::AnyUser,
     [](Scheduler& s, const Caller& c, wire::Message&&, const Reply& r) { s.show_config(c, r); }},
}};

// The per-request check; ownership of each job is checked by the handler, which knows the jobs.
bool permits(Access access, const Caller& caller) {
    return access == Access::AnyUser || !caller.user.empty();
}

}  // namespace

void Scheduler::handle_client(const Caller& caller, wire::Message request, Reply reply) {
    for (const auto& route : kRoutes) {
        if (route.type != request.index()) continue;
        if (!permits(route.access, caller)) {
            reply(wire::ErrorReply{"uid " + std::to_string(caller.uid) +
                                   " has no entry in the head node's user database"});
            return;
        }
        // Every field is checked here, whoever sent it: a raw client skips qsub's own checks.
        if (auto checked = check_client_request(request); !checked) {
            log("uid " + std::to_string(caller.uid) + ": " + std::string(wire::type_name(request)) +
                " refused: " + checked.message());
            reply(wire::ErrorReply{checked.message()});
            return;
        }
        route.handle(*this, caller, std::move(request), reply);
        return;
    }
    const std::string type(wire::type_name(request));
    log("uid " + std::to_string(caller.uid) + " sent " + type + " on the client socket; refused");
    reply(wire::ErrorReply{"the scheduler does not accept " + type + " from a client"});
}

}  // namespace bramble::scheduler
