#include "encoder.h"

#include <algorithm>
#include <stdexcept>

namespace berth {

Encoder& Encoder::u8(std::uint8_t value)
{
    m_data.push_back(value);
    return *this;
}

Encoder& Encoder::u32(std::uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8) m_data.push_back(static_cast<std::uint8_t>(value >> shift));
    return *this;
}

Encoder& Encoder::u64(std::uint64_t value)
{
    for (int shift = 56; shift >= 0; shift -= 8) m_data.push_back(static_cast<std::uint8_t>(value >> shift));
    return *this;
}

Encoder& Encoder::amount(const Amount& value)
{
    // Boost writes the significant bytes, most significant first; the encoding is 32 bytes, zero-padded on the left.
    // (Shifting a 256-bit number 32 times was the costliest part of encoding a state object.)
    std::array<std::uint8_t, 32> digits{};
    const auto end = boost::multiprecision::export_bits(value, digits.begin(), 8);
    const auto count = static_cast<std::size_t>(end - digits.begin());
    std::array<std::uint8_t, 32> out{};
    std::copy(digits.begin(), end, out.begin() + static_cast<std::ptrdiff_t>(out.size() - count));
    return raw(out);
}

Encoder& Encoder::varint(std::uint64_t value)
{
    while (value >= 0x80) {
        m_data.push_back(static_cast<std::uint8_t>(value | 0x80));
        value >>= 7;
    }
    m_data.push_back(static_cast<std::uint8_t>(value));
    return *this;
}

Encoder& Encoder::compact_amount(const Amount& value)
{
    if (value.is_zero()) return u8(0);
    std::array<std::uint8_t, 32> digits{};
    const auto end = boost::multiprecision::export_bits(value, digits.begin(), 8);
    u8(static_cast<std::uint8_t>(end - digits.begin()));
    m_data.insert(m_data.end(), digits.begin(), end);
    return *this;
}

Encoder& Encoder::compact_bytes(ByteView bytes)
{
    varint(bytes.size());
    return raw(bytes);
}

Encoder& Encoder::raw(ByteView bytes)
{
    m_data.insert(m_data.end(), bytes.begin(), bytes.end());
    return *this;
}

Encoder& Encoder::bytes(ByteView bytes)
{
    if (bytes.size() > UINT32_MAX) throw std::length_error("field too long to encode");
    u32(static_cast<std::uint32_t>(bytes.size()));
    return raw(bytes);
}

} // namespace berth
