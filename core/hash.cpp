#include "hash.h"

#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>

namespace berth {

/**
 * SHA-256 fetched from OpenSSL's default provider once. EVP_sha256() makes every digest look
 * the algorithm up again under a lock, which doubled the cost of hashing a small object; a
 * fetched EVP_MD is immutable and safe to share between threads.
 */
static const EVP_MD* sha256()
{
    static const EVP_MD* md = [] {
        const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
        if (!fetched) throw std::runtime_error("OpenSSL has no SHA-256");
        return fetched;
    }();
    return md;
}

Hash256 Hash256::of(ByteView data)
{
    std::array<std::uint8_t, size> out{};
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &len, sha256(), nullptr) != 1 || len != size)
        throw std::runtime_error("SHA-256 failed");
    return Hash256(out);
}

Hash256 Hash256::combine(const Hash256& left, const Hash256& right)
{
    std::array<std::uint8_t, 2 * size> joined{};
    std::copy(left.m_bytes.begin(), left.m_bytes.end(), joined.begin());
    std::copy(right.m_bytes.begin(), right.m_bytes.end(), joined.begin() + size);
    return of(joined);
}

std::optional<Hash256> Hash256::from_hex(std::string_view hex)
{
    auto bytes = fixed_from_hex<size>(hex);
    if (!bytes) return std::nullopt;
    return Hash256(*bytes);
}

bool Hash256::is_zero() const
{
    return std::all_of(m_bytes.begin(), m_bytes.end(), [](std::uint8_t b) { return b == 0; });
}

} // namespace berth
