#include "pass_driver.hpp"

#include <boost/asio/post.hpp>

namespace bramble::scheduler {

void PassDriver::due_soon() {
    due_ = true;
    if (posted_ || resting_) return;
    posted_ = true;
    boost::asio::post(io_, [this] {
        posted_ = false;
        run();
    });
}

void PassDriver::after_commit(bool committed) {
    passed_this_turn_ = false;
    if (!committed) resting_ = true;
    if (due_) due_soon();
}

void PassDriver::tick() {
    if (!resting_) return;
    resting_ = false;
    if (due_) due_soon();
}

void PassDriver::run() {
    if (!due_ || resting_ || passed_this_turn_) return;
    passed_this_turn_ = true;
    due_ = false;
    pass_();
}

}  // namespace bramble::scheduler
