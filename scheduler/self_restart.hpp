// The scheduler's way back after a failed commit: the same program, arguments and pid, started
// afresh from its spool. Its listening sockets are closed first, so the new image can bind them.
#pragma once

#include <string>
#include <vector>

namespace bramble::scheduler {

// Keeps the command line to start again with; called once from main.
void remember_command_line(int argc, char** argv);

// Replaces this process with a fresh start of the same command line, plus `extra` arguments
// (which take precedence: the address it actually listens on, when it was told port 0). Returns
// only if that failed, after logging why.
void restart_self(const std::string& why, const std::vector<std::string>& extra);

}  // namespace bramble::scheduler
