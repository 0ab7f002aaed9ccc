#pragma once

#include <cassert>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

namespace berth {

/**
 * One keyed collection of the ledger's state with a per-transaction undo journal. The first
 * write to a row inside a transaction saves its previous value, so a rejected transaction is
 * rolled back exactly; committed writes are remembered as dirty until the block takes them,
 * which is what lets the state root and the store touch only what changed.
 */
template <typename Key, typename Row>
class Table
{
public:
    const Row* find(const Key& key) const
    {
        auto it = m_rows.find(key);
        return it == m_rows.end() ? nullptr : &it->second;
    }
    bool contains(const Key& key) const { return m_rows.count(key) != 0; }
    std::size_t size() const { return m_rows.size(); }
    const std::map<Key, Row>& rows() const { return m_rows; }

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
        for (const auto& [key, before] : m_undo) keys.push_back(key);
        return keys;
    }

    void commit()
    {
        for (const auto& [key, before] : m_undo) m_dirty.insert(key);
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

    /** Keys committed since the last call: the rows a block changed. */
    std::set<Key> take_dirty()
    {
        assert(m_undo.empty());
        return std::exchange(m_dirty, {});
    }

    /** Loads a row from storage without journaling it. */
    void load(const Key& key, Row row) { m_rows[key] = std::move(row); }

private:
    void remember(const Key& key)
    {
        if (m_undo.count(key)) return;
        auto it = m_rows.find(key);
        m_undo.emplace(key, it == m_rows.end() ? std::nullopt : std::optional<Row>(it->second));
    }

    std::map<Key, Row> m_rows;
    std::map<Key, std::optional<Row>> m_undo;
    std::set<Key> m_dirty;
};

} // namespace berth
