#include "manifestreceipt.h"

#include "encoder.h"
#include "privatekey.h"

namespace berth {

namespace {
constexpr std::string_view receipt_domain = "berth-manifest-receipt-v1";
}

Bytes ManifestReceipt::signed_bytes(const std::string& chain_id, JobId lease, const Hash256& manifest_hash)
{
    Encoder out;
    out.str(receipt_domain).str(chain_id).u64(lease).raw(manifest_hash.bytes());
    return out.take();
}

Signature ManifestReceipt::sign(const PrivateKey& provider, const std::string& chain_id, JobId lease, const Hash256& manifest_hash)
{
    return provider.sign(signed_bytes(chain_id, lease, manifest_hash));
}

bool ManifestReceipt::verify(const PublicKey& provider, const std::string& chain_id, JobId lease, const Hash256& manifest_hash,
                             const Signature& receipt)
{
    return provider.verify(signed_bytes(chain_id, lease, manifest_hash), receipt);
}

} // namespace berth
