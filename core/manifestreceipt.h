#pragma once

#include "bytes.h"
#include "hash.h"
#include "job.h"
#include "publickey.h"

#include <string>

namespace berth {

class PrivateKey;

/**
 * A provider's signed acknowledgement that it received a lease's manifest: an Ed25519
 * signature over a domain tag, the chain id, the lease id and the manifest's SHA-256. The
 * provider hands it to the tenant with its 202 answer; the tenant posts it on chain
 * (tx::ManifestDelivered), which makes the delivery provable and refuses a later
 * ManifestTimeout. The chain id keeps a receipt from one chain out of another.
 */
class ManifestReceipt
{
public:
    static Bytes signed_bytes(const std::string& chain_id, JobId lease, const Hash256& manifest_hash);
    static Signature sign(const PrivateKey& provider, const std::string& chain_id, JobId lease, const Hash256& manifest_hash);
    static bool verify(const PublicKey& provider, const std::string& chain_id, JobId lease, const Hash256& manifest_hash,
                       const Signature& receipt);
};

} // namespace berth
