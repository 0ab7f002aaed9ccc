#include "escrow.h"

#include <algorithm>

namespace berth {

std::optional<std::uint64_t> Escrow::exhaustion_ms(const Job& job)
{
    if (!job.billing || job.price_per_s == 0) return std::nullopt;
    const Amount seconds = job.escrow / job.price_per_s;
    const Amount limit = Amount(UINT64_MAX - job.settled_until_ms) / 1000;
    if (seconds > limit) return UINT64_MAX;
    return job.settled_until_ms + static_cast<std::uint64_t>(seconds) * 1000;
}

static std::uint64_t billable_seconds(const Job& job, std::uint64_t now_ms)
{
    if (!job.billing || now_ms <= job.settled_until_ms) return 0;
    std::uint64_t until = std::min(now_ms, *Escrow::exhaustion_ms(job));
    // A provider's exit ends the lease at exit_at_ms, even when the first block after it comes later.
    if (job.state == JobState::ExitCooldown) until = std::min(until, job.exit_at_ms);
    return until > job.settled_until_ms ? (until - job.settled_until_ms) / 1000 : 0;
}

Amount Escrow::accrued(const Job& job, std::uint64_t now_ms)
{
    return job.price_per_s * billable_seconds(job, now_ms);
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
    const std::uint64_t seconds = billable_seconds(job, m_ctx.now_ms());
    if (seconds == 0) return;
    const Amount charge = job.price_per_s * seconds;
    job.escrow -= charge;
    job.spent += charge;
    job.settled_until_ms += seconds * 1000;
    m_ctx.account(job.provider).earnings += charge;
}

void Escrow::start_billing(Job& job)
{
    job.billing = true;
    job.settled_until_ms = m_ctx.now_ms();
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
