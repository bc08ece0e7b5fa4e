// Making $SGE_ROOT/default/common on a node (see sge_cell.hpp).
#include "execd/sge_cell.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "execd/private_dir.hpp"

namespace bramble::execd {

namespace {

constexpr int kDirFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

Result<Fd> open_or_make(int at, const std::string& name, const std::string& shown) {
    if (::mkdirat(at, name.c_str(), 0755) != 0 && errno != EEXIST) {
        return make_error("cannot create " + shown + ": " + std::strerror(errno));
    }
    Fd fd(::openat(at, name.c_str(), kDirFlags));
    if (!fd.valid()) {
        return make_error("cannot open " + shown + " (" + std::strerror(errno) +
                          "); it must be a directory, not a symbolic link");
    }
    // Readable by every job, changed by nobody but root.
    if (::fchmod(fd.get(), 0755) != 0) {
        return make_error("cannot set the mode of " + shown + ": " + std::strerror(errno));
    }
    return fd;
}

Status write_file_at(int at, const std::string& name, const std::string& text,
                     const std::string& shown) {
    const std::string temporary = "." + name + ".new";
    Fd fd(::openat(at, temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
                   0644));
    if (!fd.valid()) return make_error("cannot write " + shown + ": " + std::strerror(errno));
    if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()) ||
        ::fchmod(fd.get(), 0644) != 0) {
        return make_error("cannot write " + shown + ": " + std::strerror(errno));
    }
    if (::renameat(at, temporary.c_str(), at, name.c_str()) != 0) {
        return make_error("cannot write " + shown + ": " + std::strerror(errno));
    }
    return ok_status();
}

}  // namespace

Status make_cell_common(const std::string& sge_root, const std::string& qmaster_host) {
    Fd root(::open(sge_root.c_str(), kDirFlags));
    if (!root.valid()) {
        return make_error("cannot open " + sge_root + " (" + std::strerror(errno) +
                          "); it must be a directory, not a symbolic link");
    }
    const std::string cell_path = sge_root + "/" + kCellName;
    auto cell = open_or_make(root.get(), kCellName, cell_path);
    if (!cell) return cell.error();
    auto common = open_or_make(cell->get(), "common", cell_path + "/common");
    if (!common) return common.error();
    return write_file_at(common->get(), "act_qmaster", qmaster_host + "\n",
                         cell_path + "/common/act_qmaster");
}

}  // namespace bramble::execd
