// qconf -s* and qquota: the config in force, after anything the open turn changed (a reload waits
// for the commit too, so the answer never precedes a reload that was asked for first).
#include "answer_words.hpp"
#include "config_reply.hpp"
#include "scheduler.hpp"

namespace bramble::scheduler {

void Scheduler::show_config(const Caller&, const Reply& reply) {
    after_commit([this, reply](bool) { reply(config_reply(config_, this_host())); });
}

}  // namespace bramble::scheduler
