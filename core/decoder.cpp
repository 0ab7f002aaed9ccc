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
    return checked_view(u32(field), field, max_size);
}

ByteView Decoder::checked_view(std::uint64_t size, const char* field, std::size_t max_size)
{
    if (size > max_size)
        throw DecodeError(std::string("'") + field + "' is " + std::to_string(size) + " bytes; the limit is " + std::to_string(max_size));
    return take(static_cast<std::size_t>(size), field);
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
    return checked_count(u32(field), field, min_item_size);
}

std::uint32_t Decoder::checked_count(std::uint64_t n, const char* field, std::size_t min_item_size) const
{
    const std::size_t left = m_data.size() - m_pos;
    if (n > UINT32_MAX || (min_item_size > 0 && n > left / min_item_size))
        throw DecodeError(std::string("'") + field + "' claims " + std::to_string(n) + " items, more than the input holds");
    return static_cast<std::uint32_t>(n);
}

std::uint64_t Decoder::varint(const char* field)
{
    std::uint64_t value = 0;
    for (int shift = 0;; shift += 7) {
        const std::uint8_t b = u8(field);
        // The tenth byte may only hold the 64th bit.
        if (shift == 63 && b > 1) throw DecodeError(std::string("'") + field + "' overflows 64 bits");
        value |= static_cast<std::uint64_t>(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            // A last byte of zero after others means a shorter encoding of the same value exists.
            if (b == 0 && shift > 0) throw DecodeError(std::string("'") + field + "' is not in its shortest form");
            return value;
        }
    }
}

std::uint32_t Decoder::varint32(const char* field)
{
    const std::uint64_t value = varint(field);
    if (value > UINT32_MAX) throw DecodeError(std::string("'") + field + "' overflows 32 bits");
    return static_cast<std::uint32_t>(value);
}

Amount Decoder::compact_amount(const char* field)
{
    const std::uint8_t size = u8(field);
    if (size > 32) throw DecodeError(std::string("'") + field + "' has " + std::to_string(size) + " bytes; an amount has at most 32");
    if (size == 0) return 0;
    const ByteView digits = take(size, field);
    if (digits[0] == 0) throw DecodeError(std::string("'") + field + "' has a leading zero byte");
    Amount value;
    boost::multiprecision::import_bits(value, digits.begin(), digits.end(), 8);
    return value;
}

std::string Decoder::compact_str(const char* field, std::size_t max_size)
{
    return std::string(compact_str_view(field, max_size));
}

std::string_view Decoder::compact_str_view(const char* field, std::size_t max_size)
{
    const ByteView raw = checked_view(varint(field), field, max_size);
    return std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size());
}

std::uint32_t Decoder::compact_count(const char* field, std::size_t min_item_size)
{
    return checked_count(varint(field), field, min_item_size);
}

void Decoder::expect_end(const char* what) const
{
    if (!at_end()) throw DecodeError(std::string(what) + " has " + std::to_string(m_data.size() - m_pos) + " trailing bytes");
}

} // namespace berth
