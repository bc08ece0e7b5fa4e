// A DRMAA job template: the attributes a program set, checked as they are set. Which attributes
// bramble honours, and why it refuses the others, is decided here once; drmaa_get_attribute_names
// lists exactly the honoured ones.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "c_boundary.hpp"

struct drmaa_job_template_s {
    std::map<std::string, std::string> scalars;
    std::map<std::string, std::vector<std::string>> vectors;
};

namespace bramble::drmaa {

// The scalar and vector attributes a template may hold, in the order DRMAA lists them.
const std::vector<std::string>& scalar_attribute_names();
const std::vector<std::string>& vector_attribute_names();

// Sets one attribute, or says why not: an unknown name, an attribute bramble refuses (with the
// reason), or a value outside the attribute's domain (js_state, join_files, block_email).
Answer set_scalar(drmaa_job_template_s& jt, const std::string& name, const std::string& value);
Answer set_vector(drmaa_job_template_s& jt, const std::string& name,
                  std::vector<std::string> values);

}  // namespace bramble::drmaa
