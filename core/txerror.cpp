#include "txerror.h"

namespace berth {

std::string_view error_code_name(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Malformed: return "malformed";
    case ErrorCode::BadSignature: return "bad_signature";
    case ErrorCode::WrongChainId: return "wrong_chain_id";
    case ErrorCode::BadNonce: return "bad_nonce";
    case ErrorCode::UnknownId: return "unknown_id";
    case ErrorCode::WrongActor: return "wrong_actor";
    case ErrorCode::WrongState: return "wrong_state";
    case ErrorCode::BidWindowClosed: return "bid_window_closed";
    case ErrorCode::PriceAboveMax: return "price_above_max";
    case ErrorCode::InsufficientStake: return "insufficient_stake";
    case ErrorCode::InsufficientCapacity: return "insufficient_capacity";
    case ErrorCode::InsufficientFunds: return "insufficient_funds";
    case ErrorCode::Overflow: return "overflow";
    case ErrorCode::InvalidArgument: return "invalid_argument";
    case ErrorCode::AlreadyExists: return "already_exists";
    case ErrorCode::Excluded: return "excluded";
    case ErrorCode::TooEarly: return "too_early";
    case ErrorCode::UnprobeableAccess: return "unprobeable_access";
    case ErrorCode::ManifestDelivered: return "manifest_delivered";
    }
    return "unknown";
}

} // namespace berth
