// The opaque lists the C API hands out (attribute names, attribute values, job ids): strings
// read once, front to back, by the drmaa_get_next_* iterators, and freed by drmaa_release_*.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

struct drmaa_string_list {
    std::vector<std::string> items;
    std::size_t next = 0;
};

struct drmaa_attr_names_s : drmaa_string_list {};
struct drmaa_attr_values_s : drmaa_string_list {};
struct drmaa_job_ids_s : drmaa_string_list {};

namespace bramble::drmaa {

template <class List>
List* make_list(std::vector<std::string> items) {
    auto* list = new List;
    list->items = std::move(items);
    return list;
}

}  // namespace bramble::drmaa
