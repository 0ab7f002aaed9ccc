#pragma once

#include "blockcontext.h"

namespace berth {

/**
 * The staking contract: providers move POND into stake and back, each live job locks
 * `stake_per_job` of unlocked stake so a provider cannot promise the same stake twice, and a
 * slash takes `slash_fraction_bps` of that lock into the treasury. A lock is the job's count in
 * its provider's active jobs (State::locked_stake), so that locking changes no account.
 */
class Staking
{
public:
    explicit Staking(BlockContext& ctx) : m_ctx(ctx) {}

    void stake(const Address& who, const Amount& amount);
    void unstake(const Address& who, const Amount& amount);
    /** Counts the job among the provider's active jobs, once it has `stake_per_job` unlocked. */
    void lock_for_job(const Address& provider, JobId job);
    void unlock_for_job(const Address& provider);
    /** Takes the slash from the job's locked stake and releases the rest of the lock; returns the amount taken. */
    Amount slash(const Address& provider, JobId job, const std::string& reason);

private:
    BlockContext& m_ctx;
};

} // namespace berth
