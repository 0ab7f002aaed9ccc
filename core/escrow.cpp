#include "escrow.h"

#include "price.h"

#include <algorithm>

namespace berth {

std::optional<std::uint64_t> Escrow::exhaustion_ms(const Job& job)
{
    if (!job.billing || job.price_per_s == 0) return std::nullopt;
    // The segment may charge up to what it charged already plus what is left in escrow.
    const std::uint64_t seconds = price::seconds_covered(job.price_per_s, job.segment_charged + job.escrow);
    if (seconds > (UINT64_MAX - job.segment_start_ms) / 1000) return UINT64_MAX;
    return job.segment_start_ms + seconds * 1000;
}

/** The whole seconds of the current segment billable at `now_ms`. */
static std::uint64_t segment_seconds(const Job& job, std::uint64_t now_ms)
{
    if (!job.billing || now_ms <= job.settled_until_ms) return (job.settled_until_ms - job.segment_start_ms) / 1000;
    const auto exhausted = Escrow::exhaustion_ms(job);
    std::uint64_t until = exhausted ? std::min(now_ms, *exhausted) : now_ms;
    // A provider's exit ends the lease at exit_at_ms, even when the first block after it comes later.
    if (job.state == JobState::ExitCooldown) until = std::min(until, job.exit_at_ms);
    until = std::max(until, job.settled_until_ms);
    return (until - job.segment_start_ms) / 1000;
}

Amount Escrow::accrued(const Job& job, std::uint64_t now_ms)
{
    if (!job.billing) return 0;
    return price::charge(job.price_per_s, segment_seconds(job, now_ms)) - job.segment_charged;
}

void Escrow::deposit(Job& job, const Address& from, const Amount& amount)
{
    require(amount > 0, ErrorCode::InvalidArgument, "deposit must be positive");
    Account& account = m_ctx.account(from);
    require(account.usdc >= amount, ErrorCode::InsufficientFunds,
            "deposit of " + format_amount(amount, decimals(Denom::USDC)) + " USDC exceeds the balance of " +
                format_amount(account.usdc, decimals(Denom::USDC)));
    settle(job);
    account.usdc -= amount;
    job.escrow += amount;
}

void Escrow::settle(Job& job)
{
    if (!job.billing) return;
    const std::uint64_t seconds = segment_seconds(job, m_ctx.now_ms());
    const Amount owed = price::charge(job.price_per_s, seconds);
    const Amount charge = owed - job.segment_charged;
    job.settled_until_ms = job.segment_start_ms + seconds * 1000;
    if (charge == 0) return;
    job.escrow -= charge;
    job.spent += charge;
    job.segment_charged = owed;
    m_ctx.account(job.provider).earnings += charge;
}

void Escrow::start_billing(Job& job)
{
    job.billing = true;
    job.settled_until_ms = m_ctx.now_ms();
    job.segment_start_ms = job.settled_until_ms;
    job.segment_charged = 0;
}

void Escrow::reprice(Job& job, const Amount& rate)
{
    settle(job);
    job.price_per_s = rate;
    // The part second after the settlement point belongs to the new segment, at the new rate.
    job.segment_start_ms = job.settled_until_ms;
    job.segment_charged = 0;
}

void Escrow::stop_billing(Job& job)
{
    settle(job);
    job.billing = false;
}

Amount Escrow::refund(Job& job)
{
    const Amount amount = job.escrow;
    if (amount > 0) {
        m_ctx.account(job.owner).usdc += amount;
        job.escrow = 0;
    }
    return amount;
}

void Escrow::withdraw_earnings(const Address& provider)
{
    Account& account = m_ctx.account(provider);
    require(account.earnings > 0, ErrorCode::InsufficientFunds, "there are no earnings to withdraw");
    const Amount amount = account.earnings;
    account.usdc += amount;
    account.earnings = 0;
    m_ctx.emit(EventName::EarningsWithdrawn, 0, provider, {{"amount", to_string(amount)}});
}

} // namespace berth
