// Job templates: allocate, delete, set and get attributes, and the lists of attribute names.
#include "drmaa.h"
#include "job_template.hpp"
#include "session.hpp"
#include "string_lists.hpp"

namespace {

using namespace bramble::drmaa;

Answer need_session() {
    return session_contact() ? success() : no_session();
}

Answer get_scalar(drmaa_job_template_t* jt, const char* name, char* value, size_t value_len) {
    if (auto s = need_session(); s.code != DRMAA_ERRNO_SUCCESS) return s;
    if (jt == nullptr || name == nullptr || value == nullptr)
        return failure(DRMAA_ERRNO_INVALID_ARGUMENT, "no template, name or value buffer");
    const auto it = jt->scalars.find(name);
    if (it == jt->scalars.end()) {
        return failure(DRMAA_ERRNO_INVALID_ARGUMENT,
                       std::string("attribute ") + name + " is not set in this template");
    }
    copy_out(it->second, value, value_len);
    return success();
}

Answer get_vector(drmaa_job_template_t* jt, const char* name, drmaa_attr_values_t** values) {
    if (auto s = need_session(); s.code != DRMAA_ERRNO_SUCCESS) return s;
    if (jt == nullptr || name == nullptr || values == nullptr)
        return failure(DRMAA_ERRNO_INVALID_ARGUMENT, "no template, name or list pointer");
    const auto it = jt->vectors.find(name);
    if (it == jt->vectors.end()) {
        return failure(DRMAA_ERRNO_INVALID_ARGUMENT,
                       std::string("attribute ") + name + " is not set in this template");
    }
    *values = make_list<drmaa_attr_values_t>(it->second);
    return success();
}

Answer names_list(drmaa_attr_names_t** values, const std::vector<std::string>& names) {
    if (auto s = need_session(); s.code != DRMAA_ERRNO_SUCCESS) return s;
    if (values == nullptr) return failure(DRMAA_ERRNO_INVALID_ARGUMENT, "no list pointer");
    *values = make_list<drmaa_attr_names_t>(names);
    return success();
}

}  // namespace

extern "C" {

int drmaa_allocate_job_template(drmaa_job_template_t** jt, char* error_diagnosis,
                                size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len, [&] {
        if (auto s = need_session(); s.code != DRMAA_ERRNO_SUCCESS) return s;
        if (jt == nullptr) return failure(DRMAA_ERRNO_INVALID_ARGUMENT, "no template pointer");
        *jt = new drmaa_job_template_s;
        return success();
    });
}

int drmaa_delete_job_template(drmaa_job_template_t* jt, char* error_diagnosis,
                              size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len, [&] {
        if (jt == nullptr) return failure(DRMAA_ERRNO_INVALID_ARGUMENT, "no template");
        delete jt;
        return success();
    });
}

int drmaa_set_attribute(drmaa_job_template_t* jt, const char* name, const char* value,
                        char* error_diagnosis, size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len, [&] {
        if (auto s = need_session(); s.code != DRMAA_ERRNO_SUCCESS) return s;
        if (jt == nullptr || name == nullptr || value == nullptr)
            return failure(DRMAA_ERRNO_INVALID_ARGUMENT, "no template, name or value");
        return set_scalar(*jt, name, value);
    });
}

int drmaa_get_attribute(drmaa_job_template_t* jt, const char* name, char* value, size_t value_len,
                        char* error_diagnosis, size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len,
                   [&] { return get_scalar(jt, name, value, value_len); });
}

int drmaa_set_vector_attribute(drmaa_job_template_t* jt, const char* name, const char* value[],
                               char* error_diagnosis, size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len, [&] {
        if (auto s = need_session(); s.code != DRMAA_ERRNO_SUCCESS) return s;
        if (jt == nullptr || name == nullptr || value == nullptr)
            return failure(DRMAA_ERRNO_INVALID_ARGUMENT, "no template, name or values");
        std::vector<std::string> values;
        for (const char** v = value; *v != nullptr; ++v)
            values.emplace_back(*v);
        return set_vector(*jt, name, std::move(values));
    });
}

int drmaa_get_vector_attribute(drmaa_job_template_t* jt, const char* name,
                               drmaa_attr_values_t** values, char* error_diagnosis,
                               size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len, [&] { return get_vector(jt, name, values); });
}

int drmaa_get_attribute_names(drmaa_attr_names_t** values, char* error_diagnosis,
                              size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len,
                   [&] { return names_list(values, scalar_attribute_names()); });
}

int drmaa_get_vector_attribute_names(drmaa_attr_names_t** values, char* error_diagnosis,
                                     size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len,
                   [&] { return names_list(values, vector_attribute_names()); });
}

}  // extern "C"
