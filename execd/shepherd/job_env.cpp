// Building the job's environment (see job_env.hpp).
#include "execd/shepherd/job_env.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <unordered_map>

#include "model/task_id.hpp"

namespace bramble::shepherd {

namespace {

// The environment being built, with an index by name: a spec may carry hundreds of thousands of
// variables, and a search per variable made their setting quadratic (21 s for 200,000).
class EnvBuilder {
  public:
    // Sets or replaces `name`, keeping the first position so the order stays readable.
    void set(std::string_view name, std::string value) {
        const auto [it, added] = index_.try_emplace(std::string(name), env_.size());
        if (added) {
            env_.emplace_back(it->first, std::move(value));
        } else {
            env_[it->second].second = std::move(value);
        }
    }
    Environment take() { return std::move(env_); }

  private:
    Environment env_;
    std::unordered_map<std::string, std::size_t> index_;
};

const std::string* spec_env_value(const JobSpec& spec, std::string_view name) {
    for (const auto& [key, value] : spec.env) {
        if (key == name) return &value;
    }
    return nullptr;
}

void add_job_identity(EnvBuilder& env, const execd::LaunchSpec& launch, const RunContext& run) {
    const Job& job = launch.job;
    const int hosts = std::max<int>(1, static_cast<int>(job.allocation.grants.size()));
    const int slots = job.allocation.empty() ? std::max(1, job.spec.slots) : job.allocation.slots();
    env.set("JOB_ID", std::to_string(visible_job_id(job.id)));
    env.set("JOB_NAME", job.spec.name);
    env.set("JOB_SCRIPT",
            job.spec.binary && !job.spec.args.empty() ? job.spec.args.front() : run.script_file);
    env.set("REQUEST", job.spec.name);
    env.set("REQNAME", job.spec.name);
    env.set("HOSTNAME", launch.hostname);
    env.set("QUEUE", launch.queue);
    env.set("NSLOTS", std::to_string(slots));
    env.set("NHOSTS", std::to_string(hosts));
    env.set("NQUEUES", std::to_string(hosts));
    env.set("RESTARTED", "0");
    env.set("ENVIRONMENT", "BATCH");
    env.set("TMPDIR", run.job_tmpdir);
    env.set("TMP", run.job_tmpdir);
    if (is_array_task(job.id)) {
        env.set("SGE_TASK_ID", std::to_string(task_number(job.id)));
        env.set("SGE_TASK_FIRST", std::to_string(job.spec.task_first));
        env.set("SGE_TASK_LAST", std::to_string(job.spec.task_last));
        env.set("SGE_TASK_STEPSIZE", std::to_string(job.spec.task_step));
        env.set("SGE_JOB_TASK_ID", job_id_text(job.id));
    } else {
        for (const char* name :
             {"SGE_TASK_ID", "SGE_TASK_FIRST", "SGE_TASK_LAST", "SGE_TASK_STEPSIZE"}) {
            env.set(name, "undefined");
        }
    }
}

void add_submit_side(EnvBuilder& env, const JobSpec& spec) {
    for (const auto& [key, value] : spec.submit_env)
        env.set("SGE_O_" + key, value);
    if (!spec.submit_host.empty()) env.set("SGE_O_HOST", spec.submit_host);
}

// BRAMBLE_GPIO_CHIP=gpiochip0, BRAMBLE_GPIO_LINES=17,18 (offsets, in the order the job asked),
// and one BRAMBLE_GPIO_<NAME>=offset per line, so a script can say $BRAMBLE_GPIO_FAN.
void add_gpio(EnvBuilder& env, const execd::LaunchSpec& launch) {
    if (launch.gpio_lines.empty()) return;
    env.set("BRAMBLE_GPIO_CHIP", launch.gpio_chip);
    std::string offsets;
    for (const auto& name : launch.job.spec.gpio) {
        const auto it = launch.gpio_lines.find(name);
        if (it == launch.gpio_lines.end()) continue;
        offsets += (offsets.empty() ? "" : ",") + std::to_string(it->second);
        std::string variable = "BRAMBLE_GPIO_";
        for (const char c : name) {
            variable += std::isalnum(static_cast<unsigned char>(c)) != 0
                            ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                            : '_';
        }
        env.set(variable, std::to_string(it->second));
    }
    env.set("BRAMBLE_GPIO_LINES", offsets);
}

// BRAMBLE_CORES=0,1: the cores granted here, as qstat -j shows them; BRAMBLE_CPUS=0,1: the OS
// CPUs the job is bound to, empty when it runs unbound.
void add_binding(EnvBuilder& env, const execd::Binding& binding) {
    if (binding.cores.empty()) return;
    env.set("BRAMBLE_CORES", execd::number_list(binding.cores));
    env.set("BRAMBLE_CPUS", execd::number_list(binding.cpus));
}

}  // namespace

Environment build_job_environment(const execd::LaunchSpec& launch, const RunContext& run) {
    const JobSpec& spec = launch.job.spec;
    EnvBuilder env;
    add_job_identity(env, launch, run);
    add_submit_side(env, spec);
    // Grid Engine's cell is "default" unless an admin made another; bramble has one cell.
    env.set("SGE_CELL", "default");
    env.set("SGE_ACCOUNT", spec.account.empty() ? "sge" : spec.account);
    env.set("SGE_JOB_SPOOL_DIR", run.job_dir);
    env.set("SGE_STDIN_PATH", "/dev/null");  // a batch job's standard input (spawn_job.cpp)
    env.set("SGE_STDOUT_PATH", run.stdout_path);
    env.set("SGE_STDERR_PATH", run.stderr_path);
    env.set("SGE_CWD_PATH", run.workdir);
    env.set("HOME", run.home);
    env.set("USER", run.user);
    env.set("LOGNAME", run.user);
    env.set("SHELL", run.shell);
    const std::string* path = spec_env_value(spec, "PATH");
    env.set("PATH", run.job_tmpdir + ":" + (path ? *path : "/usr/local/bin:/bin:/usr/bin"));
    if (!spec.pe.empty()) {
        env.set("PE", spec.pe);
        env.set("PE_HOSTFILE", run.pe_hostfile);
    }
    for (const auto& [key, value] : spec.env) {
        if (key != "PATH") env.set(key, value);
    }
    env.set("BRAMBLE_JOB_ID", job_id_text(launch.job.id));
    env.set("BRAMBLE_NODE", launch.node);
    add_gpio(env, launch);
    add_binding(env, launch.binding);
    return env.take();
}

std::vector<std::string> to_envp(const Environment& environment) {
    std::vector<std::string> out;
    out.reserve(environment.size());
    for (const auto& [key, value] : environment)
        out.push_back(key + "=" + value);
    return out;
}

}  // namespace bramble::shepherd
