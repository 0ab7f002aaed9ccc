#pragma once

#include "address.h"
#include "amount.h"
#include "params.h"
#include "provider.h"
#include "state.h"

#include <string>
#include <vector>

namespace berth {

/**
 * The chain's starting point: parameters, initial balances (with stake already staked),
 * providers registered from the start with their offers, and the auditor set. The node reads
 * it from the devnet genesis file; the ledger turns it into the state at height 0.
 */
struct Genesis {
    struct Account {
        Address address;
        Amount usdc = 0;
        Amount pond = 0;
        Amount stake = 0;
    };
    struct Provider {
        Address address;
        std::string name;
        std::string region;
        std::string endpoint;
        std::map<std::string, Offer> offers;
    };

    Params params;
    std::uint64_t timestamp_ms = 0;
    std::vector<Account> accounts;
    std::vector<Provider> providers;
    std::vector<Address> auditors;

    /** Throws std::invalid_argument naming the first inconsistency (duplicate account, unstaked provider, …). */
    State build_state() const;
    Hash256 hash() const;
};

} // namespace berth
