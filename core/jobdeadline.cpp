#include "jobdeadline.h"

#include "escrow.h"

#include <algorithm>

namespace berth {

std::optional<JobDeadline> JobDeadline::of(const Job& job, const Params& params)
{
    switch (job.state) {
    case JobState::ProviderLookup: return JobDeadline{true, job.window_end_height};
    case JobState::CreateLease:
    case JobState::LeaseReady: return JobDeadline{false, job.matched_at_ms + params.job_bootstrapping_s * 1000};
    case JobState::DeploymentConfirmed:
    case JobState::UpdateLease: return JobDeadline{false, *Escrow::exhaustion_ms(job)};
    case JobState::ExitCooldown: {
        const auto exhausted = Escrow::exhaustion_ms(job);
        return JobDeadline{false, exhausted ? std::min(*exhausted, job.exit_at_ms) : job.exit_at_ms};
    }
    case JobState::CloseLease: return JobDeadline{false, job.closing_at_ms + params.close_ack_timeout_s * 1000};
    case JobState::LeaseClosed:
    case JobState::OrderClosed: return std::nullopt;
    }
    return std::nullopt;
}

} // namespace berth
