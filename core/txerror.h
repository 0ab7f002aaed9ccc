#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace berth {

/** Stable, machine-readable reasons a transaction is rejected; their names are part of the RPC contract. */
enum class ErrorCode {
    Malformed,
    BadSignature,
    WrongChainId,
    BadNonce,
    UnknownId,
    WrongActor,
    WrongState,
    BidWindowClosed,
    PriceAboveMax,
    InsufficientStake,
    InsufficientCapacity,
    InsufficientFunds,
    Overflow,
    InvalidArgument,
    AlreadyExists,
    Excluded,
    TooEarly,
    /** Access details without a probeable http(s) URL for every exposed port. */
    UnprobeableAccess,
    /** The manifest's delivery is on chain, so the provider cannot claim it never came. */
    ManifestDelivered,
};

std::string_view error_code_name(ErrorCode code);

/**
 * A transaction rejection: a stable code plus a message naming the cause. Contract code
 * throws it; the ledger catches it, rolls the transaction back and reports it.
 */
class TxError : public std::runtime_error
{
public:
    TxError(ErrorCode code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    ErrorCode code() const { return m_code; }

private:
    ErrorCode m_code;
};

} // namespace berth
