#include "address.h"

#include "hash.h"

#include <algorithm>

namespace berth {

Address Address::of(const PublicKey& key)
{
    const Hash256 digest = Hash256::of(key.bytes());
    std::array<std::uint8_t, size> bytes{};
    std::copy_n(digest.bytes().begin(), size, bytes.begin());
    return Address(bytes);
}

std::array<char, Address::text_size> Address::text() const
{
    std::array<char, text_size> out{};
    write_hex(m_bytes, std::copy(prefix.begin(), prefix.end(), out.begin()));
    return out;
}

std::optional<Address> Address::parse(std::string_view text)
{
    if (!text.starts_with(prefix)) return std::nullopt;
    auto bytes = fixed_from_hex<size>(text.substr(prefix.size()));
    if (!bytes) return std::nullopt;
    return Address(*bytes);
}

} // namespace berth
