#pragma once

#include "providerrow.h"

#include <QList>

#include <cstddef>
#include <vector>

namespace berth::gui {

/**
 * The market's provider rows, numbered in the order they came. The node's start-up snapshot
 * arrives in implicitly shared chunks, and they are kept as they arrived: taking one into the
 * model copies no row, where copying 10,000 rows cost the GUI thread as long as the rest of
 * their load. A row's chunk is found from each chunk's first row number. Providers that
 * register later are appended to the last chunk.
 */
class ProviderRowChunks
{
public:
    void clear();
    void append_chunk(const QList<ProviderRow>& rows);
    void push_back(const ProviderRow& row);

    std::size_t size() const { return m_size; }
    const ProviderRow& operator[](std::size_t row) const
    {
        const std::size_t chunk = chunk_of(row);
        return m_chunks[chunk].at(static_cast<qsizetype>(row - m_starts[chunk]));
    }
    /** A row to change in place; its chunk stops being shared with the snapshot that brought it, if it still is. */
    ProviderRow& operator[](std::size_t row)
    {
        const std::size_t chunk = chunk_of(row);
        return m_chunks[chunk][static_cast<qsizetype>(row - m_starts[chunk])];
    }

    template <typename Visit>
    void for_each(Visit&& visit) const
    {
        for (const QList<ProviderRow>& chunk : m_chunks)
            for (const ProviderRow& row : chunk) visit(row);
    }

private:
    std::size_t chunk_of(std::size_t row) const;

    std::vector<QList<ProviderRow>> m_chunks;
    /** The number of each chunk's first row. */
    std::vector<std::size_t> m_starts;
    std::size_t m_size = 0;
};

} // namespace berth::gui
