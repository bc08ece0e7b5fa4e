// The ledger's arithmetic: loading nodes, holding and giving back what grants name, the nodes as
// a snapshot sees them, and usage with its decay.
#include "policy/ledger.hpp"

#include <algorithm>
#include <iterator>

#include "policy/fair_share.hpp"

namespace bramble::policy {

struct Ledger::Index {
    std::vector<NodeView> owned;  // empty when the ledger views its caller's nodes
    const std::vector<NodeView>* views = nullptr;
    std::unordered_map<std::string_view, std::size_t> by_name;
    std::vector<std::size_t> first_core;  // per node, its offset in core_busy_
};

namespace {

// What running jobs hold of each consumable, in the order of the node's capacities; a consumable
// the view gives no free amount for is taken to be all free.
void load_consumables(const NodeView& view, NodeState& state) {
    std::size_t i = 0;
    for (const auto& [name, capacity] : view.consumables) {
        const auto free = view.consumables_free.find(name);
        state.consumables_free[i++] =
            free == view.consumables_free.end() ? capacity : std::min(free->second, capacity);
    }
}

void load_gpio(const NodeView& view, NodeState& state) {
    for (std::size_t i = 0; i < view.gpio.size(); ++i) {
        const auto& busy = view.gpio_busy;
        state.gpio_busy[i] = std::find(busy.begin(), busy.end(), view.gpio[i]) != busy.end();
    }
}

std::optional<std::size_t> consumable_index(const NodeState& node, const std::string& name) {
    const auto& capacities = node.view->consumables;
    const auto found = capacities.find(name);
    if (found == capacities.end()) return std::nullopt;
    return static_cast<std::size_t>(std::distance(capacities.begin(), found));
}

std::optional<std::size_t> gpio_index(const NodeState& node, const std::string& line) {
    const auto& lines = node.view->gpio;
    const auto found = std::find(lines.begin(), lines.end(), line);
    if (found == lines.end()) return std::nullopt;
    return static_cast<std::size_t>(found - lines.begin());
}

std::uint64_t give_back(std::uint64_t free, std::uint64_t amount, std::uint64_t capacity) {
    return std::min(capacity, saturating_add(free, amount));
}

}  // namespace

Ledger::Ledger(std::vector<NodeView> nodes, std::int64_t half_life)
    : Ledger(
          [&nodes] {
              auto index = std::make_shared<Index>();
              index->owned = std::move(nodes);
              index->views = &index->owned;
              return index;
          }(),
          half_life) {}

Ledger Ledger::viewing(const std::vector<NodeView>& nodes) {
    auto index = std::make_shared<Index>();
    index->views = &nodes;
    return Ledger(std::move(index), 0);
}

Ledger::Ledger(std::shared_ptr<Index> index, std::int64_t half_life) : half_life_(half_life) {
    const std::vector<NodeView>& views = *index->views;
    nodes_.reserve(views.size());
    index->first_core.reserve(views.size());
    for (std::size_t i = 0; i < views.size(); ++i) {
        const NodeView& view = views[i];
        NodeState state = empty_node(view);
        state.up = view.up;
        state.running_jobs = std::max(view.running_jobs, 0);
        state.exclusive = view.exclusive;
        // A core the busy map does not mention is free; memory_free never exceeds the total.
        index->first_core.push_back(core_busy_.size());
        const auto cores = static_cast<std::size_t>(state.cores);
        for (std::size_t core = 0; core < cores; ++core)
            core_busy_.push_back(core < view.core_busy.size() && view.core_busy[core]);
        state.free_cores = static_cast<int>(std::count(
            core_busy_.end() - static_cast<std::ptrdiff_t>(cores), core_busy_.end(), false));
        state.memory_free = std::min(view.memory_free, view.memory);
        load_consumables(view, state);
        load_gpio(view, state);
        nodes_.push_back(std::move(state));
        index->by_name.try_emplace(nodes_.back().name, i);
    }
    index_ = std::move(index);
}

std::optional<std::size_t> Ledger::find(std::string_view name) const {
    const auto found = index_->by_name.find(name);
    if (found == index_->by_name.end()) return std::nullopt;
    return found->second;
}

bool Ledger::core_busy(std::size_t node, std::size_t core) const {
    return core_busy_[index_->first_core[node] + core];
}

void Ledger::take(const Allocation& allocation) {
    for (const NodeGrant& grant : allocation.grants) {
        if (const auto node = find(grant.node)) hold(*node, grant, allocation.exclusive, true);
    }
}

void Ledger::release(const Allocation& allocation) {
    for (const NodeGrant& grant : allocation.grants) {
        if (const auto node = find(grant.node)) hold(*node, grant, allocation.exclusive, false);
    }
}

// Marks what `grant` names as held (`held`) or free again, never past zero or the capacity.
void Ledger::hold(std::size_t node, const NodeGrant& grant, bool exclusive, bool held) {
    NodeState& state = nodes_[node];
    for (const int core : grant.cores) {
        if (core < 0 || core >= state.cores) continue;
        auto bit = core_busy_[index_->first_core[node] + static_cast<std::size_t>(core)];
        if (bit == held) continue;
        bit = held;
        state.free_cores += held ? -1 : 1;
    }
    state.memory_free = held ? state.memory_free - std::min(grant.memory, state.memory_free)
                             : give_back(state.memory_free, grant.memory, state.memory);
    for (const auto& [name, amount] : grant.consumables) {
        const auto index = consumable_index(state, name);
        if (!index) continue;
        std::uint64_t& free = state.consumables_free[*index];
        free = held ? free - std::min(amount, free)
                    : give_back(free, amount, state.view->consumables.at(name));
    }
    for (const std::string& line : grant.gpio) {
        if (const auto index = gpio_index(state, line)) state.gpio_busy[*index] = held;
    }
    state.running_jobs = held ? state.running_jobs + 1 : std::max(state.running_jobs - 1, 0);
    if (exclusive) state.exclusive = held;
}

std::vector<NodeView> Ledger::snapshot() const {
    std::vector<NodeView> views;
    views.reserve(nodes_.size());
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        const NodeState& state = nodes_[i];
        NodeView view = *state.view;
        view.up = state.up;
        view.core_busy.assign(static_cast<std::size_t>(state.cores), false);
        for (std::size_t core = 0; core < view.core_busy.size(); ++core)
            view.core_busy[core] = core_busy(i, core);
        view.memory_free = state.memory_free;
        std::size_t consumable = 0;
        for (const auto& entry : view.consumables)
            view.consumables_free[entry.first] = state.consumables_free[consumable++];
        view.gpio_busy.clear();
        for (std::size_t line = 0; line < view.gpio.size(); ++line) {
            if (state.gpio_busy[line]) view.gpio_busy.push_back(view.gpio[line]);
        }
        view.running_jobs = state.running_jobs;
        view.exclusive = state.exclusive;
        views.push_back(std::move(view));
    }
    return views;
}

// As the scheduler has always charged a finished job: the usage so far decays to `at` (never
// backwards), then the amount is added whole.
void Ledger::accrue(const std::string& user, double amount, std::int64_t at) {
    Usage& usage = usage_.try_emplace(user, Usage{0, at}).first->second;
    usage = policy::accrue(usage, amount, at, half_life_);
}

std::map<std::string, double> Ledger::usage(std::int64_t now) const {
    std::map<std::string, double> decayed;
    for (const auto& [user, usage] : usage_) {
        decayed[user] =
            decay(usage.value, std::max<std::int64_t>(0, now - usage.as_of), half_life_);
    }
    return decayed;
}

}  // namespace bramble::policy
