#include "c_boundary.hpp"

#include <algorithm>
#include <cstring>

namespace bramble::drmaa {

void copy_out(const std::string& text, char* buffer, std::size_t size) {
    if (buffer == nullptr || size == 0) return;
    const std::size_t n = std::min(text.size(), size - 1);
    std::memcpy(buffer, text.data(), n);
    buffer[n] = '\0';
}

}  // namespace bramble::drmaa
