#pragma once

#include "amount.h"
#include "bytes.h"

#include <string_view>

namespace berth {

/**
 * Writes the chain's canonical binary encoding: big-endian fixed-width integers, 256-bit
 * amounts as 32 bytes, and length-prefixed strings. One value has exactly one encoding,
 * so equal transactions, blocks and state objects always hash the same.
 */
class Encoder
{
public:
    /** Starts with room for `capacity` bytes: a vector grown one field at a time reallocates about ten times for a state object. */
    explicit Encoder(std::size_t capacity = 64) { m_data.reserve(capacity); }

    Encoder& u8(std::uint8_t value);
    Encoder& u32(std::uint32_t value);
    Encoder& u64(std::uint64_t value);
    Encoder& boolean(bool value) { return u8(value ? 1 : 0); }
    Encoder& amount(const Amount& value);
    Encoder& raw(ByteView bytes);
    Encoder& bytes(ByteView bytes);
    Encoder& str(std::string_view text) { return bytes(as_bytes(text)); }

    const Bytes& data() const { return m_data; }
    Bytes take() { return std::move(m_data); }
    /** Starts a new encoding in the same buffer. */
    void clear() { m_data.clear(); }

private:
    Bytes m_data;
};

} // namespace berth
