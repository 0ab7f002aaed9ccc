#pragma once

#include "decoder.h"
#include "encoder.h"
#include "table.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <utility>
#include <vector>

namespace berth {

/**
 * A Table whose rows rest encoded and are decoded when something reads or writes them. It is
 * for the collection that grows with the market, the jobs: a running lease's decoded Job and its
 * heap blocks take about twice its encoding, and a block touches a handful of the million. A row
 * read or written is decoded into a cache and found there until the block's changes are taken;
 * then the written rows are encoded again and the cache is emptied, so a pointer from find() or
 * a reference from write() holds until the end of the block, never longer. Walking every row
 * (for_each, for_each_ordered) decodes each into a scratch row and caches nothing. The journal
 * and the dirty keys behave as in Table.
 */
template <typename Key, typename Row>
class EncodedTable
{
public:
    /** The table's name in a DecodeError about one of its rows. */
    explicit EncodedTable(const char* what) : m_what(what) {}
    EncodedTable(EncodedTable&&) noexcept = default;
    EncodedTable& operator=(EncodedTable&&) noexcept = default;

    const Row* find(const Key& key) const
    {
        if (auto cached = m_cache.find(key); cached != m_cache.end()) return cached->second ? &*cached->second : nullptr;
        auto stored = m_encoded.find(key);
        if (stored == m_encoded.end()) return nullptr;
        return &*m_cache.emplace(key, decode(stored->second.view())).first->second;
    }
    bool contains(const Key& key) const
    {
        if (auto cached = m_cache.find(key); cached != m_cache.end()) return cached->second.has_value();
        return m_encoded.count(key) != 0;
    }
    std::size_t size() const { return m_size; }

    /** Calls fn(key, row) for every row, in no particular order; fn must not read or write the table. */
    template <typename Fn>
    void for_each(Fn&& fn) const
    {
        Row scratch;
        for (const auto& [key, encoded] : m_encoded) {
            if (m_cache.count(key)) continue;
            decode_into(encoded.view(), scratch);
            fn(key, std::as_const(scratch));
        }
        for (const auto& [key, row] : m_cache)
            if (row) fn(key, *row);
    }

    /** Calls fn(key, row) for every row in key order; fn must not read or write the table. */
    template <typename Fn>
    void for_each_ordered(Fn&& fn) const
    {
        std::vector<Key> keys;
        keys.reserve(m_size);
        for (const auto& [key, encoded] : m_encoded)
            if (!m_cache.count(key)) keys.push_back(key);
        for (const auto& [key, row] : m_cache)
            if (row) keys.push_back(key);
        std::sort(keys.begin(), keys.end());
        Row scratch;
        for (const Key& key : keys) {
            if (auto cached = m_cache.find(key); cached != m_cache.end()) {
                fn(key, std::as_const(*cached->second));
                continue;
            }
            decode_into(m_encoded.find(key)->second.view(), scratch);
            fn(key, std::as_const(scratch));
        }
    }

    /** A writable row, created default when absent. */
    Row& write(const Key& key)
    {
        remember(key);
        find(key);
        std::optional<Row>& cached = m_cache[key];
        if (!cached) {
            cached.emplace();
            ++m_size;
        }
        return *cached;
    }

    void erase(const Key& key)
    {
        remember(key);
        if (!find(key)) return;
        m_cache[key].reset();
        --m_size;
    }

    /** Keys written since the last commit or rollback (the current transaction). */
    std::vector<Key> touched() const
    {
        std::vector<Key> keys;
        keys.reserve(m_undo.size());
        for (const auto& [key, before] : m_undo) keys.push_back(key);
        return keys;
    }

    /** What a row touched by the current transaction was before it: nullopt if it did not exist. */
    const std::optional<Row>& before(const Key& key) const
    {
        for (const auto& [journaled, row] : m_undo)
            if (journaled == key) return row;
        throw std::logic_error("the row was not touched by the current transaction");
    }

    void commit()
    {
        for (const auto& [key, before] : m_undo) m_dirty.push_back(key);
        m_undo.clear();
    }

    void rollback()
    {
        for (auto& [key, before] : m_undo) {
            std::optional<Row>& cached = m_cache[key];
            if (cached && !before) --m_size;
            if (!cached && before) ++m_size;
            cached = std::move(before);
        }
        m_undo.clear();
    }

    /**
     * Calls fn(key, encoding) for every key committed since the last call, each once and in key
     * order: the rows a block changed, with the encoding they now rest in (nullopt for a row
     * erased). The decoded cache is emptied.
     */
    template <typename Fn>
    void take_dirty(Fn&& fn)
    {
        assert(m_undo.empty());
        Encoder scratch(1024);
        for (const Key& key : changed_keys(std::exchange(m_dirty, {}))) {
            const std::optional<Row>& row = m_cache.at(key);
            if (!row) {
                m_encoded.erase(key);
                fn(key, std::optional<ByteView>());
                continue;
            }
            scratch.clear();
            row->encode(scratch);
            if (auto stored = m_encoded.find(key); stored != m_encoded.end())
                stored->second.assign(scratch.data());
            else
                m_encoded.emplace(key, Encoded(scratch.data()));
            fn(key, std::optional<ByteView>(scratch.data()));
        }
        m_cache.clear();
    }

    /** The keys take_dirty(fn) would hand out. */
    std::vector<Key> take_dirty()
    {
        std::vector<Key> keys;
        take_dirty([&](const Key& key, const std::optional<ByteView>&) { keys.push_back(key); });
        return keys;
    }

    /** Forgets the rows committed so far, as if a block had taken them. */
    void forget_dirty() { take_dirty(); }

    /** A row's encoding as it rests, once the block's changes are taken; nullopt when absent. */
    std::optional<ByteView> encoded(const Key& key) const
    {
        assert(m_dirty.empty() && m_undo.empty());
        auto stored = m_encoded.find(key);
        return stored == m_encoded.end() ? std::nullopt : std::optional<ByteView>(stored->second.view());
    }

    /**
     * Loads a row's encoding from storage without journaling or decoding it: a corrupt one is
     * found when it is first read (see for_each, which the ledger runs over every row on open).
     */
    void load_encoded(const Key& key, ByteView value)
    {
        assert(m_cache.empty() && m_undo.empty());
        if (m_encoded.insert_or_assign(key, Encoded(value)).second) ++m_size;
    }
    /** Loads a decoded row without journaling it. */
    void load(const Key& key, const Row& row)
    {
        Encoder out(1024);
        row.encode(out);
        load_encoded(key, out.data());
    }
    void reserve(std::size_t count) { m_encoded.reserve(count); }

private:
    /**
     * One row's encoding in a single heap block: its capacity and length (four bytes each), then
     * the bytes. A block's changes are written over the encoding in place when they fit, since
     * in a heap of a million rows an allocation and a free cost more than encoding the row.
     */
    class Encoded
    {
    public:
        explicit Encoded(ByteView bytes)
        {
            allocate(bytes.size());
            copy(bytes);
        }
        void assign(ByteView bytes)
        {
            if (bytes.size() > field(capacity_at)) allocate(bytes.size() + growth_room);
            copy(bytes);
        }
        ByteView view() const { return ByteView(m_block.get() + header, field(length_at)); }

    private:
        static constexpr std::size_t header = 2 * sizeof(std::uint32_t);
        static constexpr std::size_t capacity_at = 0;
        static constexpr std::size_t length_at = sizeof(std::uint32_t);
        /** A row that outgrew its block may grow again, as a lease moves through its states. */
        static constexpr std::size_t growth_room = 16;

        std::uint32_t field(std::size_t at) const
        {
            std::uint32_t value;
            std::memcpy(&value, m_block.get() + at, sizeof value);
            return value;
        }
        void set_field(std::size_t at, std::size_t value)
        {
            const auto narrow = static_cast<std::uint32_t>(value);
            std::memcpy(m_block.get() + at, &narrow, sizeof narrow);
        }
        void allocate(std::size_t capacity)
        {
            m_block.reset(new std::uint8_t[header + capacity]);
            set_field(capacity_at, capacity);
        }
        void copy(ByteView bytes)
        {
            set_field(length_at, bytes.size());
            if (!bytes.empty()) std::memcpy(m_block.get() + header, bytes.data(), bytes.size());
        }

        std::unique_ptr<std::uint8_t[]> m_block;
    };

    Row decode(ByteView bytes) const
    {
        Row row;
        decode_into(bytes, row);
        return row;
    }

    /** Overwrites `row`, reusing its strings' and lists' storage: a walk over a million rows then allocates almost nothing. */
    void decode_into(ByteView bytes, Row& row) const
    {
        Decoder in(bytes);
        Row::decode_into(in, row);
        in.expect_end(m_what);
    }

    void remember(const Key& key)
    {
        // A transaction writes a handful of rows, so a scan beats a second hash table here.
        for (const auto& [journaled, before] : m_undo)
            if (journaled == key) return;
        const Row* row = find(key);
        m_undo.emplace_back(key, row ? std::optional<Row>(*row) : std::nullopt);
    }

    const char* m_what;
    std::unordered_map<Key, Encoded, TableHash<Key>> m_encoded;
    /** Decoded rows read or written since the block's changes were last taken; nullopt for a row erased since. */
    mutable std::unordered_map<Key, std::optional<Row>, TableHash<Key>> m_cache;
    std::size_t m_size = 0;
    std::vector<std::pair<Key, std::optional<Row>>> m_undo;
    std::vector<Key> m_dirty;
};

} // namespace berth
