#pragma once

#include "hash.h"
#include "sha256.h"
#include "state.h"

#include <boost/container/deque.hpp>
#include <boost/container/options.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <vector>

namespace berth {

/**
 * The SHA-256 commitment to the whole state, kept up to date incrementally. Objects are
 * spread over 2^16 buckets by the first two bytes of their key's hash; an object's leaf hash
 * is SHA-256 of its key and its value, each prefixed by its four-byte length; a bucket's hash
 * covers its (key hash, leaf hash) pairs in key-hash order, all zeros when it is empty; and
 * a fixed binary Merkle tree over the buckets gives the root. Applying a change rehashes one bucket and its 16 ancestors, so the cost of a
 * block's root grows with what the block changed, not with the size of the state. A large
 * bucket is rehashed from about its first changed entry on: each entry is one SHA-256 block,
 * and the digest's state is kept after every few entries, so that a bucket of a large state
 * (17 entries at a million objects) is not hashed again from its start for one change near its end.
 */
class StateCommitment
{
public:
    static constexpr unsigned depth = 16;
    static constexpr std::size_t bucket_count = std::size_t{1} << depth;
    /**
     * Entries between two kept digest states. A state kept after every entry cost as much
     * memory as the entries and a call into OpenSSL each, for little less hashing. A bucket of
     * fewer than two groups keeps none and is hashed whole: resuming would save it at most one
     * group, and the states' upkeep made the small buckets of a 100,000-provider market dearer.
     */
    static constexpr std::size_t entries_per_midstate = 4;

    StateCommitment();

    /** The commitment's entry for one object: its key's hash and the hash of its length-prefixed key and value. */
    static CommitmentLeaf leaf_of(ByteView key, ByteView value);

    /** Inserts, replaces or (with no value) removes one object. */
    void apply(ByteView key, std::optional<ByteView> value);
    void apply(const std::vector<StateObject>& objects);

    /**
     * Takes one object of a whole state being loaded, by its entry. The entries may come in any
     * order; finish_loading() files them.
     */
    void load(const CommitmentLeaf& leaf);
    /**
     * Ends a load: files the loaded entries in their buckets, each bucket sized once and sorted
     * once. Throws std::invalid_argument if two entries had the same key hash.
     */
    void finish_loading();
    /**
     * Takes one whole bucket as the store kept it (bucket_entries()): its entries back to back,
     * in key-hash order. Throws std::invalid_argument when the bytes are not whole entries, not
     * in order, not of this bucket, or the bucket holds entries already.
     */
    void load_bucket(std::size_t bucket, ByteView entries);

    /** The root; rehashes the buckets changed since the last call, and appends their numbers, in order, to `rehashed` if given. */
    Hash256 root(std::vector<std::uint32_t>* rehashed = nullptr);
    std::size_t size() const { return m_size; }
    /** A bucket's entries back to back, as its hash covers them and the store keeps them. */
    ByteView bucket_entries(std::size_t bucket) const;

private:
    // A bucket's hash covers its entries back to back, which is how they lie in its vector, and
    // each entry is exactly one SHA-256 block.
    static_assert(sizeof(CommitmentLeaf) == 2 * Hash256::size && std::is_standard_layout_v<CommitmentLeaf>);

    /** SHA-256's chaining value: the digest's whole state after a whole number of blocks. */
    using Midstate = std::array<std::uint32_t, 8>;
    /** A bucket changed since the last root, and the first of its entries that may differ. */
    struct Change {
        std::uint32_t bucket;
        /** An entry's position, or `loaded` for a bucket filled by a load. */
        std::uint32_t from;
        auto operator<=>(const Change&) const = default;
    };
    /**
     * A loaded bucket is hashed whole and keeps no digest states until a change reaches it, so
     * that opening a store does not pay for them in every bucket at once.
     */
    static constexpr std::uint32_t loaded = UINT32_MAX;

    /** An object's entry; with no value (a removal), only its key hash is set. */
    CommitmentLeaf hash_leaf(ByteView key, std::optional<ByteView> value);
    /** Files an entry in its bucket (or, with no value, removes the one with its key hash). */
    void place(const CommitmentLeaf& leaf, bool has_value);
    /** Asks the processor for a bucket's entries before they are searched. */
    void prefetch_entries(std::size_t bucket) const;
    void mark_dirty(std::size_t bucket, std::uint32_t from);
    /** Rehashes a bucket whose entries from `from` on may have changed. */
    void rehash_bucket(std::size_t bucket, std::uint32_t from);

    std::vector<std::vector<CommitmentLeaf>> m_buckets;
    /** m_midstates[b][i]: the digest's state after the first (i + 1) * entries_per_midstate entries of bucket b. */
    std::vector<std::vector<Midstate>> m_midstates;
    /**
     * Entries taken by load() and not yet filed by finish_loading(), in blocks of a megabyte: a
     * vector doubling to a million entries would copy them and touch twice their memory, and
     * blocks this large are mapped apart from the heap, so they go back to the system when freed.
     */
    boost::container::deque<CommitmentLeaf, void, boost::container::deque_options_t<boost::container::block_bytes<1 << 20>>> m_loading;
    /** Heap-ordered tree: node 1 is the root, the buckets are leaves from 2^depth on. */
    std::vector<Hash256> m_tree;
    /** Every change since the last root, in no order: sorted, each bucket's first names where its rehash starts. */
    std::vector<Change> m_changes;
    std::size_t m_size = 0;
    Sha256 m_hasher;
};

} // namespace berth
