#include "rowarena.h"

#include <cassert>
#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace berth {

std::uint8_t* RowArena::lend(std::size_t bytes)
{
    assert(bytes <= block_bytes);
    if (m_blocks.empty() || block_bytes - m_used < bytes) {
        auto* block = static_cast<std::uint8_t*>(std::aligned_alloc(block_bytes, block_bytes));
        if (!block) throw std::bad_alloc();
#if defined(__linux__)
        // Only a hint: without huge pages the block is filled a page at a time, as before.
        ::madvise(block, block_bytes, MADV_HUGEPAGE);
#endif
        m_blocks.emplace_back(block);
        m_used = 0;
    }
    std::uint8_t* part = m_blocks.back().get() + m_used;
    m_used += bytes;
    return part;
}

void RowArena::Free::operator()(std::uint8_t* block) const
{
    std::free(block);
}

} // namespace berth
