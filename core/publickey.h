#pragma once

#include "bytes.h"

#include <array>
#include <compare>

namespace berth {

using Signature = std::array<std::uint8_t, 64>;

/** An Ed25519 public key: what a transaction names as its sender and verifies against. */
class PublicKey
{
public:
    static constexpr std::size_t size = 32;

    PublicKey() = default;
    explicit PublicKey(const std::array<std::uint8_t, size>& bytes) : m_bytes(bytes) {}

    /** True when `signature` is this key's Ed25519 signature over `message`. */
    bool verify(ByteView message, const Signature& signature) const;

    const std::array<std::uint8_t, size>& bytes() const { return m_bytes; }
    std::string hex() const { return to_hex(m_bytes); }

    auto operator<=>(const PublicKey&) const = default;

private:
    std::array<std::uint8_t, size> m_bytes{};
};

} // namespace berth
