// The list iterators: drmaa_get_next_*, drmaa_get_num_*, drmaa_release_*.
#include "c_boundary.hpp"
#include "drmaa.h"
#include "string_lists.hpp"

namespace {

using namespace bramble::drmaa;

int next_of(drmaa_string_list* list, char* value, std::size_t value_len) {
    if (list == nullptr) return DRMAA_ERRNO_INVALID_ARGUMENT;
    if (list->next >= list->items.size()) return DRMAA_ERRNO_NO_MORE_ELEMENTS;
    copy_out(list->items[list->next++], value, value_len);
    return DRMAA_ERRNO_SUCCESS;
}

int size_of(drmaa_string_list* list, std::size_t* size) {
    if (list == nullptr || size == nullptr) return DRMAA_ERRNO_INVALID_ARGUMENT;
    *size = list->items.size();
    return DRMAA_ERRNO_SUCCESS;
}

}  // namespace

extern "C" {

int drmaa_get_next_attr_name(drmaa_attr_names_t* values, char* value, size_t value_len) {
    return next_of(values, value, value_len);
}

int drmaa_get_next_attr_value(drmaa_attr_values_t* values, char* value, size_t value_len) {
    return next_of(values, value, value_len);
}

int drmaa_get_next_job_id(drmaa_job_ids_t* values, char* value, size_t value_len) {
    return next_of(values, value, value_len);
}

int drmaa_get_num_attr_names(drmaa_attr_names_t* values, size_t* size) {
    return size_of(values, size);
}

int drmaa_get_num_attr_values(drmaa_attr_values_t* values, size_t* size) {
    return size_of(values, size);
}

int drmaa_get_num_job_ids(drmaa_job_ids_t* values, size_t* size) {
    return size_of(values, size);
}

void drmaa_release_attr_names(drmaa_attr_names_t* values) {
    delete values;
}

void drmaa_release_attr_values(drmaa_attr_values_t* values) {
    delete values;
}

void drmaa_release_job_ids(drmaa_job_ids_t* values) {
    delete values;
}

}  // extern "C"
