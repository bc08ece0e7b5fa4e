// When the scheduling pass runs. A pass over a long queue is not free, so it runs at most once per
// event-loop turn: just before the turn commits when the turn recorded something that may change
// a decision (so that a job's end and the dispatch it makes room for share one commit), or, when
// no turn is open, once the handlers already queued have run. After a failed commit it waits for
// the tick: a full disk must not spin the loop. What a pass does is the scheduler's (dispatch.cpp).
#pragma once

#include <functional>

#include <boost/asio/io_context.hpp>

namespace bramble::scheduler {

class PassDriver {
  public:
    PassDriver(boost::asio::io_context& io, std::function<void()> pass)
        : io_(io), pass_(std::move(pass)) {}

    // Something recorded in the open turn may change a decision: the pass runs before its commit.
    void due_in_turn() { due_ = true; }
    // Something changed outside any turn (a node came, went or rested): a pass soon.
    void due_soon();
    // The turn is about to commit.
    void before_commit() { run(); }
    // The turn has committed, or failed to. A pass still due (something changed after this turn's
    // pass) runs in the next turn, unless the commit failed.
    void after_commit(bool committed);
    // The tick ends a failed commit's pause.
    void tick();

  private:
    void run();

    boost::asio::io_context& io_;
    std::function<void()> pass_;
    bool due_ = false;
    bool posted_ = false;
    // The pass plans on the jobs as the turn leaves them; a second pass in one turn would not see
    // the first one's placements, which only the turn's copies hold.
    bool passed_this_turn_ = false;
    bool resting_ = false;
};

}  // namespace bramble::scheduler
