// The active jobs as the open turn leaves them, those it submitted included, with their requests:
// what a pass plans on and what the live ledger holds. The committed jobs plus the turn's copies;
// it owns nothing.
#pragma once

#include "job_book.hpp"
#include "turn.hpp"

namespace bramble::scheduler {

class CurrentJobs {
  public:
    CurrentJobs(const JobBook& committed, const Turn& turn) : committed_(committed), turn_(turn) {}

    template <class Visit>
    void each(const Visit& visit) const {
        for (const auto& entry : committed_.active()) {
            if (const Job* job = turn_.job(entry.first)) visit(*job);
        }
        turn_.each_submitted(visit);
    }
    // The job's request as this turn leaves it (a qalter in it resolves a new one).
    [[nodiscard]] const policy::PendingJob* request(JobId id) const {
        if (const auto* resolved = turn_.request(id)) return resolved;
        return committed_.request(id);
    }

  private:
    const JobBook& committed_;
    const Turn& turn_;
};

}  // namespace bramble::scheduler
