#pragma once

#include "job.h"
#include "state.h"
#include "txerror.h"

#include <optional>
#include <string>
#include <vector>

namespace berth {

/**
 * The matchmaking engine. It decides whether a provider may serve an order at a price (an
 * offer of the instance type with free capacity, unlocked stake ≥ stake_per_job, a price
 * within the order's max, not excluded from the job) and, when a window closes, picks the
 * lowest eligible bid. Bids are kept sorted by (price, block height, address), so the winner
 * is the first eligible one and ties are deterministic. It reads the state and never writes it.
 */
class MatchingEngine
{
public:
    explicit MatchingEngine(const State& state) : m_state(state) {}

    struct Selection {
        std::optional<Bid> winner;
        /** Each bid passed over, with the rule that excluded it: "why no bids". */
        std::vector<std::pair<Address, std::string>> rejected;
    };

    /** Why `provider` may not serve `job` at `price_per_s`, or nullopt when it may. */
    std::optional<TxError> ineligibility(const Job& job, const Address& provider, const Amount& price_per_s) const;
    Selection select(const Job& job) const;

    /** Inserts a bid at its place in the (price, block height, address) order. */
    static void insert_sorted(std::vector<Bid>& bids, const Bid& bid);

private:
    const State& m_state;
};

} // namespace berth
