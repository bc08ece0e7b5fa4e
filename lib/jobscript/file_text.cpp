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

struct WholeFile {
    std::string text;
    int error = 0;  // errno of the open or read that failed
    bool too_large = false;
};

WholeFile read_whole(const std::string& path) {
    WholeFile out;
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
        out.error = errno;
        return out;
    }
    struct stat info {};
    if (fstat(fileno(file), &info) == 0 && S_ISDIR(info.st_mode)) {
        (void)std::fclose(file);
        out.error = EISDIR;
        return out;
    }
    char buffer[65536];
    std::size_t got = 0;
    while (!out.too_large && (got = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
        out.text.append(buffer, got);
        out.too_large = out.text.size() > kMaxFileBytes;
    }
    if (!out.too_large && std::ferror(file) != 0) out.error = errno;
    (void)std::fclose(file);
    return out;
}

Error too_large(const std::string& shown, const std::string& what) {
    return make_error(what + " '" + shown + "' is larger than 4 MiB (" +
                      std::to_string(kMaxFileBytes) +
                      " bytes), the most bramble accepts for a job script or file; put "
                      "large data beside the job and read it from there");
}

}  // namespace

Result<std::string> read_text_file(const std::string& path, const std::string& shown,
                                   const std::string& what) {
    WholeFile file = read_whole(path);
    if (file.too_large) return too_large(shown, what);
    if (file.error != 0) {
        return make_error("cannot read " + what + " '" + shown + "': " + std::strerror(file.error));
    }
    return std::move(file.text);
}

Result<std::string> read_script_file(const std::string& path, const std::string& shown,
                                     bool& unreadable) {
    WholeFile file = read_whole(path);
    unreadable = !file.too_large && file.error != 0;
    if (file.too_large) return too_large(shown, "script");
    if (file.error != 0) {
        return make_error("Unable to read script file because of error: error opening " + shown +
                          ": " + std::strerror(file.error));
    }
    return std::move(file.text);
}

}  // namespace bramble::jobscript
