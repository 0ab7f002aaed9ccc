#include "privatekey.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace berth {

void PrivateKey::Deleter::operator()(EVP_PKEY* key) const
{
    EVP_PKEY_free(key);
}

PrivateKey::PrivateKey(EVP_PKEY* key) : m_key(key)
{
    if (!m_key) throw std::invalid_argument("not an Ed25519 key");
    std::array<std::uint8_t, PublicKey::size> pub{};
    std::size_t len = pub.size();
    if (EVP_PKEY_get_raw_public_key(m_key.get(), pub.data(), &len) != 1 || len != pub.size())
        throw std::runtime_error("cannot read the Ed25519 public key");
    m_public = PublicKey(pub);
}

PrivateKey::~PrivateKey() = default;

PrivateKey PrivateKey::generate()
{
    EVP_PKEY* key = nullptr;
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), &EVP_PKEY_CTX_free);
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &key) != 1)
        throw std::runtime_error("Ed25519 key generation failed");
    return PrivateKey(key);
}

PrivateKey PrivateKey::from_seed(const std::array<std::uint8_t, seed_size>& seed)
{
    return PrivateKey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
}

Signature PrivateKey::sign(ByteView message) const
{
    Signature signature{};
    std::size_t len = signature.size();
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, m_key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), signature.data(), &len, message.data(), message.size()) != 1 || len != signature.size())
        throw std::runtime_error("Ed25519 signing failed");
    return signature;
}

std::array<std::uint8_t, PrivateKey::seed_size> PrivateKey::seed() const
{
    std::array<std::uint8_t, seed_size> seed{};
    std::size_t len = seed.size();
    if (EVP_PKEY_get_raw_private_key(m_key.get(), seed.data(), &len) != 1 || len != seed.size())
        throw std::runtime_error("cannot read the Ed25519 seed");
    return seed;
}

} // namespace berth
