// One file descriptor kept in reserve (on /dev/null) so that a process out of files can still
// accept one connection, tell the peer why it cannot stay, and close it: the classic way to turn a
// connection that would wait in the backlog into a prompt, explained refusal.
#pragma once

namespace bramble::net {

class SpareDescriptor {
  public:
    SpareDescriptor() { restore(); }
    ~SpareDescriptor() { release(); }
    SpareDescriptor(const SpareDescriptor&) = delete;
    SpareDescriptor& operator=(const SpareDescriptor&) = delete;

    // Gives the descriptor back to the process, so that one more file can be opened.
    void release();
    // Takes it again; does nothing when no descriptor is free (it will be retried next time).
    void restore();
    [[nodiscard]] bool held() const { return fd_ >= 0; }

  private:
    int fd_ = -1;
};

}  // namespace bramble::net
