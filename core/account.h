#pragma once

#include "amount.h"
#include "bytes.h"

#include <cstdint>

namespace berth {

class Encoder;
class Decoder;

/**
 * One account's balances and identity on chain: spendable USDC and POND, POND staked, provider
 * earnings not yet withdrawn, the next expected transaction nonce, and the account's one
 * registered X.509 certificate (DER), if any. How much of the stake live jobs lock is not kept
 * here: it follows from the provider's live jobs (State::locked_stake), so that matching a job
 * changes the provider's row alone.
 */
struct Account {
    Amount usdc = 0;
    Amount pond = 0;
    Amount stake = 0;
    Amount earnings = 0;
    std::uint64_t nonce = 0;
    Bytes certificate;

    void encode(Encoder& out) const;
    static Account decode(Decoder& in);
    bool operator==(const Account&) const = default;
};

} // namespace berth
