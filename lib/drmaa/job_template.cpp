#include "job_template.hpp"

#include <algorithm>
#include <utility>

namespace bramble::drmaa {
namespace {

bool listed(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// The standard attributes bramble does not honour, and what a user should know about each.
std::string refusal(const std::string& name) {
    if (name == DRMAA_INPUT_PATH)
        return "bramble does not feed a job's standard input from a file (qsub -i)";
    if (name == DRMAA_TRANSFER_FILES)
        return "bramble stages no files: nodes share the file system the job's paths name";
    if (name == DRMAA_START_TIME) return "bramble does not defer a job's start (qsub -a)";
    if (name == DRMAA_DEADLINE_TIME) return "bramble has no job deadlines";
    if (name == DRMAA_WCT_SLIMIT || name == DRMAA_DURATION_SLIMIT || name == DRMAA_DURATION_HLIMIT)
        return "bramble enforces only the hard wall-clock limit (drmaa_wct_hlimit, -l h_rt)";
    if (name == DRMAA_JOB_CATEGORY)
        return "bramble has no job categories; use drmaa_native_specification";
    return "";
}

Answer unknown(const std::string& name) {
    const std::string why = refusal(name);
    if (!why.empty()) return failure(DRMAA_ERRNO_INVALID_ARGUMENT, name + ": " + why);
    return failure(DRMAA_ERRNO_INVALID_ARGUMENT,
                   "unknown job template attribute '" + name +
                       "' (drmaa_get_attribute_names lists the ones bramble honours)");
}

// The attributes with a closed set of values, and those values.
Answer check_value(const std::string& name, const std::string& value) {
    auto one_of = [&](std::initializer_list<const char*> allowed, const std::string& shown) {
        for (const char* a : allowed)
            if (value == a) return success();
        return failure(DRMAA_ERRNO_INVALID_ATTRIBUTE_VALUE,
                       name + ": must be " + shown + ", got '" + value + "'");
    };
    if (name == DRMAA_JS_STATE) {
        return one_of({DRMAA_SUBMISSION_STATE_ACTIVE, DRMAA_SUBMISSION_STATE_HOLD},
                      "drmaa_active or drmaa_hold");
    }
    if (name == DRMAA_JOIN_FILES) return one_of({"y", "n"}, "y or n");
    if (name == DRMAA_BLOCK_EMAIL) return one_of({"0", "1"}, "0 or 1");
    return success();
}

}  // namespace

const std::vector<std::string>& scalar_attribute_names() {
    static const std::vector<std::string> names = {
        DRMAA_REMOTE_COMMAND, DRMAA_JS_STATE,  DRMAA_WD,          DRMAA_NATIVE_SPECIFICATION,
        DRMAA_BLOCK_EMAIL,    DRMAA_JOB_NAME,  DRMAA_OUTPUT_PATH, DRMAA_ERROR_PATH,
        DRMAA_JOIN_FILES,     DRMAA_WCT_HLIMIT};
    return names;
}

const std::vector<std::string>& vector_attribute_names() {
    static const std::vector<std::string> names = {DRMAA_V_ARGV, DRMAA_V_ENV, DRMAA_V_EMAIL};
    return names;
}

Answer set_scalar(drmaa_job_template_s& jt, const std::string& name, const std::string& value) {
    if (!listed(scalar_attribute_names(), name)) return unknown(name);
    if (auto checked = check_value(name, value); checked.code != DRMAA_ERRNO_SUCCESS)
        return checked;
    jt.scalars[name] = value;
    return success();
}

Answer set_vector(drmaa_job_template_s& jt, const std::string& name,
                  std::vector<std::string> values) {
    if (!listed(vector_attribute_names(), name)) return unknown(name);
    if (name == DRMAA_V_ENV) {
        for (const auto& entry : values) {
            if (entry.find('=') == std::string::npos || entry.front() == '=') {
                return failure(
                    DRMAA_ERRNO_INVALID_ATTRIBUTE_FORMAT,
                    std::string(DRMAA_V_ENV) + ": entries are NAME=value, got '" + entry + "'");
            }
        }
    }
    jt.vectors[name] = std::move(values);
    return success();
}

}  // namespace bramble::drmaa
