#include "statecommitment.h"

#include <algorithm>
#include <type_traits>

namespace berth {

static constexpr std::size_t bucket_count = std::size_t{1} << StateCommitment::depth;

StateCommitment::StateCommitment() : m_buckets(bucket_count), m_tree(2 * bucket_count), m_bucket_dirty(bucket_count, false)
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

void StateCommitment::apply(const StateObject& object)
{
    apply(object.key, object.value ? std::optional<ByteView>(*object.value) : std::nullopt);
}

void StateCommitment::shrink_to_fit()
{
    for (std::vector<Entry>& entries : m_buckets) entries.shrink_to_fit();
}

void StateCommitment::apply(ByteView key, std::optional<ByteView> value)
{
    const Hash256 key_hash = Hash256::of(key);
    const std::size_t bucket = (std::size_t{key_hash.bytes()[0]} << 8) | key_hash.bytes()[1];
    std::vector<Entry>& entries = m_buckets[bucket];
    auto it = std::lower_bound(entries.begin(), entries.end(), key_hash, [](const Entry& e, const Hash256& k) { return e.key_hash < k; });
    const bool present = it != entries.end() && it->key_hash == key_hash;

    if (value) {
        // The leaf is the hash of the key and the value, each length-prefixed as Encoder::bytes writes them.
        const Hash256 value_hash = m_hasher.update_length(key.size()).update(key).update_length(value->size()).update(*value).finish();
        if (present) {
            it->value_hash = value_hash;
        } else {
            entries.insert(it, Entry{key_hash, value_hash});
            ++m_size;
        }
    } else if (present) {
        entries.erase(it);
        --m_size;
    } else {
        return;
    }
    if (!m_bucket_dirty[bucket]) {
        m_bucket_dirty[bucket] = true;
        m_dirty_buckets.push_back(bucket);
    }
}

void StateCommitment::apply(const std::vector<StateObject>& objects)
{
    for (const StateObject& object : objects) apply(object);
}

void StateCommitment::rehash_bucket(std::size_t bucket)
{
    const std::vector<Entry>& entries = m_buckets[bucket];
    // The bucket's hash covers its entries' (key hash, value hash) pairs back to back, which is how they lie in the vector.
    static_assert(sizeof(Entry) == 2 * Hash256::size && std::is_standard_layout_v<Entry>);
    m_tree[bucket_count + bucket] =
        entries.empty()
            ? Hash256()
            : m_hasher.update(ByteView(reinterpret_cast<const std::uint8_t*>(entries.data()), entries.size() * sizeof(Entry))).finish();
}

Hash256 StateCommitment::root()
{
    std::sort(m_dirty_buckets.begin(), m_dirty_buckets.end());
    std::vector<std::size_t> level;
    for (std::size_t bucket : m_dirty_buckets) {
        rehash_bucket(bucket);
        m_bucket_dirty[bucket] = false;
        const std::size_t parent = (bucket_count + bucket) / 2;
        if (level.empty() || level.back() != parent) level.push_back(parent);
    }
    m_dirty_buckets.clear();
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
