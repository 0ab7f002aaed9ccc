#include "ledgerloader.h"

#include "decoder.h"

#include <stdexcept>

namespace berth {

void LedgerLoader::add(ByteView key, ByteView value, const std::optional<CommitmentLeaf>& leaf)
{
    m_state.load_object(key, value);
    m_commitment.load(leaf ? *leaf : StateCommitment::leaf_of(key, value));
}

Ledger LedgerLoader::finish() &&
{
    if (!m_state.m_globals.find(0)) throw DecodeError("state has no globals");
    try {
        m_commitment.finish_loading();
    } catch (const std::invalid_argument& e) {
        throw DecodeError(e.what());
    }
    return Ledger(std::move(m_state), std::move(m_commitment));
}

} // namespace berth
