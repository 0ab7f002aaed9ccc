#include "preparedtransaction.h"

namespace berth {

PreparedTransaction::PreparedTransaction(Transaction tx) : m_tx(std::move(tx))
{
    m_buffer = m_tx.signed_serialisation(m_encoding_offset);
    m_id = Hash256::of(encoding());
    m_sender = Address::of(m_tx.sender);
}

bool PreparedTransaction::verify_signature() const
{
    return m_tx.sender.verify(signing_bytes(), m_tx.signature);
}

} // namespace berth
