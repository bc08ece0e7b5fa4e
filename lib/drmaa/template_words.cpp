#include "template_words.hpp"

#include "jobscript/ge_script.hpp"

namespace bramble::drmaa {
namespace {

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

const std::string* scalar(const drmaa_job_template_s& jt, const char* name) {
    const auto it = jt.scalars.find(name);
    return it == jt.scalars.end() || it->second.empty() ? nullptr : &it->second;
}

const std::vector<std::string>* vector(const drmaa_job_template_s& jt, const char* name) {
    const auto it = jt.vectors.find(name);
    return it == jt.vectors.end() ? nullptr : &it->second;
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items)
        text += (text.empty() ? "" : ",") + item;
    return text;
}

Answer working_directory(const drmaa_job_template_s& jt, const std::string& home,
                         std::string& workdir) {
    const std::string* wd = scalar(jt, DRMAA_WD);
    if (wd == nullptr) return success();
    workdir = *wd;
    if (workdir.find(DRMAA_PLACEHOLDER_INCR) != std::string::npos) {
        return failure(DRMAA_ERRNO_INVALID_ATTRIBUTE_VALUE,
                       std::string(DRMAA_WD) + ": " + DRMAA_PLACEHOLDER_INCR +
                           " cannot be used there: all tasks of a bulk job share one working "
                           "directory");
    }
    replace_all(workdir, DRMAA_PLACEHOLDER_HD, home);
    return success();
}

void add_attribute_options(const drmaa_job_template_s& jt, const std::string& workdir,
                           std::vector<std::string>& args) {
    if (const auto* name = scalar(jt, DRMAA_JOB_NAME)) args.insert(args.end(), {"-N", *name});
    if (!workdir.empty()) args.insert(args.end(), {"-wd", workdir});
    if (const auto* path = scalar(jt, DRMAA_OUTPUT_PATH))
        args.insert(args.end(), {"-o", output_path_words(*path, workdir)});
    if (const auto* path = scalar(jt, DRMAA_ERROR_PATH))
        args.insert(args.end(), {"-e", output_path_words(*path, workdir)});
    if (const auto* join = scalar(jt, DRMAA_JOIN_FILES)) args.insert(args.end(), {"-j", *join});
    if (const auto* state = scalar(jt, DRMAA_JS_STATE); state && *state == "drmaa_hold")
        args.emplace_back("-h");
    if (const auto* limit = scalar(jt, DRMAA_WCT_HLIMIT))
        args.insert(args.end(), {"-l", "h_rt=" + *limit});
    if (const auto* block = scalar(jt, DRMAA_BLOCK_EMAIL); block && *block == "1")
        args.insert(args.end(), {"-m", "n"});
    if (const auto* emails = vector(jt, DRMAA_V_EMAIL); emails && !emails->empty())
        args.insert(args.end(), {"-M", joined(*emails)});
}

}  // namespace

std::string output_path_words(const std::string& drmaa_path, const std::string& workdir) {
    std::string path = drmaa_path;
    // "[host]:path": the host is where the file is, and every node shares the file system.
    if (const auto colon = path.find(':'); colon != std::string::npos && path.find('/') > colon) {
        path.erase(0, colon + 1);
    }
    replace_all(path, DRMAA_PLACEHOLDER_INCR, "$TASK_ID");
    replace_all(path, DRMAA_PLACEHOLDER_HD, "$HOME");
    // A relative output path is read against the job's working directory, so "." stands for it.
    replace_all(path, DRMAA_PLACEHOLDER_WD, workdir.empty() ? "." : workdir);
    return path;
}

Answer template_words(const drmaa_job_template_s& jt, const std::optional<BulkRange>& bulk,
                      const std::string& home, SubmitWords& out) {
    const std::string* command = scalar(jt, DRMAA_REMOTE_COMMAND);
    if (command == nullptr) {
        return failure(DRMAA_ERRNO_CONFLICTING_ATTRIBUTE_VALUES,
                       std::string("the job template has no ") + DRMAA_REMOTE_COMMAND +
                           ": say which program the job runs");
    }
    std::string workdir;
    if (auto wd = working_directory(jt, home, workdir); wd.code != DRMAA_ERRNO_SUCCESS) return wd;
    out.args = {"-b", "y"};
    if (const auto* native = scalar(jt, DRMAA_NATIVE_SPECIFICATION)) {
        for (auto& word : jobscript::split_option_words(*native))
            out.args.push_back(std::move(word));
    }
    add_attribute_options(jt, workdir, out.args);
    if (bulk) {
        out.args.insert(out.args.end(),
                        {"-t", std::to_string(bulk->first) + "-" + std::to_string(bulk->last) +
                                   ":" + std::to_string(bulk->step)});
    }
    out.args.push_back(*command);
    if (const auto* argv = vector(jt, DRMAA_V_ARGV))
        out.args.insert(out.args.end(), argv->begin(), argv->end());
    out.env.clear();
    if (const auto* env = vector(jt, DRMAA_V_ENV)) {
        for (const auto& entry : *env) {
            const auto eq = entry.find('=');
            out.env.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
        }
    }
    return success();
}

}  // namespace bramble::drmaa
