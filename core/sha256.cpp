#include "sha256.h"

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <utility>

namespace berth {

namespace {
/**
 * SHA-256 fetched from OpenSSL's default provider once. EVP_sha256() makes every digest look
 * the algorithm up again under a lock, which doubled the cost of hashing a small object; a
 * fetched EVP_MD is immutable and safe to share between threads.
 */
const EVP_MD* sha256()
{
    static const EVP_MD* md = [] {
        const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
        if (!fetched) throw std::runtime_error("OpenSSL has no SHA-256");
        return fetched;
    }();
    return md;
}
} // namespace

Sha256::Sha256() : m_ctx(EVP_MD_CTX_new())
{
    if (!m_ctx) throw std::bad_alloc();
    start();
}

Sha256::Sha256(const Sha256& other) : m_ctx(EVP_MD_CTX_new())
{
    if (!m_ctx) throw std::bad_alloc();
    if (EVP_MD_CTX_copy_ex(m_ctx, other.m_ctx) != 1) {
        EVP_MD_CTX_free(m_ctx);
        throw std::runtime_error("SHA-256 failed to copy");
    }
}

Sha256& Sha256::operator=(const Sha256& other)
{
    if (this != &other) *this = Sha256(other);
    return *this;
}

Sha256::Sha256(Sha256&& other) noexcept : m_ctx(std::exchange(other.m_ctx, nullptr)) {}

Sha256& Sha256::operator=(Sha256&& other) noexcept
{
    std::swap(m_ctx, other.m_ctx);
    return *this;
}

Sha256::~Sha256()
{
    EVP_MD_CTX_free(m_ctx);
}

void Sha256::start()
{
    if (EVP_DigestInit_ex2(m_ctx, sha256(), nullptr) != 1) throw std::runtime_error("SHA-256 failed to start");
}

Sha256& Sha256::update(ByteView data)
{
    if (EVP_DigestUpdate(m_ctx, data.data(), data.size()) != 1) {
        start(); // so that a reused hasher does not carry the failed digest's input into the next
        throw std::runtime_error("SHA-256 failed");
    }
    return *this;
}

Sha256& Sha256::update_length(std::size_t size)
{
    if (size > UINT32_MAX) throw std::length_error("field too long to encode");
    const std::array<std::uint8_t, 4> prefix{static_cast<std::uint8_t>(size >> 24), static_cast<std::uint8_t>(size >> 16),
                                             static_cast<std::uint8_t>(size >> 8), static_cast<std::uint8_t>(size)};
    return update(prefix);
}

Hash256 Sha256::finish()
{
    std::array<std::uint8_t, Hash256::size> out{};
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(m_ctx, out.data(), &len) != 1 || len != out.size()) throw std::runtime_error("SHA-256 failed");
    start();
    return Hash256(out);
}

} // namespace berth
