#include "matchingengine.h"

#include "price.h"

#include <algorithm>

namespace berth {

// docs/design.md, "Matching": the lowest price wins; ties go to the earlier bid (the earlier block), then to the
// lower address. Bids in one block are simultaneous, so their order inside the block (which
// the block producer chooses) must not decide a tie; `seq` only keeps the order total.
static bool bid_before(const Bid& a, const Bid& b)
{
    if (a.price_per_s != b.price_per_s) return a.price_per_s < b.price_per_s;
    if (a.height != b.height) return a.height < b.height;
    if (a.provider != b.provider) return a.provider < b.provider;
    return a.seq < b.seq;
}

void MatchingEngine::insert_sorted(std::vector<Bid>& bids, const Bid& bid)
{
    bids.insert(std::upper_bound(bids.begin(), bids.end(), bid, bid_before), bid);
}

std::optional<TxError> MatchingEngine::ineligibility(const Job& job, const Address& who, const Amount& price_per_s) const
{
    const Provider* provider = m_state.providers.find(who);
    if (!provider) return TxError(ErrorCode::WrongActor, who.str() + " is not a registered provider");
    if (std::find(job.excluded.begin(), job.excluded.end(), who) != job.excluded.end())
        return TxError(ErrorCode::Excluded, who.str() + " was slashed on job " + std::to_string(job.id) + " and is excluded from it");
    if (price_per_s > job.max_price_per_s)
        return TxError(ErrorCode::PriceAboveMax, "price " + price::format_per_s(price_per_s) + " is above the order's max price " +
                                                     price::format_per_s(job.max_price_per_s) + " per second");
    auto offer = provider->offers.find(job.instance_type);
    if (offer == provider->offers.end())
        return TxError(ErrorCode::InsufficientCapacity, who.str() + " has no offer of instance type " + job.instance_type);
    if (offer->second.free() < job.replicas)
        return TxError(ErrorCode::InsufficientCapacity,
                       who.str() + " has no free " + job.instance_type + " capacity for " + std::to_string(job.replicas) +
                           " replica(s): " + std::to_string(offer->second.free()) + " unit(s) free, one needed per replica");
    const Amount unlocked = m_state.unlocked_stake(who);
    if (unlocked < m_state.params().stake_per_job)
        return TxError(ErrorCode::InsufficientStake, who.str() + " has " + to_string(unlocked) + " unlocked stake, less than stake_per_job " +
                                                         to_string(m_state.params().stake_per_job));
    return std::nullopt;
}

MatchingEngine::Selection MatchingEngine::select(const Job& job) const
{
    Selection selection;
    for (const Bid& bid : job.bids) {
        if (auto why = ineligibility(job, bid.provider, bid.price_per_s)) {
            selection.rejected.emplace_back(bid.provider, why->what());
            continue;
        }
        selection.winner = bid;
        break;
    }
    return selection;
}

} // namespace berth
