// The stored form of a job event: its kind beside a JSON document of its fields. A submission's
// document is empty, since the job's own row holds it as it was submitted.
#pragma once

#include <string>

#include "model/job_events.hpp"
#include "model/result.hpp"

namespace bramble::store {

std::string event_document(const events::Event& event);

// The event a stored (id, kind, document) holds; the id comes from its column.
Result<events::Event> event_from_document(JobId id, const std::string& kind,
                                          const std::string& document);

}  // namespace bramble::store
