#include "market.h"

#include "escrow.h"
#include "fieldlimits.h"
#include "matchingengine.h"
#include "price.h"
#include "registry.h"
#include "staking.h"

#include <limits>

namespace berth {

JobId Market::create_order(const Address& owner, const tx::CreateOrder& order)
{
    const Params& params = m_ctx.params();
    const std::string type_problem = params.instance_type_problem(order.instance_type);
    require(type_problem.empty(), ErrorCode::InvalidArgument, type_problem);
    require(order.replicas >= 1 && order.replicas <= limits::lease_replicas, ErrorCode::InvalidArgument,
            "replicas must be between 1 and " + std::to_string(limits::lease_replicas));
    require(order.max_price_per_s > 0, ErrorCode::InvalidArgument, "max price per second must be positive");
    require(!order.manifest_hash.is_zero(), ErrorCode::InvalidArgument, "the manifest's SHA-256 is missing");
    Amount minimum;
    try {
        minimum = price::cover(order.max_price_per_s, params.min_escrow_seconds);
    } catch (const std::overflow_error&) {
        throw TxError(ErrorCode::Overflow, "max price per second " + price::format_per_s(order.max_price_per_s) + " × min_escrow_seconds " +
                                               std::to_string(params.min_escrow_seconds) + " overflows a 256-bit amount");
    }
    require(order.deposit >= minimum, ErrorCode::InvalidArgument,
            "escrow deposit " + format_amount(order.deposit, decimals(Denom::USDC)) + " USDC is below the minimum of " +
                format_amount(minimum, decimals(Denom::USDC)) + " USDC (min_escrow_seconds × max price, rounded up)");

    Globals& globals = m_ctx.state().write_globals();
    const JobId id = globals.next_job_id++;
    Job& job = m_ctx.state().jobs.write(id);
    job.id = id;
    job.owner = owner;
    job.instance_type = order.instance_type;
    job.replicas = order.replicas;
    job.max_price_per_s = order.max_price_per_s;
    job.manifest_hash = order.manifest_hash;
    job.image_url = order.image_url;
    job.created_at_ms = m_ctx.now_ms();
    Escrow(m_ctx).deposit(job, owner, order.deposit);
    open_lookup(job, CloseReason::NoProvider);
    return id;
}

void Market::open_lookup(Job& job, CloseReason cause)
{
    job.state = JobState::ProviderLookup;
    job.lookup_cause = cause;
    job.lookup_windows = 0;
    job.bids.clear();
    job.window_end_height = m_ctx.height() + m_ctx.params().bid_window_blocks;
    m_ctx.emit(EventName::ProviderLookup, job.id, job.owner,
               {{"instance_type", job.instance_type},
                {"replicas", std::to_string(job.replicas)},
                {"max_price_per_s", price::format_per_s(job.max_price_per_s)},
                {"window_end_height", std::to_string(job.window_end_height)}});
}

void Market::create_bid(const Address& who, const tx::CreateBid& request)
{
    Job& job = m_ctx.job(request.job);
    require(job.state == JobState::ProviderLookup && m_ctx.height() <= job.window_end_height, ErrorCode::BidWindowClosed,
            "the bid window of " + job_label(job.id) + " is closed (state " + std::string(job_state_name(job.state)) + ")");
    require(request.price_per_s > 0, ErrorCode::InvalidArgument, "bid price must be positive");
    if (auto why = MatchingEngine(m_ctx.state()).ineligibility(job, who, request.price_per_s)) throw *why;
    for (const Bid& existing : job.bids)
        require(existing.provider != who, ErrorCode::AlreadyExists, who.str() + " already bid in this window of " + job_label(job.id));

    const Bid bid{who, request.price_per_s, m_ctx.state().write_globals().next_bid_seq++, m_ctx.height()};
    MatchingEngine::insert_sorted(job.bids, bid);
    m_ctx.emit(EventName::CreateBid, job.id, who, {{"provider", who.str()}, {"price_per_s", price::format_per_s(bid.price_per_s)}});
}

void Market::close_window(Job& job)
{
    const MatchingEngine::Selection selection = MatchingEngine(m_ctx.state()).select(job);
    if (selection.winner) {
        const Bid& winner = *selection.winner;
        Staking(m_ctx).lock_for_job(winner.provider, job.id);
        Registry(m_ctx).reserve(winner.provider, job.instance_type, job.replicas, job.id);
        m_ctx.provider(winner.provider).jobs_served += 1;
        job.provider = winner.provider;
        job.price_per_s = winner.price_per_s;
        job.matched_at_ms = m_ctx.now_ms();
        job.state = JobState::CreateLease;
        job.bids.clear();
        m_ctx.emit(EventName::CreateLease, job.id, job.owner,
                   {{"provider", winner.provider.str()},
                    {"price_per_s", price::format_per_s(winner.price_per_s)},
                    {"bids_passed_over", std::to_string(selection.rejected.size())}});
        return;
    }

    std::vector<std::pair<std::string, std::string>> why;
    for (const auto& [provider, reason] : selection.rejected) why.emplace_back("rejected:" + provider.str(), reason);
    job.lookup_windows += 1;
    if (job.lookup_windows < m_ctx.params().max_lookup_windows) {
        job.bids.clear();
        job.window_end_height = m_ctx.height() + m_ctx.params().bid_window_blocks;
        why.emplace_back("window", std::to_string(job.lookup_windows + 1));
        why.emplace_back("window_end_height", std::to_string(job.window_end_height));
        m_ctx.emit(EventName::ProviderLookup, job.id, job.owner, std::move(why));
        return;
    }
    job.bids.clear();
    const Amount refunded = Escrow(m_ctx).refund(job);
    job.state = JobState::OrderClosed;
    job.close_reason = job.lookup_cause;
    why.insert(why.begin(), {{"reason", std::string(close_reason_name(job.close_reason))}, {"refunded", to_string(refunded)}});
    m_ctx.emit(EventName::OrderClosed, job.id, job.owner, std::move(why));
}

} // namespace berth
