#pragma once

#include "bytes.h"
#include "hash.h"

struct evp_md_ctx_st;

namespace berth {

/**
 * An incremental SHA-256 over OpenSSL's EVP interface, for a value given in parts (a length
 * prefix and a body, a bucket's entries) that would otherwise be joined in a buffer first.
 * One digest context is kept and reused from digest to digest: making a context for every
 * small object (EVP_Digest) was a fifth of the cost of hashing it.
 */
class Sha256
{
public:
    Sha256();
    ~Sha256();
    /** A copy continues the same digest independently. */
    Sha256(const Sha256& other);
    Sha256& operator=(const Sha256& other);
    Sha256(Sha256&& other) noexcept;
    Sha256& operator=(Sha256&& other) noexcept;

    Sha256& update(ByteView data);
    /** The big-endian four-byte length the canonical encoding puts before a byte string (Encoder::bytes). */
    Sha256& update_length(std::size_t size);
    /** The digest of everything given since the last finish(); the next update starts a new one. */
    Hash256 finish();

private:
    void start();
    /** Null only in a moved-from hasher, which may be assigned to or destroyed. */
    evp_md_ctx_st* m_ctx;
};

} // namespace berth
