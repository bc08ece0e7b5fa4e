// Building the job's environment (see job_env.hpp).
#include "execd/shepherd/job_env.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "model/task_id.hpp"

namespace bramble::shepherd {

namespace {

// Sets or replaces `name`, keeping the first position so the order stays readable.
void set(Environment& env, std::string_view name, std::string value) {
    auto it =
        std::find_if(env.begin(), env.end(), [&](const auto& kv) { return kv.first == name; });
    if (it != env.end()) {
        it->second = std::move(value);
    } else {
        env.emplace_back(std::string(name), std::move(value));
    }
}

const std::string* spec_env_value(const JobSpec& spec, std::string_view name) {
    for (const auto& [key, value] : spec.env) {
        if (key == name) return &value;
    }
    return nullptr;
}

void add_job_identity(Environment& env, const execd::LaunchSpec& launch, const RunContext& run) {
    const Job& job = launch.job;
    const int hosts = std::max<int>(1, static_cast<int>(job.allocation.grants.size()));
    const int slots = job.allocation.empty() ? std::max(1, job.spec.slots) : job.allocation.slots();
    set(env, "JOB_ID", std::to_string(visible_job_id(job.id)));
    set(env, "JOB_NAME", job.spec.name);
    set(env, "JOB_SCRIPT",
        job.spec.binary && !job.spec.args.empty() ? job.spec.args.front() : run.script_file);
    set(env, "REQUEST", job.spec.name);
    set(env, "HOSTNAME", launch.hostname);
    set(env, "QUEUE", launch.queue);
    set(env, "NSLOTS", std::to_string(slots));
    set(env, "NHOSTS", std::to_string(hosts));
    set(env, "NQUEUES", std::to_string(hosts));
    set(env, "RESTARTED", "0");
    set(env, "ENVIRONMENT", "BATCH");
    set(env, "TMPDIR", run.job_tmpdir);
    set(env, "TMP", run.job_tmpdir);
    if (is_array_task(job.id)) {
        set(env, "SGE_TASK_ID", std::to_string(task_number(job.id)));
        set(env, "SGE_TASK_FIRST", std::to_string(job.spec.task_first));
        set(env, "SGE_TASK_LAST", std::to_string(job.spec.task_last));
        set(env, "SGE_TASK_STEPSIZE", std::to_string(job.spec.task_step));
        set(env, "SGE_JOB_TASK_ID", job_id_text(job.id));
    } else {
        for (const char* name :
             {"SGE_TASK_ID", "SGE_TASK_FIRST", "SGE_TASK_LAST", "SGE_TASK_STEPSIZE"}) {
            set(env, name, "undefined");
        }
    }
}

void add_submit_side(Environment& env, const JobSpec& spec) {
    for (const auto& [key, value] : spec.submit_env)
        set(env, "SGE_O_" + key, value);
    if (!spec.submit_host.empty()) set(env, "SGE_O_HOST", spec.submit_host);
}

// BRAMBLE_GPIO_CHIP=gpiochip0, BRAMBLE_GPIO_LINES=17,18 (offsets, in the order the job asked),
// and one BRAMBLE_GPIO_<NAME>=offset per line, so a script can say $BRAMBLE_GPIO_FAN.
void add_gpio(Environment& env, const execd::LaunchSpec& launch) {
    if (launch.gpio_lines.empty()) return;
    set(env, "BRAMBLE_GPIO_CHIP", launch.gpio_chip);
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
        set(env, variable, std::to_string(it->second));
    }
    set(env, "BRAMBLE_GPIO_LINES", offsets);
}

// BRAMBLE_CORES=0,1: the cores granted here, as qstat -j shows them; BRAMBLE_CPUS=0,1: the OS
// CPUs the job is bound to, empty when it runs unbound.
void add_binding(Environment& env, const execd::Binding& binding) {
    if (binding.cores.empty()) return;
    set(env, "BRAMBLE_CORES", execd::number_list(binding.cores));
    set(env, "BRAMBLE_CPUS", execd::number_list(binding.cpus));
}

}  // namespace

Environment build_job_environment(const execd::LaunchSpec& launch, const RunContext& run) {
    const JobSpec& spec = launch.job.spec;
    Environment env;
    add_job_identity(env, launch, run);
    add_submit_side(env, spec);
    set(env, "SGE_STDOUT_PATH", run.stdout_path);
    set(env, "SGE_STDERR_PATH", run.stderr_path);
    set(env, "SGE_CWD_PATH", run.workdir);
    set(env, "HOME", run.home);
    set(env, "USER", run.user);
    set(env, "LOGNAME", run.user);
    set(env, "SHELL", run.shell);
    const std::string* path = spec_env_value(spec, "PATH");
    set(env, "PATH", run.job_tmpdir + ":" + (path ? *path : "/usr/local/bin:/bin:/usr/bin"));
    if (!spec.pe.empty()) {
        set(env, "PE", spec.pe);
        set(env, "PE_HOSTFILE", run.pe_hostfile);
    }
    for (const auto& [key, value] : spec.env) {
        if (key != "PATH") set(env, key, value);
    }
    set(env, "BRAMBLE_JOB_ID", job_id_text(launch.job.id));
    set(env, "BRAMBLE_NODE", launch.node);
    add_gpio(env, launch);
    add_binding(env, launch.binding);
    return env;
}

std::vector<std::string> to_envp(const Environment& environment) {
    std::vector<std::string> out;
    out.reserve(environment.size());
    for (const auto& [key, value] : environment)
        out.push_back(key + "=" + value);
    return out;
}

}  // namespace bramble::shepherd
