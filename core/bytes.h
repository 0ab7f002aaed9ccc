#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace berth {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

/** Lower-case hexadecimal of arbitrary bytes. */
std::string to_hex(ByteView bytes);
/** Writes `bytes` as lower-case hex at `out`, two characters a byte; returns the end of what it wrote. */
char* write_hex(ByteView bytes, char* out);

/** Parses lower- or upper-case hexadecimal; nullopt on odd length or a non-hex digit. */
std::optional<Bytes> from_hex(std::string_view hex);

/** Parses hexadecimal that must decode to exactly N bytes. */
template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> fixed_from_hex(std::string_view hex)
{
    auto bytes = from_hex(hex);
    if (!bytes || bytes->size() != N) return std::nullopt;
    std::array<std::uint8_t, N> out{};
    std::copy(bytes->begin(), bytes->end(), out.begin());
    return out;
}

inline ByteView as_bytes(std::string_view text)
{
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

} // namespace berth
