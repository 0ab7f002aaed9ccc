#include "hash.h"

#include "sha256.h"

#include <algorithm>
#include <stdexcept>

namespace berth {

namespace {
/** One context a thread, reused from digest to digest: see Sha256. */
Sha256& thread_hasher()
{
    thread_local Sha256 hasher;
    return hasher;
}
} // namespace

Hash256 Hash256::of(ByteView data)
{
    return thread_hasher().update(data).finish();
}

Hash256 Hash256::combine(const Hash256& left, const Hash256& right)
{
    return thread_hasher().update(left.m_bytes).update(right.m_bytes).finish();
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
