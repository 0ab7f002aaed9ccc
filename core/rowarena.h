#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace berth {

/**
 * Memory for the rows a table loads from a store, handed out in parts of large blocks that are
 * only freed together, with the arena. Opening a store of a million jobs otherwise made a million
 * allocations, and the kernel filled their memory a 4 KB page at a time; an arena's blocks are
 * aligned to 2 MB and offered to the kernel for transparent huge pages, so that a block is one
 * page fault instead of 512.
 */
class RowArena
{
public:
    /** The largest part lend() hands out. */
    static constexpr std::size_t block_bytes = std::size_t{2} << 20;

    /** `bytes` (at most block_bytes) of memory that stays valid as long as the arena. */
    std::uint8_t* lend(std::size_t bytes);

private:
    struct Free {
        void operator()(std::uint8_t* block) const;
    };

    std::vector<std::unique_ptr<std::uint8_t, Free>> m_blocks;
    std::size_t m_used = 0;
};

} // namespace berth
