// merge_env (see env_list.hpp).
#include "jobscript/env_list.hpp"

#include <string_view>

#include "jobscript/spec_check.hpp"

namespace bramble::jobscript {

Status merge_env(EnvVars& env, const EnvVars& additions, EnvIndex& index) {
    if (index.size() != env.size()) {
        index.clear();
        for (std::size_t i = 0; i < env.size(); ++i)
            index.emplace(env[i].first, i);
    }
    // New names take the next positions in the order they first appear.
    std::vector<std::string_view> added;
    for (const auto& [name, value] : additions) {
        if (!index.try_emplace(name, env.size() + added.size()).second) continue;
        added.push_back(name);
        if (env.size() + added.size() > kMaxEnvVars) {
            for (const auto name_added : added)
                index.erase(std::string(name_added));
            return make_error("more than " + std::to_string(kMaxEnvVars) +
                              " environment variables; a job may have at most " +
                              std::to_string(kMaxEnvVars));
        }
    }
    for (const auto& [name, value] : additions) {
        const std::size_t at = index.at(name);
        if (at < env.size()) {
            env[at].second = value;
        } else {
            env.emplace_back(name, value);
        }
    }
    return ok_status();
}

Status merge_env(EnvVars& env, const EnvVars& additions) {
    EnvIndex index;
    return merge_env(env, additions, index);
}

}  // namespace bramble::jobscript
