// A job that holds GPIO lines may open its node's GPIO chip for as long as it runs: the shepherd,
// still root, adds a POSIX ACL entry for the job's owner on the chip's device before the job
// starts and takes it away when the job ends, unless another job of the same owner on this node
// still holds lines of that chip. Nothing is done where the chip does not exist or the shepherd
// is not root (a test cluster, a node without GPIO).
#pragma once

#include <sys/types.h>

#include <string>

#include "execd/job_dir.hpp"
#include "model/result.hpp"

namespace bramble::shepherd {

// /dev/NAME for a chip name (gpiochip0), or the chip itself when the config gave a path.
std::string gpio_device_path(const std::string& chip);

// Gives `uid` read and write access to `device`.
Status grant_gpio_access(const std::string& device, uid_t uid);

// Removes `uid`'s own entry from `device`'s ACL (its other access is untouched).
Status revoke_gpio_access(const std::string& device, uid_t uid);

// Whether a job other than the one in `own_dir`, running in a sibling job folder, belongs to
// `uid` and holds lines of `chip`.
bool chip_still_used(const std::string& own_dir, const std::string& chip, uid_t uid);

// The grant and revoke around one job, where they apply; errors are returned for the job's log.
Status open_gpio_for_job(const execd::LaunchSpec& launch);
Status close_gpio_for_job(const execd::LaunchSpec& launch, const std::string& job_dir);

}  // namespace bramble::shepherd
