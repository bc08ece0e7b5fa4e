// read_text_file: plain stdio, because qsub runs it on every submission and must start fast.
#include "jobscript/file_text.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "jobscript/spec_check.hpp"

namespace bramble::jobscript {

namespace {

// A job script is text a person wrote; anything larger than a script may be (spec_check.hpp) is
// a mistake (a data file, a binary), refused before it is read whole.
constexpr std::size_t kMaxFileBytes = kMaxScriptBytes;

Error read_error(const std::string& shown, const std::string& what, int err) {
    return make_error("cannot read " + what + " '" + shown + "': " + std::strerror(err));
}

}  // namespace

Result<std::string> read_text_file(const std::string& path, const std::string& shown,
                                   const std::string& what) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) return read_error(shown, what, errno);
    struct stat info {};
    if (fstat(fileno(file), &info) == 0 && S_ISDIR(info.st_mode)) {
        (void)std::fclose(file);
        return read_error(shown, what, EISDIR);
    }
    std::string text;
    char buffer[65536];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
        text.append(buffer, got);
        if (text.size() > kMaxFileBytes) {
            (void)std::fclose(file);
            return make_error(what + " '" + shown + "' is larger than 4 MiB (" +
                              std::to_string(kMaxFileBytes) +
                              " bytes), the most bramble accepts for a job script or file; put "
                              "large data beside the job and read it from there");
        }
    }
    const bool failed = std::ferror(file) != 0;
    const int err = errno;
    (void)std::fclose(file);
    if (failed) return read_error(shown, what, err);
    return text;
}

}  // namespace bramble::jobscript
