#pragma once

#include "hash.h"
#include "publickey.h"
#include "transaction.h"

#include <vector>

namespace berth {

class PrivateKey;

/** What a block commits to; the producer signs every field but the signature. */
struct BlockHeader {
    std::uint64_t height = 0;
    std::uint64_t timestamp_ms = 0;
    Hash256 prev_hash;
    Hash256 tx_root;
    Hash256 state_root;
    PublicKey producer;
    Signature signature{};

    Bytes signing_bytes() const;
    /** The block's id: the hash of the signed header. */
    Hash256 hash() const;
    bool verify_signature() const;
    void sign(const PrivateKey& key);
    bool operator==(const BlockHeader&) const = default;
};

/**
 * A block: its header and the transactions it includes, all of which applied successfully
 * when it was produced. A follower that replays them must reach the header's state root.
 */
struct Block {
    BlockHeader header;
    std::vector<Transaction> transactions;

    /** The binary Merkle root of the transaction ids (an odd node is paired with the zero hash). */
    static Hash256 transaction_root(const std::vector<Transaction>& transactions);
    /** The same root from the transactions' ids, in block order, when they are known already. */
    static Hash256 transaction_root_of_ids(std::vector<Hash256> ids);

    Bytes encode() const;
    /** Throws DecodeError naming the field when `data` is not one canonical block. */
    static Block decode(ByteView data);
};

} // namespace berth
