#include "wire/frame.hpp"

#include "wire/prefault.hpp"

namespace bramble::wire {

std::string frame(std::string_view body) {
    const auto size = static_cast<std::uint32_t>(body.size());
    std::string out;
    out.reserve(kFrameHeaderBytes + body.size());
    out.push_back(static_cast<char>((size >> 24) & 0xff));
    out.push_back(static_cast<char>((size >> 16) & 0xff));
    out.push_back(static_cast<char>((size >> 8) & 0xff));
    out.push_back(static_cast<char>(size & 0xff));
    out.append(body);
    return out;
}

Result<std::optional<std::string>> FrameDecoder::next() {
    const std::size_t available = buffer_.size() - consumed_;
    if (available < kFrameHeaderBytes) return std::optional<std::string>{};
    const auto* header = reinterpret_cast<const unsigned char*>(buffer_.data() + consumed_);
    const std::size_t size = (std::size_t{header[0]} << 24) | (std::size_t{header[1]} << 16) |
                             (std::size_t{header[2]} << 8) | std::size_t{header[3]};
    if (size > max_body_) {
        return make_error("frame of " + std::to_string(size) + " bytes is over the limit of " +
                          std::to_string(max_body_));
    }
    if (available < kFrameHeaderBytes + size) {
        if (reserve_ == Reserve::as_bytes_arrive) return std::optional<std::string>{};
        // Room for the whole frame at once, so a large reply is not copied at every doubling.
        const std::size_t filled = buffer_.size();
        if (buffer_.capacity() < consumed_ + kFrameHeaderBytes + size) {
            buffer_.reserve(consumed_ + kFrameHeaderBytes + size);
            prefault(buffer_.data() + filled, buffer_.capacity() - filled);
        }
        return std::optional<std::string>{};
    }
    if (consumed_ == 0 && available == kFrameHeaderBytes + size) {
        // The buffer holds exactly this frame (a client's one reply): hand it over, not a copy.
        buffer_.erase(0, kFrameHeaderBytes);
        std::string body = std::move(buffer_);
        buffer_ = std::string();
        return std::optional<std::string>{std::move(body)};
    }
    std::string body = buffer_.substr(consumed_ + kFrameHeaderBytes, size);
    consumed_ += kFrameHeaderBytes + size;
    // Drop consumed bytes once they dominate the buffer, so a long-lived link does not grow
    // forever.
    if (consumed_ > 4096 && consumed_ * 2 > buffer_.size()) {
        buffer_.erase(0, consumed_);
        consumed_ = 0;
    }
    return std::optional<std::string>{std::move(body)};
}

}  // namespace bramble::wire
