#pragma once

#include "decoder.h"
#include "encodedrow.h"
#include "encoder.h"
#include "entriesbykey.h"
#include "pagedslots.h"
#include "rowarena.h"
#include "table.h"

#include <cassert>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <type_traits>
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
 * (for_each) decodes each into a scratch row and caches nothing. The encodings rest in
 * PagedSlots, since the keys are numbers handed out in order; the rows loaded from a store rest
 * in a few large blocks instead of one allocation each. The journal and the dirty keys behave as
 * in Table.
 */
template <typename Key, typename Row>
class EncodedTable
{
    static_assert(std::is_unsigned_v<Key>, "rows are filed in PagedSlots by number");

public:
    /** The table's name in a DecodeError about one of its rows. */
    explicit EncodedTable(const char* what) : m_what(what) {}
    EncodedTable(EncodedTable&&) noexcept = default;
    EncodedTable& operator=(EncodedTable&&) noexcept = default;

    const Row* find(const Key& key) const
    {
        if (auto cached = m_cache.find(key); cached != m_cache.end()) return cached->second ? &*cached->second : nullptr;
        const EncodedRow* stored = m_encoded.find(key);
        if (!stored) return nullptr;
        return &*m_cache.emplace(key, decode(stored->view())).first->second;
    }
    bool contains(const Key& key) const
    {
        if (auto cached = m_cache.find(key); cached != m_cache.end()) return cached->second.has_value();
        return m_encoded.find(key) != nullptr;
    }
    std::size_t size() const { return m_size; }

    /** Calls fn(key, row) for every row in key order; fn must not read or write the table. */
    template <typename Fn>
    void for_each(Fn&& fn) const
    {
        // The rows of the current block (decoded, and perhaps new or erased) are merged into
        // the walk over the stored ones, which comes in key order.
        const auto cached = entries_by_key(m_cache);
        auto next = cached.begin();
        const auto visit_cached = [&](const auto* entry) {
            if (const std::optional<Row>& row = entry->second) fn(entry->first, *row);
        };
        Row scratch;
        m_encoded.for_each([&](Key key, const EncodedRow& encoded) {
            for (; next != cached.end() && (*next)->first < key; ++next) visit_cached(*next);
            if (next != cached.end() && (*next)->first == key) {
                visit_cached(*next++);
                return;
            }
            decode_into(encoded.view(), scratch);
            fn(key, std::as_const(scratch));
        });
        for (; next != cached.end(); ++next) visit_cached(*next);
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
            EncodedRow& stored = m_encoded.slot(key);
            if (!row) {
                stored = EncodedRow();
                fn(key, std::optional<ByteView>());
                continue;
            }
            scratch.clear();
            row->encode(scratch);
            stored.assign(scratch.data());
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
        const EncodedRow* stored = m_encoded.find(key);
        return stored ? std::optional<ByteView>(stored->view()) : std::nullopt;
    }

    /**
     * Loads a row's encoding from storage without journaling or decoding it: a corrupt one is
     * found when it is first read (see for_each, which the ledger runs over every row on open).
     */
    void load_encoded(const Key& key, ByteView value)
    {
        assert(m_cache.empty() && m_undo.empty());
        EncodedRow& stored = m_encoded.slot(key);
        if (stored) {
            stored.assign(value);
            return;
        }
        ++m_size;
        if (value.size() + EncodedRow::header <= RowArena::block_bytes)
            stored.place(m_arena.lend(value.size() + EncodedRow::header), value);
        else
            stored.assign(value);
    }
    /** Loads a decoded row without journaling it. */
    void load(const Key& key, const Row& row)
    {
        Encoder out(1024);
        row.encode(out);
        load_encoded(key, out.data());
    }

private:
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
    /** Lends the loaded rows their blocks; declared before the rows, so that it outlives them. */
    RowArena m_arena;
    PagedSlots<EncodedRow> m_encoded;
    /** Decoded rows read or written since the block's changes were last taken; nullopt for a row erased since. */
    mutable std::unordered_map<Key, std::optional<Row>, TableHash<Key>> m_cache;
    std::size_t m_size = 0;
    std::vector<std::pair<Key, std::optional<Row>>> m_undo;
    std::vector<Key> m_dirty;
};

} // namespace berth
