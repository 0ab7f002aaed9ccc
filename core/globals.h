#pragma once

#include "address.h"
#include "amount.h"
#include "job.h"
#include "params.h"

#include <set>

namespace berth {

/**
 * Chain-wide state that is not per account, provider or job: the genesis parameters, the
 * auditor set, id and sequence counters, and the POND taken by slashing (kept in the
 * treasury so that supply is conserved).
 */
struct Globals {
    Params params;
    std::set<Address> auditors;
    JobId next_job_id = 1;
    std::uint64_t next_bid_seq = 1;
    Amount treasury_pond = 0;
    /** Sums fixed at genesis; the supply invariant compares against them. */
    Amount supply_usdc = 0;
    Amount supply_pond = 0;
    /** The last applied block; the ledger refuses a block that does not follow it. */
    std::uint64_t last_height = 0;
    std::uint64_t last_time_ms = 0;

    void encode(class Encoder& out) const;
    static Globals decode(class Decoder& in);
    bool operator==(const Globals&) const = default;
};

} // namespace berth
