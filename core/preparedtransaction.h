#pragma once

#include "transaction.h"

namespace berth {

/**
 * A transaction together with what admitting and building a block ask of it again and again:
 * its id, its sender's address, its canonical encoding and the bytes its signature covers,
 * each computed once when it is made. It is immutable, so the carried values can never go
 * stale: a changed transaction is a new PreparedTransaction. The signing bytes and the encoding
 * share one buffer (the domain tag, the unsigned fields, the signature), since each is a slice
 * of the same serialisation.
 */
class PreparedTransaction
{
public:
    explicit PreparedTransaction(Transaction tx);

    const Transaction& tx() const { return m_tx; }
    const Hash256& id() const { return m_id; }
    const Address& sender() const { return m_sender; }
    /** Transaction::encode(), without encoding it again. */
    ByteView encoding() const { return ByteView(m_buffer).subspan(m_encoding_offset); }
    /** Transaction::signing_bytes(), without encoding it again. */
    ByteView signing_bytes() const { return ByteView(m_buffer).first(m_buffer.size() - m_tx.signature.size()); }
    /** Transaction::verify_signature() over the carried signing bytes. */
    bool verify_signature() const;

private:
    Transaction m_tx;
    Bytes m_buffer;
    std::size_t m_encoding_offset = 0;
    Hash256 m_id;
    Address m_sender;
};

} // namespace berth
