// The edge between the C API and our C++: an Answer per call (a DRMAA error number and its
// diagnosis), written into the caller's buffers; no exception ever crosses into a C caller.
#pragma once

#include <cstddef>
#include <exception>
#include <new>
#include <string>
#include <utility>

#include "drmaa.h"

namespace bramble::drmaa {

struct Answer {
    int code = DRMAA_ERRNO_SUCCESS;
    std::string diagnosis;  // for people: what, where, why; empty on success
};

inline Answer success() {
    return {};
}
inline Answer failure(int code, std::string diagnosis) {
    return {code, std::move(diagnosis)};
}

// Copies `text` into a caller's buffer of `size` bytes, cut to fit and always terminated; a null
// buffer or size 0 is left alone.
void copy_out(const std::string& text, char* buffer, std::size_t size);

// Runs `body` (returning an Answer), writes its diagnosis (or the strerror text of its code) to
// the caller's buffer and returns the code; a thrown exception becomes NO_MEMORY or
// INTERNAL_ERROR.
template <class Body>
int guarded(char* diagnosis, std::size_t diagnosis_len, Body&& body) noexcept {
    Answer answer;
    try {
        answer = std::forward<Body>(body)();
    } catch (const std::bad_alloc&) {
        answer = failure(DRMAA_ERRNO_NO_MEMORY, "out of memory");
    } catch (const std::exception& e) {
        answer = failure(DRMAA_ERRNO_INTERNAL_ERROR, std::string("internal error: ") + e.what());
    } catch (...) {
        answer = failure(DRMAA_ERRNO_INTERNAL_ERROR, "internal error");
    }
    if (answer.code != DRMAA_ERRNO_SUCCESS) {
        copy_out(answer.diagnosis.empty() ? drmaa_strerror(answer.code) : answer.diagnosis,
                 diagnosis, diagnosis_len);
    }
    return answer.code;
}

}  // namespace bramble::drmaa
