#pragma once

#include "address.h"
#include "amount.h"
#include "hash.h"
#include "job.h"
#include "publickey.h"

#include <string>
#include <variant>
#include <vector>

namespace berth {

class PrivateKey;

/** The transaction payloads: one struct per action a user, provider or auditor can take. */
namespace tx {
// One payload a line reads as the table it is.
// clang-format off
struct Transfer { Address to; Denom denom = Denom::USDC; Amount amount = 0; };
struct RegisterProvider { std::string name, region, endpoint; };
/** Creates, re-prices or resizes an offer; capacity 0 withdraws it. */
struct SetOffer { std::string instance_type; Amount price_per_s = 0; std::uint32_t capacity = 0; };
struct Stake { Amount amount = 0; };
struct Unstake { Amount amount = 0; };
struct CreateOrder {
    std::string instance_type;
    std::uint32_t replicas = 1;
    Amount max_price_per_s = 0;
    Hash256 manifest_hash;
    std::string image_url;
    Amount deposit = 0;
};
struct CreateBid { JobId job = 0; Amount price_per_s = 0; };
/** The provider confirms its reservation: LEASE_READY. */
struct LeaseReady { JobId job = 0; };
/** The provider posts access details: DEPLOYMENT_CONFIRMED; billing starts. */
struct ConfirmDeployment { JobId job = 0; Access access; };
/** The user asks for new terms: UPDATE_LEASE. */
struct UpdateLease { JobId job = 0; PendingUpdate terms; };
/** The provider applied the update at a new price: LEASE_UPDATED. */
struct LeaseUpdated { JobId job = 0; Amount price_per_s = 0; Access access; };
/** The user's RequestToStopJob: CLOSE_LEASE, or cancelling an order still in lookup. */
struct CloseLease { JobId job = 0; };
/** The provider stopped the workload after CLOSE_LEASE: LEASE_CLOSED. */
struct LeaseClosed { JobId job = 0; };
struct DepositEscrow { JobId job = 0; Amount amount = 0; };
/** The provider's RequestToExitJob: the lease closes after job_exit_cooldown_s. */
struct ExitLease { JobId job = 0; };
struct ReportFault { JobId job = 0; std::string reason; };
struct WithdrawEarnings {};
struct PublishCertificate { Bytes der; };
struct RevokeCertificate {};
/** A registered provider changes its name, region or manifest endpoint. */
struct UpdateProvider { std::string name, region, endpoint; };
/** The provider closes a lease whose owner never uploaded the manifest within manifest_timeout_s. */
struct ManifestTimeout { JobId job = 0; };
/** The provider cannot run the requested update: the lease returns to DEPLOYMENT_CONFIRMED with its old terms. */
struct RefuseUpdate { JobId job = 0; std::string reason; };
/** The provider re-posts a running lease's access details (after a restart moved its workloads). */
struct RestoreAccess { JobId job = 0; Access access; };
/**
 * The lease's owner posts the provider's signed receipt of the manifest (ManifestReceipt): its
 * delivery is then on chain, and the provider can no longer close the lease with ManifestTimeout.
 */
struct ManifestDelivered { JobId job = 0; Hash256 manifest_hash; PublicKey provider_key; Signature receipt{}; };

// clang-format on
using Payload =
    std::variant<Transfer, RegisterProvider, SetOffer, Stake, Unstake, CreateOrder, CreateBid, LeaseReady, ConfirmDeployment, UpdateLease,
                 LeaseUpdated, CloseLease, LeaseClosed, DepositEscrow, ExitLease, ReportFault, WithdrawEarnings, PublishCertificate,
                 RevokeCertificate, UpdateProvider, ManifestTimeout, RefuseUpdate, RestoreAccess, ManifestDelivered>;
} // namespace tx

/** The wire name of a payload type ("create_order", …), as RPC and the CLI show it. */
std::string_view payload_name(const tx::Payload& payload);

/**
 * A signed transaction: chain id, the sender's public key and nonce, one payload, and the
 * sender's Ed25519 signature over the canonical encoding of everything else. Its id is the
 * SHA-256 of its full encoding, so the same transaction always has the same id.
 */
class Transaction
{
public:
    std::string chain_id;
    PublicKey sender;
    std::uint64_t nonce = 0;
    tx::Payload payload;
    Signature signature{};

    static Transaction make(const std::string& chain_id, const PrivateKey& key, std::uint64_t nonce, tx::Payload payload);

    Address sender_address() const { return Address::of(sender); }
    /** The bytes the signature covers: a domain tag and every field but the signature. */
    Bytes signing_bytes() const;
    bool verify_signature() const;
    Bytes encode() const;
    /** Throws DecodeError naming the field when `data` is not one canonical transaction. */
    static Transaction decode(ByteView data);
    Hash256 id() const { return Hash256::of(encode()); }

private:
    friend class PreparedTransaction;
    void encode_unsigned(class Encoder& out) const;
    /** The signing bytes with the signature after them; the encoding is the part from `encoding_offset` on. */
    Bytes signed_serialisation(std::size_t& encoding_offset) const;
};

} // namespace berth
