#pragma once

#include "publickey.h"

#include <optional>
#include <string>

namespace berth {

/**
 * An account address: the first 20 bytes of SHA-256 of the account's Ed25519 public key,
 * written as "berth" followed by 40 lower-case hex digits.
 */
class Address
{
public:
    static constexpr std::size_t size = 20;
    static constexpr std::string_view prefix = "berth";
    static constexpr std::size_t text_size = prefix.size() + 2 * size;

    Address() = default;
    explicit Address(const std::array<std::uint8_t, size>& bytes) : m_bytes(bytes) {}

    static Address of(const PublicKey& key);
    /** Parses the "berth…" form; nullopt for anything else. */
    static std::optional<Address> parse(std::string_view text);

    const std::array<std::uint8_t, size>& bytes() const { return m_bytes; }
    /** The "berth…" form in a buffer of its own, for writers that bind many addresses and need no string of each. */
    std::array<char, text_size> text() const;
    std::string str() const
    {
        const auto spelled = text();
        return std::string(spelled.data(), spelled.size());
    }
    bool is_null() const { return *this == Address{}; }

    auto operator<=>(const Address&) const = default;

private:
    std::array<std::uint8_t, size> m_bytes{};
};

} // namespace berth
