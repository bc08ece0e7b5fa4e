#include "answer_words.hpp"

#include <unistd.h>

#include <array>

namespace bramble::scheduler {

std::string caller_name(const Caller& caller) {
    return caller.user.empty() ? std::to_string(caller.uid) : caller.user;
}

const std::string& this_host() {
    static const std::string name = [] {
        std::array<char, 256> buffer{};
        if (::gethostname(buffer.data(), buffer.size() - 1) != 0) return std::string("localhost");
        return std::string(buffer.data());
    }();
    return name;
}

}  // namespace bramble::scheduler
