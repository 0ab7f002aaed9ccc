#pragma once

#include "bytes.h"

#include <cstdint>
#include <cstring>
#include <utility>

namespace berth {

/**
 * One row's encoding in a single block: its capacity and length (four bytes each), then the
 * bytes. A block's changes are written over the encoding in place when they fit, since in a heap
 * of a million rows an allocation and a free cost more than encoding the row. A row either owns
 * its block (a heap block) or rests in one lent by its table (see place()), which the table frees
 * with the rest of its memory; a lent block's row that outgrows it moves to a heap block of its
 * own. An EncodedRow without a block is no row.
 */
class EncodedRow
{
public:
    /** The bytes a block needs before the encoding. */
    static constexpr std::size_t header = 2 * sizeof(std::uint32_t);

    EncodedRow() = default;
    EncodedRow(EncodedRow&& other) noexcept : m_block(std::exchange(other.m_block, nullptr)) {}
    EncodedRow& operator=(EncodedRow&& other) noexcept
    {
        if (this != &other) {
            release();
            m_block = std::exchange(other.m_block, nullptr);
        }
        return *this;
    }
    ~EncodedRow() { release(); }

    explicit operator bool() const { return m_block != nullptr; }
    ByteView view() const { return ByteView(m_block + header, field(length_at)); }

    /** Writes `bytes` over the row: in its block when they fit, else in a new heap block. */
    void assign(ByteView bytes)
    {
        if (!m_block || bytes.size() > capacity()) {
            const std::size_t room = m_block ? growth_room : 0;
            release();
            m_block = new std::uint8_t[header + bytes.size() + room];
            set_field(capacity_at, bytes.size() + room);
        }
        copy(bytes);
    }

    /** Rests the row in `block`, lent by its table, of header + bytes.size() bytes, which the row will not free. */
    void place(std::uint8_t* block, ByteView bytes)
    {
        release();
        m_block = block;
        set_field(capacity_at, bytes.size() | lent);
        copy(bytes);
    }

private:
    static constexpr std::size_t capacity_at = 0;
    static constexpr std::size_t length_at = sizeof(std::uint32_t);
    /** The capacity's top bit marks a block lent by the table. */
    static constexpr std::uint32_t lent = std::uint32_t{1} << 31;
    /** A row that outgrew its block may grow again, as a lease moves through its states. */
    static constexpr std::size_t growth_room = 16;

    std::uint32_t field(std::size_t at) const
    {
        std::uint32_t value;
        std::memcpy(&value, m_block + at, sizeof value);
        return value;
    }
    void set_field(std::size_t at, std::size_t value)
    {
        const auto narrow = static_cast<std::uint32_t>(value);
        std::memcpy(m_block + at, &narrow, sizeof narrow);
    }
    std::size_t capacity() const { return field(capacity_at) & ~lent; }
    void copy(ByteView bytes)
    {
        set_field(length_at, bytes.size());
        if (!bytes.empty()) std::memcpy(m_block + header, bytes.data(), bytes.size());
    }
    void release()
    {
        if (m_block && !(field(capacity_at) & lent)) delete[] m_block;
        m_block = nullptr;
    }

    std::uint8_t* m_block = nullptr;
};

} // namespace berth
