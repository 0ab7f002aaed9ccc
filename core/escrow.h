#pragma once

#include "blockcontext.h"

#include <optional>

namespace berth {

/**
 * The job-specific escrow: the user's deposit sits in the job, accrues to the provider at
 * `rate × elapsed whole seconds` of block time while billing runs, and is settled lazily,
 * only when the job is touched or reaches its precomputed exhaustion time. What is left
 * goes back to the user when the job ends; providers withdraw what they earned.
 *
 * Billing runs in price segments, each starting at billing start or a price change. A
 * settlement charges floor(rate × whole seconds since the segment start / 10^12) minus what
 * the segment already charged, so a segment rounds once and what a lease pays never depends
 * on how often it was settled.
 */
class Escrow
{
public:
    explicit Escrow(BlockContext& ctx) : m_ctx(ctx) {}

    /** The end of the last whole second the escrow still pays at the current rate; nullopt when not billing. */
    static std::optional<std::uint64_t> exhaustion_ms(const Job& job);
    /** What settlement at `now_ms` would move to the provider, without moving it. */
    static Amount accrued(const Job& job, std::uint64_t now_ms);

    void deposit(Job& job, const Address& from, const Amount& amount);
    /** Moves what has accrued up to the block time to the provider's earnings. */
    void settle(Job& job);
    void start_billing(Job& job);
    /** Settles at the old rate and starts a new price segment at `rate` where the settlement ended. */
    void reprice(Job& job, const Amount& rate);
    /** Settles, stops billing, and from then on nothing more accrues. */
    void stop_billing(Job& job);
    /** Returns the escrow left to the job's owner; returns the amount refunded. */
    Amount refund(Job& job);
    void withdraw_earnings(const Address& provider);

private:
    BlockContext& m_ctx;
};

} // namespace berth
