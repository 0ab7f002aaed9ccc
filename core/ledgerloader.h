#pragma once

#include "bytes.h"
#include "ledger.h"
#include "state.h"
#include "statecommitment.h"

namespace berth {

/**
 * Builds a ledger from a store's objects one at a time, while the store reads them: each object
 * is decoded into the state and committed to in the encoding it was stored in. Opening a large
 * store therefore keeps no copy of its rows beside the decoded state, and encodes nothing again.
 */
class LedgerLoader
{
public:
    LedgerLoader() = default;

    /** Decodes one stored object; throws DecodeError if it is corrupt. */
    void add(ByteView key, ByteView value);
    /** The ledger of every object added; throws DecodeError if they held no globals. */
    Ledger finish() &&;

private:
    State m_state;
    StateCommitment m_commitment;
};

} // namespace berth
