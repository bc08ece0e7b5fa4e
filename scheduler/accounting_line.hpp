// A finished job as one line of Grid Engine 8.1.9's accounting file (accounting(5)): 45 fields
// separated by colons, in Grid Engine's order and number formats, so that tools which read
// $SGE_ROOT/$SGE_CELL/common/accounting themselves find what they expect. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "wire/messages.hpp"

namespace bramble::scheduler {

// The line, with its newline. Text fields lose what would break the line apart: a colon or a
// control character in a job's name (users choose it) becomes '_'.
std::string accounting_line(const wire::AccountingRecord& record);

// Which job a line of the file accounts for: its job_number and task_number (0: not an array
// task); nullopt for a line that is not one of ours (blank, torn or foreign).
struct AccountedJob {
    JobId job = 0;
    int task = 0;
    auto operator<=>(const AccountedJob&) const = default;
};
std::optional<AccountedJob> accounted_job(std::string_view line);

}  // namespace bramble::scheduler
