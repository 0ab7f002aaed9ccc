#pragma once

#include "address.h"
#include "entriesbykey.h"

#include <absl/container/node_hash_map.h>
#include <absl/hash/hash.h>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <functional>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace berth {

/** Hashes an address by its leading bytes: they are already a SHA-256 output. */
struct AddressHash {
    std::size_t operator()(const Address& a) const noexcept
    {
        std::size_t h;
        std::memcpy(&h, a.bytes().data(), sizeof h);
        return h;
    }
};

/** The keys a block's transactions committed, each once and in key order: what a table's take_dirty() hands out. */
template <typename Key>
std::vector<Key> changed_keys(std::vector<Key> committed)
{
    std::sort(committed.begin(), committed.end());
    committed.erase(std::unique(committed.begin(), committed.end()), committed.end());
    return committed;
}

template <typename Key>
using TableHash = std::conditional_t<std::is_same_v<Key, Address>, AddressHash, std::hash<Key>>;

/** An open-addressing table takes its probe position and tag from the hash's bits as they are, so other keys are mixed first. */
template <typename Key>
using MixedTableHash = std::conditional_t<std::is_same_v<Key, Address>, AddressHash, absl::Hash<Key>>;

/**
 * One keyed collection of the ledger's state with a per-transaction undo journal. Rows live in
 * a hash table, since a block only looks rows up by key; the few readers that need key order
 * (listings, a fresh store) ask for it and pay for the sort. Each row has a node of its own and
 * the table's open-addressing slots hold only the node's address: a cold row is reached through
 * its slot and its node (std::unordered_map also reads the node before its bucket's first), the
 * slots stay small, and a row does not move while a transaction that holds it adds others. The
 * first write to a row inside a transaction saves its previous value, so a rejected transaction
 * is rolled back exactly; committed writes are remembered as dirty until the block takes them,
 * which is what lets the state root and the store touch only what changed.
 */
template <typename Key, typename Row>
class Table
{
public:
    using Rows = absl::node_hash_map<Key, Row, MixedTableHash<Key>>;
    /** A row seen in key order: references into the table, valid until it is next written. */
    using Entry = std::pair<const Key&, const Row&>;

    const Row* find(const Key& key) const
    {
        auto it = m_rows.find(key);
        return it == m_rows.end() ? nullptr : &it->second;
    }
    bool contains(const Key& key) const { return m_rows.count(key) != 0; }
    std::size_t size() const { return m_rows.size(); }
    /** Every row, in no particular order. */
    const Rows& rows() const { return m_rows; }

    /** Every row in key order. */
    std::vector<Entry> ordered() const
    {
        const auto sorted = entries_by_key(m_rows);
        std::vector<Entry> out;
        out.reserve(sorted.size());
        for (const auto* row : sorted) out.emplace_back(row->first, row->second);
        return out;
    }

    /** A writable row, created default when absent. */
    Row& write(const Key& key)
    {
        remember(key);
        return m_rows[key];
    }

    void erase(const Key& key)
    {
        remember(key);
        m_rows.erase(key);
    }

    /** Keys written since the last commit or rollback (the current transaction). */
    std::vector<Key> touched() const
    {
        std::vector<Key> keys;
        keys.reserve(m_undo.size());
        for (const auto& [key, before] : m_undo) keys.push_back(key);
        return keys;
    }

    void commit()
    {
        for (const auto& [key, before] : m_undo) m_dirty.push_back(key);
        m_undo.clear();
    }

    void rollback()
    {
        for (auto& [key, before] : m_undo) {
            if (before)
                m_rows[key] = std::move(*before);
            else
                m_rows.erase(key);
        }
        m_undo.clear();
    }

    /** Keys committed since the last call, each once and in key order: the rows a block changed. */
    std::vector<Key> take_dirty()
    {
        assert(m_undo.empty());
        return changed_keys(std::exchange(m_dirty, {}));
    }

    /** Forgets the rows committed so far, as if a block had taken them. */
    void forget_dirty()
    {
        assert(m_undo.empty());
        m_dirty.clear();
    }

    /** Loads a row from storage without journaling it. */
    void load(const Key& key, Row row) { m_rows.insert_or_assign(key, std::move(row)); }
    /** Makes room for `count` rows, so that loading a large state does not rehash it again and again. */
    void reserve(std::size_t count) { m_rows.reserve(count); }

private:
    void remember(const Key& key)
    {
        // A transaction writes a handful of rows, so a scan beats a second hash table here.
        for (const auto& [journaled, before] : m_undo)
            if (journaled == key) return;
        auto it = m_rows.find(key);
        m_undo.emplace_back(key, it == m_rows.end() ? std::nullopt : std::optional<Row>(it->second));
    }

    Rows m_rows;
    std::vector<std::pair<Key, std::optional<Row>>> m_undo;
    std::vector<Key> m_dirty;
};

} // namespace berth
