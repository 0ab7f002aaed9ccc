#pragma once

#include "blockcontext.h"
#include "transaction.h"

namespace berth {

/**
 * The provider registry: registration (which needs `stake_per_job` already staked), offers
 * of instance types with a price per second and a capacity, and the reservation of one unit
 * of an offer's capacity per matched job.
 */
class Registry
{
public:
    explicit Registry(BlockContext& ctx) : m_ctx(ctx) {}

    void register_provider(const Address& who, const tx::RegisterProvider& request);
    void update_provider(const Address& who, const tx::UpdateProvider& request);
    void set_offer(const Address& who, const tx::SetOffer& request);
    /** Takes `units` of the provider's free capacity of `instance_type` (one per replica of `job`). */
    void reserve(const Address& provider, const std::string& instance_type, std::uint32_t units, JobId job);
    void release(const Address& provider, const std::string& instance_type, std::uint32_t units);
    /** Registers a provider from genesis, skipping the checks a transaction gets. */
    static void add_genesis_provider(State& state, const Address& who, Provider provider);

private:
    BlockContext& m_ctx;
};

} // namespace berth
