#pragma once

#include "hash.h"
#include "sha256.h"
#include "state.h"

#include <boost/container/deque.hpp>
#include <boost/container/options.hpp>

#include <optional>
#include <type_traits>
#include <vector>

namespace berth {

/**
 * The SHA-256 commitment to the whole state, kept up to date incrementally. Objects are
 * spread over 2^16 buckets by the first two bytes of their key's hash; an object's leaf hash
 * is SHA-256 of its key and its value, each prefixed by its four-byte length; a bucket's hash
 * covers its (key hash, leaf hash) pairs in key-hash order, all zeros when it is empty; and
 * a fixed binary Merkle tree over the buckets gives the root. Applying a change rehashes one small bucket and its 16 ancestors, so the cost of a
 * block's root grows with what the block changed, not with the size of the state.
 */
class StateCommitment
{
public:
    static constexpr unsigned depth = 16;

    StateCommitment();

    /** The commitment's entry for one object: its key's hash and the hash of its length-prefixed key and value. */
    static CommitmentLeaf leaf_of(ByteView key, ByteView value);

    /** Inserts, replaces or (with no value) removes one object. */
    void apply(ByteView key, std::optional<ByteView> value);
    /** apply(), and records the object's entry in it for the store. */
    void apply(StateObject& object);
    void apply(std::vector<StateObject>& objects);

    /**
     * Takes one object of a whole state being loaded, by the entry the store kept for it, without
     * hashing it. The entries may come in any order; finish_loading() files them.
     */
    void load(const CommitmentLeaf& leaf);
    /**
     * Ends a load: files the loaded entries in their buckets, each bucket sized once and sorted
     * once. Throws std::invalid_argument if two entries had the same key hash.
     */
    void finish_loading();

    Hash256 root();
    std::size_t size() const { return m_size; }

private:
    // A bucket's hash covers its entries back to back, which is how they lie in its vector.
    static_assert(sizeof(CommitmentLeaf) == 2 * Hash256::size && std::is_standard_layout_v<CommitmentLeaf>);

    std::optional<CommitmentLeaf> apply_hashing(ByteView key, std::optional<ByteView> value);
    /** An object's entry; with no value (a removal), only its key hash is set. */
    CommitmentLeaf hash_leaf(ByteView key, std::optional<ByteView> value);
    /** Files an entry in its bucket (or, with no value, removes the one with its key hash); the entry filed, if any. */
    std::optional<CommitmentLeaf> place(const CommitmentLeaf& leaf, bool has_value);
    /** Asks the processor for a bucket's entries before they are searched. */
    void prefetch_entries(std::size_t bucket) const;
    void mark_dirty(std::size_t bucket);
    void rehash_bucket(std::size_t bucket);

    std::vector<std::vector<CommitmentLeaf>> m_buckets;
    /**
     * Entries taken by load() and not yet filed by finish_loading(), in blocks of a megabyte: a
     * vector doubling to a million entries would copy them and touch twice their memory, and
     * blocks this large are mapped apart from the heap, so they go back to the system when freed.
     */
    boost::container::deque<CommitmentLeaf, void, boost::container::deque_options_t<boost::container::block_bytes<1 << 20>>> m_loading;
    /** Heap-ordered tree: node 1 is the root, the buckets are leaves from 2^depth on. */
    std::vector<Hash256> m_tree;
    std::vector<std::size_t> m_dirty_buckets;
    std::vector<bool> m_bucket_dirty;
    std::size_t m_size = 0;
    Sha256 m_hasher;
};

} // namespace berth
