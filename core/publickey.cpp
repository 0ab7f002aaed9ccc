#include "publickey.h"

#include <openssl/evp.h>

#include <map>
#include <memory>

namespace berth {

namespace {

using KeyHandle = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using ContextHandle = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

/**
 * The keys imported into OpenSSL on one thread, by their raw bytes, each with a context set up
 * to verify its signatures. OpenSSL 3 makes importing a raw key cost a large part of a
 * verification (a provider lookup and a new key object), and setting up a context looks the
 * algorithm up again; copying a context set up once costs neither. The same senders sign many
 * transactions, so each thread keeps the keys it has used, up to a bound, and starts afresh
 * when it is reached. Each thread has its own: nothing is shared.
 */
class VerifyingKeys
{
public:
    /** A context set up to verify a signature by `raw`, or null when `raw` is not a key. */
    const EVP_MD_CTX* find_or_import(const std::array<std::uint8_t, PublicKey::size>& raw)
    {
        if (const auto it = m_contexts.find(raw); it != m_contexts.end()) return it->second.get();
        // The context holds its own reference to the key.
        const KeyHandle key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, raw.data(), raw.size()), &EVP_PKEY_free);
        ContextHandle ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
        if (!key || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) return nullptr;
        if (m_contexts.size() >= capacity) m_contexts.clear();
        return m_contexts.emplace(raw, std::move(ctx)).first->second.get();
    }

private:
    static constexpr std::size_t capacity = 4096;
    std::map<std::array<std::uint8_t, PublicKey::size>, ContextHandle> m_contexts;
};

} // namespace

bool PublicKey::verify(ByteView message, const Signature& signature) const
{
    thread_local VerifyingKeys keys;
    thread_local ContextHandle ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    const EVP_MD_CTX* prepared = keys.find_or_import(m_bytes);
    // OpenSSL documents a context as good for one EVP_DigestVerify, and its later versions refuse
    // a second: each verification gets a fresh copy of the prepared one.
    if (!prepared || !ctx || EVP_MD_CTX_copy_ex(ctx.get(), prepared) != 1) return false;
    return EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size()) == 1;
}

} // namespace berth
