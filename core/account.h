#pragma once

#include "amount.h"
#include "bytes.h"

#include <cstdint>

namespace berth {

class Encoder;
class Decoder;

/**
 * One account's balances and identity on chain: spendable USDC and POND, POND staked (and how
 * much of it is locked by live jobs), provider earnings not yet withdrawn, the next expected
 * transaction nonce, and the account's one registered X.509 certificate (DER), if any.
 */
struct Account {
    Amount usdc = 0;
    Amount pond = 0;
    Amount stake = 0;
    Amount stake_locked = 0;
    Amount earnings = 0;
    std::uint64_t nonce = 0;
    Bytes certificate;

    Amount unlocked_stake() const { return stake - stake_locked; }

    void encode(Encoder& out) const;
    static Account decode(Decoder& in);
    bool operator==(const Account&) const = default;
};

} // namespace berth
