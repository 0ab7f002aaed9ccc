#include "decoder.h"

namespace berth {

ByteView Decoder::take(std::size_t n, const char* field)
{
    if (m_data.size() - m_pos < n) throw DecodeError(std::string("truncated at '") + field + "'");
    ByteView view = m_data.subspan(m_pos, n);
    m_pos += n;
    return view;
}

std::uint8_t Decoder::u8(const char* field)
{
    return take(1, field)[0];
}

std::uint32_t Decoder::u32(const char* field)
{
    std::uint32_t value = 0;
    for (std::uint8_t b : take(4, field)) value = (value << 8) | b;
    return value;
}

std::uint64_t Decoder::u64(const char* field)
{
    std::uint64_t value = 0;
    for (std::uint8_t b : take(8, field)) value = (value << 8) | b;
    return value;
}

bool Decoder::boolean(const char* field)
{
    const std::uint8_t b = u8(field);
    if (b > 1) throw DecodeError(std::string("'") + field + "' is not a boolean");
    return b == 1;
}

Amount Decoder::amount(const char* field)
{
    // Shifting a 256-bit number 32 times was the costliest part of decoding a stored job.
    const ByteView digits = take(32, field);
    Amount value;
    boost::multiprecision::import_bits(value, digits.begin(), digits.end(), 8);
    return value;
}

ByteView Decoder::sized_view(const char* field, std::size_t max_size)
{
    const std::uint32_t size = u32(field);
    if (size > max_size)
        throw DecodeError(std::string("'") + field + "' is " + std::to_string(size) + " bytes; the limit is " + std::to_string(max_size));
    return take(size, field);
}

Bytes Decoder::bytes(const char* field, std::size_t max_size)
{
    const ByteView view = sized_view(field, max_size);
    return Bytes(view.begin(), view.end());
}

std::string Decoder::str(const char* field, std::size_t max_size)
{
    const ByteView raw = sized_view(field, max_size);
    return std::string(raw.begin(), raw.end());
}

std::uint32_t Decoder::count(const char* field, std::size_t min_item_size)
{
    const std::uint32_t n = u32(field);
    const std::size_t left = m_data.size() - m_pos;
    if (min_item_size > 0 && n > left / min_item_size)
        throw DecodeError(std::string("'") + field + "' claims " + std::to_string(n) + " items, more than the input holds");
    return n;
}

void Decoder::expect_end(const char* what) const
{
    if (!at_end()) throw DecodeError(std::string(what) + " has " + std::to_string(m_data.size() - m_pos) + " trailing bytes");
}

} // namespace berth
