// The machine as the execd learns it without loading hwloc itself: bramble-inventory's answer,
// Grid Engine architecture names, and narrowing (see inventory.hpp).
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <nlohmann/json.hpp>

#include "execd/inventory.hpp"
#include "model/units.hpp"
#include "wire/json_model.hpp"

namespace bramble::execd {

namespace {

std::string read_all(int fd) {
    std::string text;
    char buffer[4096];
    while (true) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            text.append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            return text;
        }
    }
}

}  // namespace

std::string ge_arch(std::string_view machine) {
    if (machine == "x86_64" || machine == "amd64") return "lx-amd64";
    if (machine == "aarch64" || machine == "arm64") return "lx-arm64";
    if (machine.starts_with("armv")) return "lx-armhf";
    if (machine == "i686" || machine == "i386") return "lx-x86";
    return "lx-" + std::string(machine);
}

std::string short_hostname() {
    char name[HOST_NAME_MAX + 1] = {};
    ::gethostname(name, sizeof name - 1);
    std::string host = name;
    return host.substr(0, host.find('.'));
}

Result<Machine> probe_machine(const std::string& inventory_program, const std::string& name) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        return make_error(std::string("cannot create a pipe for the inventory: ") +
                          std::strerror(errno));
    }
    const pid_t child = ::fork();
    if (child < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return make_error(std::string("cannot fork for the inventory: ") + std::strerror(errno));
    }
    if (child == 0) {
        if (::dup2(fds[1], 1) < 0) ::_exit(127);
        ::execl(inventory_program.c_str(), inventory_program.c_str(), name.c_str(), nullptr);
        ::_exit(127);
    }
    ::close(fds[1]);
    const std::string text = read_all(fds[0]);
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && text.empty()) {
        return make_error("cannot run " + inventory_program +
                          " (it is installed beside bramble-execd)");
    }
    const auto answer = nlohmann::json::parse(text, nullptr, false);
    if (answer.is_discarded() || !answer.is_object()) {
        return make_error(inventory_program + " ended without an answer (status " +
                          std::to_string(status) + ")");
    }
    if (answer.contains("error")) return make_error(answer["error"].get<std::string>());
    try {
        return Machine{answer.at("inventory").get<NodeInventory>(),
                       answer.at("cores").get<CoreMap>()};
    } catch (const nlohmann::json::exception& error) {
        return make_error(inventory_program + " answered nonsense: " + error.what());
    }
}

Result<NodeInventory> narrow_inventory(NodeInventory machine, int cores, std::uint64_t memory) {
    if (cores < 0) return make_error("--cores must be positive, not " + std::to_string(cores));
    if (cores > machine.cores) {
        return make_error("--cores " + std::to_string(cores) + " is more than this machine's " +
                          std::to_string(machine.cores) + " cores");
    }
    if (memory > machine.memory) {
        return make_error("--memory " + format_memory(memory) + " is more than this machine's " +
                          format_memory(machine.memory));
    }
    if (cores > 0) {
        machine.threads = std::max(1, machine.threads * cores / machine.cores);
        machine.sockets = std::min(machine.sockets, cores);
        machine.cores = cores;
    }
    if (memory > 0) machine.memory = memory;
    return machine;
}

}  // namespace bramble::execd
