#pragma once

#include "job.h"
#include "params.h"

#include <cstdint>
#include <optional>

namespace berth {

/**
 * The next moment at which the ledger acts on a job by itself: a block height (a bid window's
 * close) or a chain time (a bootstrap timeout, escrow exhaustion, an exit or a close). It is a
 * function of the job and the genesis parameters alone, so the store can keep it beside the
 * job and a node that opens a large market files every job without decoding it.
 */
struct JobDeadline {
    bool by_height = false;
    std::uint64_t at = 0;
    bool operator==(const JobDeadline&) const = default;

    /** The deadline of `job` in its current state; none once it is closed. */
    static std::optional<JobDeadline> of(const Job& job, const Params& params);
};

/** How a block moved one job between deadlines: none as `from` when it was not filed before, none as `to` when it leaves. */
struct DeadlineMove {
    JobId job = 0;
    std::optional<JobDeadline> from;
    std::optional<JobDeadline> to;
};

} // namespace berth
