#pragma once

#include "publickey.h"

#include <memory>

typedef struct evp_pkey_st EVP_PKEY;

namespace berth {

/**
 * An Ed25519 signing key held by OpenSSL. It is created from a 32-byte seed (the form the
 * keystore encrypts) or freshly generated, and it signs transactions and blocks.
 */
class PrivateKey
{
public:
    static constexpr std::size_t seed_size = 32;

    static PrivateKey generate();
    /** Throws std::invalid_argument if OpenSSL rejects the seed. */
    static PrivateKey from_seed(const std::array<std::uint8_t, seed_size>& seed);

    PrivateKey(PrivateKey&&) noexcept = default;
    PrivateKey& operator=(PrivateKey&&) noexcept = default;
    ~PrivateKey();

    Signature sign(ByteView message) const;
    const PublicKey& public_key() const { return m_public; }
    std::array<std::uint8_t, seed_size> seed() const;

private:
    explicit PrivateKey(EVP_PKEY* key);

    struct Deleter {
        void operator()(EVP_PKEY* key) const;
    };
    std::unique_ptr<EVP_PKEY, Deleter> m_key;
    PublicKey m_public;
};

} // namespace berth
