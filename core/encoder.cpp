#include "encoder.h"

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
    std::array<std::uint8_t, 32> out{};
    Amount rest = value;
    for (int i = 31; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(rest & 0xff);
        rest >>= 8;
    }
    return raw(out);
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
