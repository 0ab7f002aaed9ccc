#include "publickey.h"

#include <openssl/evp.h>

#include <map>
#include <memory>

namespace berth {

namespace {

using KeyHandle = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using ContextHandle = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

/**
 * The keys imported into OpenSSL on one thread, by their raw bytes. OpenSSL 3 makes importing
 * a raw key cost a large part of a verification (a provider lookup and a new key object), and
 * the same senders sign many transactions, so each thread keeps the keys it has used, up to a
 * bound, and starts afresh when it is reached. Each thread has its own: nothing is shared.
 */
class ImportedKeys
{
public:
    EVP_PKEY* find_or_import(const std::array<std::uint8_t, PublicKey::size>& raw)
    {
        if (const auto it = m_keys.find(raw); it != m_keys.end()) return it->second.get();
        KeyHandle key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, raw.data(), raw.size()), &EVP_PKEY_free);
        if (!key) return nullptr;
        if (m_keys.size() >= capacity) m_keys.clear();
        return m_keys.emplace(raw, std::move(key)).first->second.get();
    }

private:
    static constexpr std::size_t capacity = 4096;
    std::map<std::array<std::uint8_t, PublicKey::size>, KeyHandle> m_keys;
};

} // namespace

bool PublicKey::verify(ByteView message, const Signature& signature) const
{
    thread_local ImportedKeys keys;
    thread_local ContextHandle ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    EVP_PKEY* key = keys.find_or_import(m_bytes);
    if (!key || !ctx) return false;
    // OpenSSL 3.0 fails a verification on a context last initialised with another key unless it is reset.
    EVP_MD_CTX_reset(ctx.get());
    if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1) return false;
    return EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size()) == 1;
}

} // namespace berth
