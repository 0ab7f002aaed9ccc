#include "statecommitment.h"

// OpenSSL 3 can save and restore a digest's state only through the low-level SHA256_CTX, which
// it deprecates in favour of EVP; EVP can copy a running digest but not keep its state apart.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace berth {

StateCommitment::StateCommitment() : m_buckets(bucket_count), m_midstates(bucket_count), m_tree(2 * bucket_count)
{
    // Every subtree of an empty state at the same height has the same hash: one combine a level
    // instead of one a node, which made a new commitment cost 65,535 hashes.
    Hash256 empty_subtree; // a bucket: all zeros
    for (std::size_t first = bucket_count; first > 1; first /= 2) {
        std::fill(m_tree.begin() + static_cast<std::ptrdiff_t>(first), m_tree.begin() + static_cast<std::ptrdiff_t>(2 * first), empty_subtree);
        empty_subtree = Hash256::combine(empty_subtree, empty_subtree);
    }
    m_tree[1] = empty_subtree;
}

namespace {
std::size_t bucket_of(const Hash256& key_hash)
{
    return (std::size_t{key_hash.bytes()[0]} << 8) | key_hash.bytes()[1];
}

bool by_key_hash(const CommitmentLeaf& a, const CommitmentLeaf& b)
{
    return a.key_hash < b.key_hash;
}

/**
 * The hash of a bucket's entries, of which those before `from` are as when `midstates` was
 * brought up to date: resumed after the last group of entries wholly among those, it brings
 * `midstates` up to date for the rest.
 */
Hash256 hash_entries(const std::vector<CommitmentLeaf>& entries, std::size_t from, std::vector<std::array<std::uint32_t, 8>>& midstates)
{
    constexpr std::size_t group = StateCommitment::entries_per_midstate;
    SHA256_CTX ctx;
    static_assert(sizeof ctx.h == sizeof midstates[0]);
    SHA256_Init(&ctx);
    const std::size_t resumed = std::min(from / group, midstates.size());
    if (resumed > 0) {
        // The state after `resumed` whole groups: the chaining value and the length in bits so far.
        std::memcpy(ctx.h, midstates[resumed - 1].data(), sizeof ctx.h);
        const std::uint64_t bits = std::uint64_t{resumed} * group * sizeof(CommitmentLeaf) * 8;
        ctx.Nl = static_cast<SHA_LONG>(bits);
        ctx.Nh = static_cast<SHA_LONG>(bits >> 32);
    }
    midstates.resize(entries.size() / group);
    for (std::size_t first = resumed * group; first < entries.size(); first += group) {
        const std::size_t count = std::min(group, entries.size() - first);
        SHA256_Update(&ctx, &entries[first], count * sizeof(CommitmentLeaf));
        if (count == group) std::memcpy(midstates[first / group].data(), ctx.h, sizeof ctx.h);
    }
    std::array<std::uint8_t, Hash256::size> digest;
    SHA256_Final(digest.data(), &ctx);
    return Hash256(digest);
}

CommitmentLeaf leaf_with(Sha256& hasher, ByteView key, ByteView value)
{
    const Hash256 key_hash = hasher.update(key).finish();
    return {key_hash, hasher.update_length(key.size()).update(key).update_length(value.size()).update(value).finish()};
}
} // namespace

CommitmentLeaf StateCommitment::leaf_of(ByteView key, ByteView value)
{
    thread_local Sha256 hasher;
    return leaf_with(hasher, key, value);
}

void StateCommitment::apply(ByteView key, std::optional<ByteView> value)
{
    place(hash_leaf(key, value), value.has_value());
}

void StateCommitment::apply(const std::vector<StateObject>& objects)
{
    // In a large state the buckets a block changes are out of the caches, each a miss for its
    // vector and a few for the binary search in it. So every object is hashed first, and each
    // bucket is asked for ahead of its turn: the loads overlap the hashing and one another.
    std::vector<CommitmentLeaf> leaves;
    leaves.reserve(objects.size());
    for (const StateObject& object : objects) {
        leaves.push_back(hash_leaf(object.key, object.value ? std::optional<ByteView>(*object.value) : std::nullopt));
        __builtin_prefetch(&m_buckets[bucket_of(leaves.back().key_hash)]);
    }
    constexpr std::size_t ahead = 8;
    for (std::size_t i = 0; i < ahead && i < leaves.size(); ++i) prefetch_entries(bucket_of(leaves[i].key_hash));
    for (std::size_t i = 0; i < objects.size(); ++i) {
        if (i + ahead < leaves.size()) prefetch_entries(bucket_of(leaves[i + ahead].key_hash));
        place(leaves[i], objects[i].value.has_value());
    }
}

void StateCommitment::prefetch_entries(std::size_t bucket) const
{
    const std::vector<CommitmentLeaf>& entries = m_buckets[bucket];
    const auto* bytes = reinterpret_cast<const char*>(entries.data());
    const std::size_t size = entries.size() * sizeof(CommitmentLeaf);
    for (std::size_t offset = 0; offset < size; offset += 64) __builtin_prefetch(bytes + offset);
}

CommitmentLeaf StateCommitment::hash_leaf(ByteView key, std::optional<ByteView> value)
{
    return value ? leaf_with(m_hasher, key, *value) : CommitmentLeaf{m_hasher.update(key).finish(), {}};
}

void StateCommitment::place(const CommitmentLeaf& leaf, bool has_value)
{
    const std::size_t bucket = bucket_of(leaf.key_hash);
    std::vector<CommitmentLeaf>& entries = m_buckets[bucket];
    auto it = std::lower_bound(entries.begin(), entries.end(), leaf, by_key_hash);
    const bool present = it != entries.end() && it->key_hash == leaf.key_hash;
    const auto position = static_cast<std::uint32_t>(it - entries.begin());

    if (has_value) {
        if (present) {
            it->leaf_hash = leaf.leaf_hash;
        } else {
            entries.insert(it, leaf);
            ++m_size;
        }
    } else if (present) {
        entries.erase(it);
        --m_size;
    } else {
        return;
    }
    mark_dirty(bucket, position);
}

void StateCommitment::load(const CommitmentLeaf& leaf)
{
    m_loading.push_back(leaf);
}

void StateCommitment::finish_loading()
{
    // The entries came in the store's order, which scatters them over every bucket. Pushed into
    // their buckets one at a time, a million of them grew 65,536 vectors a step at a time, each
    // step a cache miss and many a reallocation; counted first, every bucket is sized once.
    std::vector<std::uint32_t> counts(bucket_count, 0);
    for (const CommitmentLeaf& leaf : m_loading) ++counts[bucket_of(leaf.key_hash)];
    for (std::size_t bucket = 0; bucket < bucket_count; ++bucket)
        if (counts[bucket] != 0) {
            m_buckets[bucket].reserve(m_buckets[bucket].size() + counts[bucket]);
            mark_dirty(bucket, loaded);
        }
    for (const CommitmentLeaf& leaf : m_loading) m_buckets[bucket_of(leaf.key_hash)].push_back(leaf);
    m_size += m_loading.size();
    decltype(m_loading)().swap(m_loading);
    for (std::vector<CommitmentLeaf>& entries : m_buckets) {
        std::sort(entries.begin(), entries.end(), by_key_hash);
        const auto same_key = [](const CommitmentLeaf& a, const CommitmentLeaf& b) { return a.key_hash == b.key_hash; };
        if (std::adjacent_find(entries.begin(), entries.end(), same_key) != entries.end())
            throw std::invalid_argument("two state objects have the same key hash");
    }
}

void StateCommitment::load_bucket(std::size_t bucket, ByteView entries)
{
    if (bucket >= bucket_count) throw std::invalid_argument("there is no commitment bucket " + std::to_string(bucket));
    if (entries.size() % sizeof(CommitmentLeaf) != 0)
        throw std::invalid_argument("commitment bucket " + std::to_string(bucket) + " has " + std::to_string(entries.size()) +
                                    " bytes, not whole entries of " + std::to_string(sizeof(CommitmentLeaf)));
    std::vector<CommitmentLeaf>& filed = m_buckets[bucket];
    if (!filed.empty()) throw std::invalid_argument("commitment bucket " + std::to_string(bucket) + " was loaded twice");
    filed.resize(entries.size() / sizeof(CommitmentLeaf));
    std::memcpy(filed.data(), entries.data(), entries.size());
    const auto out_of_order = [](const CommitmentLeaf& a, const CommitmentLeaf& b) { return !(a.key_hash < b.key_hash); };
    const bool foreign =
        std::any_of(filed.begin(), filed.end(), [bucket](const CommitmentLeaf& leaf) { return bucket_of(leaf.key_hash) != bucket; });
    if (foreign || std::adjacent_find(filed.begin(), filed.end(), out_of_order) != filed.end()) {
        filed.clear();
        throw std::invalid_argument("commitment bucket " + std::to_string(bucket) + " holds entries out of order or of another bucket");
    }
    m_size += filed.size();
    mark_dirty(bucket, loaded);
}

ByteView StateCommitment::bucket_entries(std::size_t bucket) const
{
    const std::vector<CommitmentLeaf>& entries = m_buckets[bucket];
    return {reinterpret_cast<const std::uint8_t*>(entries.data()), entries.size() * sizeof(CommitmentLeaf)};
}

void StateCommitment::mark_dirty(std::size_t bucket, std::uint32_t from)
{
    m_changes.push_back({static_cast<std::uint32_t>(bucket), from});
    // A load may put entries before ones whose digest states were kept.
    if (from == loaded) m_midstates[bucket].clear();
}

void StateCommitment::rehash_bucket(std::size_t bucket, std::uint32_t from)
{
    const std::vector<CommitmentLeaf>& entries = m_buckets[bucket];
    Hash256& hash = m_tree[bucket_count + bucket];
    if (entries.empty())
        hash = Hash256();
    else if (from == loaded || entries.size() < 2 * entries_per_midstate) {
        hash = m_hasher.update(bucket_entries(bucket)).finish();
        // States kept while the bucket was larger hold only as far as its first change.
        std::vector<Midstate>& kept = m_midstates[bucket];
        if (kept.size() > from / entries_per_midstate) kept.resize(from / entries_per_midstate);
    } else
        hash = hash_entries(entries, from, m_midstates[bucket]);
}

Hash256 StateCommitment::root(std::vector<std::uint32_t>* rehashed)
{
    // Sorted, a bucket's first change is its earliest.
    std::sort(m_changes.begin(), m_changes.end());
    std::vector<std::size_t> level;
    for (std::size_t i = 0; i < m_changes.size(); ++i) {
        const std::uint32_t bucket = m_changes[i].bucket;
        if (i > 0 && m_changes[i - 1].bucket == bucket) continue;
        if (rehashed) rehashed->push_back(bucket);
        rehash_bucket(bucket, m_changes[i].from);
        const std::size_t parent = (bucket_count + bucket) / 2;
        if (level.empty() || level.back() != parent) level.push_back(parent);
    }
    m_changes.clear();
    // Walk up one level at a time so a shared ancestor is hashed once.
    while (!level.empty()) {
        std::vector<std::size_t> next;
        for (std::size_t node : level) {
            m_tree[node] = Hash256::combine(m_tree[2 * node], m_tree[2 * node + 1]);
            if (node > 1 && (next.empty() || next.back() != node / 2)) next.push_back(node / 2);
        }
        level.swap(next);
    }
    return m_tree[1];
}

} // namespace berth
