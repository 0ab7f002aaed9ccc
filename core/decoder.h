#pragma once

#include "amount.h"
#include "bytes.h"

#include <stdexcept>
#include <string>
#include <string_view>

namespace berth {

/** Thrown when bytes are not a valid canonical encoding; the message names the field. */
class DecodeError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/**
 * Reads the canonical encoding written by Encoder. Every read names the field it expects,
 * so a truncated or malformed input fails with a message such as "truncated at 'nonce'".
 * Decoding untrusted input never reads out of bounds and never allocates more than the
 * input's own size.
 */
class Decoder
{
public:
    explicit Decoder(ByteView data) : m_data(data) {}

    std::uint8_t u8(const char* field);
    std::uint32_t u32(const char* field);
    std::uint64_t u64(const char* field);
    bool boolean(const char* field);
    Amount amount(const char* field);
    Bytes bytes(const char* field, std::size_t max_size);
    std::string str(const char* field, std::size_t max_size);
    template <std::size_t N>
    std::array<std::uint8_t, N> fixed(const char* field)
    {
        ByteView view = take(N, field);
        std::array<std::uint8_t, N> out{};
        std::copy(view.begin(), view.end(), out.begin());
        return out;
    }
    /** A count of following items, each at least `min_item_size` bytes, checked against what is left. */
    std::uint32_t count(const char* field, std::size_t min_item_size);

    /** The compact forms (see Encoder); an overlong or out-of-range one is not canonical and throws. */
    std::uint64_t varint(const char* field);
    std::uint32_t varint32(const char* field);
    Amount compact_amount(const char* field);
    std::string compact_str(const char* field, std::size_t max_size);
    /** A compact string in place: valid while the input is, for assigning into a string that keeps its storage. */
    std::string_view compact_str_view(const char* field, std::size_t max_size);
    std::uint32_t compact_count(const char* field, std::size_t min_item_size);

    bool at_end() const { return m_pos == m_data.size(); }
    /** Throws unless every byte was consumed: trailing bytes would make encodings non-canonical. */
    void expect_end(const char* what) const;

private:
    ByteView take(std::size_t n, const char* field);
    /** A length-prefixed field, in place. */
    ByteView sized_view(const char* field, std::size_t max_size);
    ByteView checked_view(std::uint64_t size, const char* field, std::size_t max_size);
    std::uint32_t checked_count(std::uint64_t n, const char* field, std::size_t min_item_size) const;

    ByteView m_data;
    std::size_t m_pos = 0;
};

} // namespace berth
