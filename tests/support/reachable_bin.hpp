// The build's binaries where every test user can run them. A clone in /root or in a home folder of
// mode 0700 puts build/*/bin out of reach of the unprivileged users that multi-user tests run tools
// and jobs as, so when the tests run as root and the folder is out of their reach, its programs are
// staged (hard links, else copies) in a root-owned folder under /var/tmp that everyone may search.
#pragma once

#include <string>

namespace bramble::test {

// `bin_dir` itself when every user can reach it (or we are not root), else the staged folder,
// brought up to date with `bin_dir`. Throws with the reason when staging fails.
std::string reachable_bin_dir(const std::string& bin_dir);

}  // namespace bramble::test
