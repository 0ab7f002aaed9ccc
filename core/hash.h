#pragma once

#include "bytes.h"

#include <array>
#include <compare>
#include <cstring>
#include <string>

namespace berth {

/** A SHA-256 digest; the chain's one hash function for ids, roots and addresses. */
class Hash256
{
public:
    static constexpr std::size_t size = 32;

    Hash256() = default;
    explicit Hash256(const std::array<std::uint8_t, size>& bytes) : m_bytes(bytes) {}

    static Hash256 of(ByteView data);
    /** Hash of the concatenation of two digests: the inner node of the state and transaction trees. */
    static Hash256 combine(const Hash256& left, const Hash256& right);
    static std::optional<Hash256> from_hex(std::string_view hex);

    const std::array<std::uint8_t, size>& bytes() const { return m_bytes; }
    std::string hex() const { return to_hex(m_bytes); }
    bool is_zero() const;

    auto operator<=>(const Hash256&) const = default;

private:
    std::array<std::uint8_t, size> m_bytes{};
};

/** Hashes a digest for a hashed container by its leading bytes: they are already a SHA-256 output. */
struct Hash256Hash {
    std::size_t operator()(const Hash256& h) const noexcept
    {
        std::size_t out;
        std::memcpy(&out, h.bytes().data(), sizeof out);
        return out;
    }
};

} // namespace berth
