#include "providerrowchunks.h"

#include <algorithm>

namespace berth::gui {

void ProviderRowChunks::clear()
{
    m_chunks.clear();
    m_starts.clear();
    m_size = 0;
}

void ProviderRowChunks::append_chunk(const QList<ProviderRow>& rows)
{
    if (rows.isEmpty()) return;
    m_chunks.push_back(rows);
    m_starts.push_back(m_size);
    m_size += static_cast<std::size_t>(rows.size());
}

void ProviderRowChunks::push_back(const ProviderRow& row)
{
    if (m_chunks.empty()) {
        append_chunk({row});
        return;
    }
    m_chunks.back().push_back(row);
    ++m_size;
}

std::size_t ProviderRowChunks::chunk_of(std::size_t row) const
{
    // The last chunk whose first row is at or before `row`.
    return static_cast<std::size_t>(std::upper_bound(m_starts.begin(), m_starts.end(), row) - m_starts.begin()) - 1;
}

} // namespace berth::gui
