#pragma once

#include "hash.h"
#include "sha256.h"
#include "state.h"

#include <vector>

namespace berth {

/**
 * The SHA-256 commitment to the whole state, kept up to date incrementally. Objects are
 * spread over 2^16 buckets by the hash of their key; a bucket's hash covers its sorted
 * (key hash, value hash) pairs, and a fixed binary Merkle tree over the buckets gives the
 * root. Applying a change rehashes one small bucket and its 16 ancestors, so the cost of a
 * block's root grows with what the block changed, not with the size of the state.
 */
class StateCommitment
{
public:
    static constexpr unsigned depth = 16;

    StateCommitment();

    /** Inserts, replaces or (with no value) removes one object. */
    void apply(ByteView key, std::optional<ByteView> value);
    void apply(const StateObject& object);
    void apply(const std::vector<StateObject>& objects);
    /** Gives back what the buckets' vectors reserved beyond their entries: after loading a whole state, it is a third of them. */
    void shrink_to_fit();
    Hash256 root();
    std::size_t size() const { return m_size; }

private:
    struct Entry {
        Hash256 key_hash;
        Hash256 value_hash;
    };

    void rehash_bucket(std::size_t bucket);

    std::vector<std::vector<Entry>> m_buckets;
    /** Heap-ordered tree: node 1 is the root, the buckets are leaves from 2^depth on. */
    std::vector<Hash256> m_tree;
    std::vector<std::size_t> m_dirty_buckets;
    std::vector<bool> m_bucket_dirty;
    std::size_t m_size = 0;
    Sha256 m_hasher;
};

} // namespace berth
