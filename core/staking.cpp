#include "staking.h"

namespace berth {

void Staking::stake(const Address& who, const Amount& amount)
{
    require(amount > 0, ErrorCode::InvalidArgument, "stake amount must be positive");
    Account& account = m_ctx.account(who);
    require(account.pond >= amount, ErrorCode::InsufficientFunds,
            "staking " + format_amount(amount, decimals(Denom::POND)) + " POND needs that much; the account has " +
                format_amount(account.pond, decimals(Denom::POND)));
    account.pond -= amount;
    account.stake += amount;
    m_ctx.emit(EventName::Staked, 0, who, {{"amount", to_string(amount)}, {"stake", to_string(account.stake)}});
}

void Staking::unstake(const Address& who, const Amount& amount)
{
    require(amount > 0, ErrorCode::InvalidArgument, "unstake amount must be positive");
    const Amount unlocked = m_ctx.state().unlocked_stake(who);
    require(unlocked >= amount, ErrorCode::InsufficientStake,
            "only " + format_amount(unlocked, decimals(Denom::POND)) + " POND of stake is unlocked; live jobs lock the rest");
    Account& account = m_ctx.account(who);
    account.stake -= amount;
    account.pond += amount;
    m_ctx.emit(EventName::Unstaked, 0, who, {{"amount", to_string(amount)}, {"stake", to_string(account.stake)}});
}

void Staking::lock_for_job(const Address& provider, JobId job)
{
    require(m_ctx.state().unlocked_stake(provider) >= m_ctx.params().stake_per_job, ErrorCode::InsufficientStake,
            "provider " + provider.str() + " has less than stake_per_job unlocked for " + job_label(job));
    m_ctx.provider(provider).active_jobs += 1;
}

void Staking::unlock_for_job(const Address& provider)
{
    m_ctx.provider(provider).active_jobs -= 1;
}

Amount Staking::slash(const Address& provider, JobId job, const std::string& reason)
{
    const Params& params = m_ctx.params();
    const Amount penalty = params.slash_amount();
    unlock_for_job(provider);
    m_ctx.account(provider).stake -= penalty;
    m_ctx.state().write_globals().treasury_pond += penalty;
    m_ctx.provider(provider).slashes += 1;
    m_ctx.emit(EventName::Slashed, job, provider, {{"provider", provider.str()}, {"amount", to_string(penalty)}, {"reason", reason}});
    return penalty;
}

} // namespace berth
