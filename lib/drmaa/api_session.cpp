// The session and what the library says of itself: drmaa_init, drmaa_exit, drmaa_get_contact,
// drmaa_version, drmaa_get_DRM_system, drmaa_get_DRMAA_implementation, drmaa_strerror.
#include "drmaa.h"
#include "session.hpp"

namespace {

using namespace bramble::drmaa;

constexpr const char* kDrmSystem = "bramble " BRAMBLE_VERSION;
constexpr const char* kImplementation = "bramble libdrmaa " BRAMBLE_VERSION " (DRMAA 1.0)";

// Each error number's meaning, in drmaa.h's order.
constexpr const char* kErrorTexts[] = {
    "success",
    "unexpected or internal DRMAA error",
    "could not contact the DRM system for this request",
    "the specified request was not processed because of an authorization failure",
    "the input value for an argument is invalid",
    "the DRMAA session has not been opened (drmaa_init)",
    "failed to allocate the memory the call needs",
    "the contact string is invalid",
    "the default contact string cannot be used to connect to the DRM system",
    "no default contact string was provided or selected",
    "the DRM system could not be initialised",
    "a DRMAA session is already open in this process",
    "the DRM system could not be left",
    "the format of the job template attribute value is invalid",
    "the value of the job template attribute is invalid",
    "the values of the job template attributes conflict",
    "the DRM system cannot accept the request now; try again later",
    "the DRM system rejected the job",
    "the job does not exist",
    "the job is not suspended, so it cannot be resumed",
    "the job is not running, so it cannot be suspended",
    "the job cannot be put on hold in its present state",
    "the job is not on hold, so it cannot be released",
    "no job ended within the timeout",
    "the job finished but no resource usage is known for it",
    "no more elements",
};

}  // namespace

extern "C" {

int drmaa_init(const char* contact, char* error_diagnosis, size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len, [&] { return open_session(contact); });
}

int drmaa_exit(char* error_diagnosis, size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len, [] { return close_session(); });
}

// Before drmaa_init, the contact drmaa_init(NULL) would use; in a session, the session's.
int drmaa_get_contact(char* contact, size_t contact_len, char* error_diagnosis,
                      size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len, [&] {
        copy_out(session_contact().value_or(default_contact()), contact, contact_len);
        return success();
    });
}

int drmaa_version(unsigned int* major, unsigned int* minor, char* error_diagnosis,
                  size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len, [&] {
        if (major == nullptr || minor == nullptr)
            return failure(DRMAA_ERRNO_INVALID_ARGUMENT, "no place for the version");
        *major = 1;
        *minor = 0;
        return success();
    });
}

int drmaa_get_DRM_system(char* drm_system, size_t drm_system_len, char* error_diagnosis,
                         size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len, [&] {
        copy_out(kDrmSystem, drm_system, drm_system_len);
        return success();
    });
}

int drmaa_get_DRMAA_implementation(char* drmaa_impl, size_t drmaa_impl_len, char* error_diagnosis,
                                   size_t error_diag_len) {
    return guarded(error_diagnosis, error_diag_len, [&] {
        copy_out(kImplementation, drmaa_impl, drmaa_impl_len);
        return success();
    });
}

const char* drmaa_strerror(int drmaa_errno) {
    constexpr int count = static_cast<int>(sizeof kErrorTexts / sizeof kErrorTexts[0]);
    if (drmaa_errno < 0 || drmaa_errno >= count) return "unknown DRMAA error number";
    return kErrorTexts[drmaa_errno];
}

}  // extern "C"
