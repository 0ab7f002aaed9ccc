#include "ledgerloader.h"

#include "decoder.h"

namespace berth {

void LedgerLoader::add(ByteView key, ByteView value)
{
    m_state.load_object(key, value);
    m_commitment.apply(key, value);
}

Ledger LedgerLoader::finish() &&
{
    if (!m_state.m_globals.find(0)) throw DecodeError("state has no globals");
    m_commitment.shrink_to_fit();
    return Ledger(std::move(m_state), std::move(m_commitment));
}

} // namespace berth
