#pragma once

#include "amount.h"
#include "bytes.h"

#include <string_view>

namespace berth {

/**
 * Writes the chain's canonical binary encoding: big-endian fixed-width integers, 256-bit
 * amounts as 32 bytes, and length-prefixed strings. A job, the state's most numerous object,
 * uses the compact forms instead: integers as varints, amounts as their significant bytes
 * and lengths as varints. One value has exactly one encoding in either form, so equal
 * transactions, blocks and state objects always hash the same.
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

    /** Seven bits a byte, least significant group first, the high bit set on all but the last (LEB128). */
    Encoder& varint(std::uint64_t value);
    /** A length byte (0 to 32) and the amount's significant bytes, most significant first. */
    Encoder& compact_amount(const Amount& value);
    /** A varint length and the bytes. */
    Encoder& compact_bytes(ByteView bytes);
    Encoder& compact_str(std::string_view text) { return compact_bytes(as_bytes(text)); }

    const Bytes& data() const { return m_data; }
    Bytes take() { return std::move(m_data); }
    /** Starts a new encoding in the same buffer. */
    void clear() { m_data.clear(); }

private:
    Bytes m_data;
};

} // namespace berth
