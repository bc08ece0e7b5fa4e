// A value kept on the heap with the semantics of a value: a copy copies it, a move moves only the
// pointer. For the rare large alternative of a variant, so that the variant is as small as its
// common ones (a job event is 48 bytes, not the 1.3 KB of the job a submission carries). A
// moved-from box is empty and may only be assigned to or destroyed, as with any moved-from value.
#pragma once

#include <memory>
#include <utility>

namespace bramble {

template <class T>
class Boxed {
  public:
    // Implicit, so that an aggregate holding a box is built from the value: Submitted{job}.
    Boxed(T value) : value_(std::make_unique<T>(std::move(value))) {}  // NOLINT(*-explicit-*)
    Boxed(const Boxed& other) : value_(std::make_unique<T>(*other.value_)) {}
    Boxed(Boxed&&) noexcept = default;
    Boxed& operator=(const Boxed& other) {
        if (this != &other) value_ = std::make_unique<T>(*other.value_);
        return *this;
    }
    Boxed& operator=(Boxed&&) noexcept = default;
    ~Boxed() = default;

    [[nodiscard]] T& operator*() { return *value_; }
    [[nodiscard]] const T& operator*() const { return *value_; }
    [[nodiscard]] T* operator->() { return value_.get(); }
    [[nodiscard]] const T* operator->() const { return value_.get(); }

  private:
    std::unique_ptr<T> value_;
};

}  // namespace bramble
