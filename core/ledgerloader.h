#pragma once

#include "bytes.h"
#include "ledger.h"
#include "state.h"
#include "statecommitment.h"

#include <optional>

namespace berth {

/**
 * Builds a ledger from a store's objects one at a time, while the store reads them: each object
 * is decoded into the state, and the commitment takes the entry the store kept beside it.
 * Opening a large store therefore keeps no copy of its rows beside the decoded state, encodes
 * nothing again and hashes nothing but the buckets and the tree above them.
 */
class LedgerLoader
{
public:
    LedgerLoader() = default;

    /**
     * Decodes one stored object; throws DecodeError if it is corrupt. `leaf` is the commitment's
     * entry the store kept for it; without one (a store written before leaves were kept) the
     * object is hashed here.
     */
    void add(ByteView key, ByteView value, const std::optional<CommitmentLeaf>& leaf = std::nullopt);
    /** The ledger of every object added; throws DecodeError if they held no globals. */
    Ledger finish() &&;

private:
    State m_state;
    StateCommitment m_commitment;
};

} // namespace berth
