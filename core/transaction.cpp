#include "transaction.h"

#include "alwaysfalse.h"
#include "decoder.h"
#include "encoder.h"
#include "fieldlimits.h"
#include "privatekey.h"

namespace berth {

namespace {

constexpr std::string_view signing_domain = "berth-tx-v1";

void put_address(Encoder& out, const Address& a)
{
    out.raw(a.bytes());
}
Address get_address(Decoder& in, const char* field)
{
    return Address(in.fixed<Address::size>(field));
}
void put_hash(Encoder& out, const Hash256& h)
{
    out.raw(h.bytes());
}
Hash256 get_hash(Decoder& in, const char* field)
{
    return Hash256(in.fixed<Hash256::size>(field));
}

void put_access(Encoder& out, const Access& a)
{
    out.str(a.host).u32(static_cast<std::uint32_t>(a.ports.size()));
    for (auto p : a.ports) out.u32(p);
    out.u32(static_cast<std::uint32_t>(a.urls.size()));
    for (const auto& u : a.urls) out.str(u);
}

Access get_access(Decoder& in)
{
    Access a;
    a.host = in.str("access.host", limits::host);
    const std::uint32_t ports = in.count("access.ports", 4);
    if (ports > limits::access_items) throw DecodeError("'access.ports' has too many entries");
    for (std::uint32_t i = 0; i < ports; ++i) a.ports.push_back(in.u32("access.port"));
    const std::uint32_t urls = in.count("access.urls", 4);
    if (urls > limits::access_items) throw DecodeError("'access.urls' has too many entries");
    for (std::uint32_t i = 0; i < urls; ++i) a.urls.push_back(in.str("access.url", limits::url));
    return a;
}

void put_payload(Encoder& out, const tx::Payload& payload)
{
    out.u8(static_cast<std::uint8_t>(payload.index()));
    std::visit(
        [&](const auto& p) {
            using T = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<T, tx::Transfer>) {
                put_address(out, p.to);
                out.u8(static_cast<std::uint8_t>(p.denom)).amount(p.amount);
            } else if constexpr (std::is_same_v<T, tx::RegisterProvider> || std::is_same_v<T, tx::UpdateProvider>) {
                out.str(p.name).str(p.region).str(p.endpoint);
            } else if constexpr (std::is_same_v<T, tx::SetOffer>) {
                out.str(p.instance_type).amount(p.price_per_s).u32(p.capacity);
            } else if constexpr (std::is_same_v<T, tx::Stake> || std::is_same_v<T, tx::Unstake>) {
                out.amount(p.amount);
            } else if constexpr (std::is_same_v<T, tx::CreateOrder>) {
                out.str(p.instance_type).u32(p.replicas).amount(p.max_price_per_s);
                put_hash(out, p.manifest_hash);
                out.str(p.image_url).amount(p.deposit);
            } else if constexpr (std::is_same_v<T, tx::CreateBid>) {
                out.u64(p.job).amount(p.price_per_s);
            } else if constexpr (std::is_same_v<T, tx::LeaseReady> || std::is_same_v<T, tx::CloseLease> || std::is_same_v<T, tx::LeaseClosed> ||
                                 std::is_same_v<T, tx::ExitLease> || std::is_same_v<T, tx::ManifestTimeout>) {
                out.u64(p.job);
            } else if constexpr (std::is_same_v<T, tx::ConfirmDeployment>) {
                out.u64(p.job);
                put_access(out, p.access);
            } else if constexpr (std::is_same_v<T, tx::UpdateLease>) {
                out.u64(p.job).str(p.terms.instance_type).u32(p.terms.replicas);
                put_hash(out, p.terms.manifest_hash);
                out.amount(p.terms.max_price_per_s);
            } else if constexpr (std::is_same_v<T, tx::LeaseUpdated>) {
                out.u64(p.job).amount(p.price_per_s);
                put_access(out, p.access);
            } else if constexpr (std::is_same_v<T, tx::DepositEscrow>) {
                out.u64(p.job).amount(p.amount);
            } else if constexpr (std::is_same_v<T, tx::ReportFault> || std::is_same_v<T, tx::RefuseUpdate>) {
                out.u64(p.job).str(p.reason);
            } else if constexpr (std::is_same_v<T, tx::RestoreAccess>) {
                out.u64(p.job);
                put_access(out, p.access);
            } else if constexpr (std::is_same_v<T, tx::ManifestDelivered>) {
                out.u64(p.job);
                put_hash(out, p.manifest_hash);
                out.raw(p.provider_key.bytes()).raw(p.receipt);
            } else if constexpr (std::is_same_v<T, tx::PublishCertificate>) {
                out.bytes(p.der);
            } else if constexpr (std::is_same_v<T, tx::WithdrawEarnings> || std::is_same_v<T, tx::RevokeCertificate>) {
                // No fields.
            } else {
                static_assert(always_false<T>, "payload without an encoding");
            }
        },
        payload);
}

template <std::size_t I = 0>
tx::Payload default_payload(std::size_t index)
{
    if constexpr (I < std::variant_size_v<tx::Payload>) {
        if (index == I) return tx::Payload(std::in_place_index<I>);
        return default_payload<I + 1>(index);
    } else {
        throw DecodeError("unknown transaction type " + std::to_string(index));
    }
}

tx::Payload get_payload(Decoder& in)
{
    tx::Payload payload = default_payload(in.u8("type"));
    std::visit(
        [&](auto& p) {
            using T = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<T, tx::Transfer>) {
                p.to = get_address(in, "to");
                const std::uint8_t denom = in.u8("denom");
                if (denom > static_cast<std::uint8_t>(Denom::POND)) throw DecodeError("'denom' is not USDC or POND");
                p.denom = static_cast<Denom>(denom);
                p.amount = in.amount("amount");
            } else if constexpr (std::is_same_v<T, tx::RegisterProvider> || std::is_same_v<T, tx::UpdateProvider>) {
                p.name = in.str("name", limits::name);
                p.region = in.str("region", limits::region);
                p.endpoint = in.str("endpoint", limits::url);
            } else if constexpr (std::is_same_v<T, tx::SetOffer>) {
                p.instance_type = in.str("instance_type", limits::instance_type);
                p.price_per_s = in.amount("price_per_s");
                p.capacity = in.u32("capacity");
            } else if constexpr (std::is_same_v<T, tx::Stake> || std::is_same_v<T, tx::Unstake>) {
                p.amount = in.amount("amount");
            } else if constexpr (std::is_same_v<T, tx::CreateOrder>) {
                p.instance_type = in.str("instance_type", limits::instance_type);
                p.replicas = in.u32("replicas");
                p.max_price_per_s = in.amount("max_price_per_s");
                p.manifest_hash = get_hash(in, "manifest_hash");
                p.image_url = in.str("image_url", limits::url);
                p.deposit = in.amount("deposit");
            } else if constexpr (std::is_same_v<T, tx::CreateBid>) {
                p.job = in.u64("job");
                p.price_per_s = in.amount("price_per_s");
            } else if constexpr (std::is_same_v<T, tx::LeaseReady> || std::is_same_v<T, tx::CloseLease> || std::is_same_v<T, tx::LeaseClosed> ||
                                 std::is_same_v<T, tx::ExitLease> || std::is_same_v<T, tx::ManifestTimeout>) {
                p.job = in.u64("job");
            } else if constexpr (std::is_same_v<T, tx::ConfirmDeployment>) {
                p.job = in.u64("job");
                p.access = get_access(in);
            } else if constexpr (std::is_same_v<T, tx::UpdateLease>) {
                p.job = in.u64("job");
                p.terms.instance_type = in.str("instance_type", limits::instance_type);
                p.terms.replicas = in.u32("replicas");
                p.terms.manifest_hash = get_hash(in, "manifest_hash");
                p.terms.max_price_per_s = in.amount("max_price_per_s");
            } else if constexpr (std::is_same_v<T, tx::LeaseUpdated>) {
                p.job = in.u64("job");
                p.price_per_s = in.amount("price_per_s");
                p.access = get_access(in);
            } else if constexpr (std::is_same_v<T, tx::DepositEscrow>) {
                p.job = in.u64("job");
                p.amount = in.amount("amount");
            } else if constexpr (std::is_same_v<T, tx::ReportFault> || std::is_same_v<T, tx::RefuseUpdate>) {
                p.job = in.u64("job");
                p.reason = in.str("reason", limits::reason);
            } else if constexpr (std::is_same_v<T, tx::RestoreAccess>) {
                p.job = in.u64("job");
                p.access = get_access(in);
            } else if constexpr (std::is_same_v<T, tx::ManifestDelivered>) {
                p.job = in.u64("job");
                p.manifest_hash = get_hash(in, "manifest_hash");
                p.provider_key = PublicKey(in.fixed<PublicKey::size>("provider_key"));
                p.receipt = in.fixed<64>("receipt");
            } else if constexpr (std::is_same_v<T, tx::PublishCertificate>) {
                p.der = in.bytes("certificate", limits::certificate);
            } else if constexpr (std::is_same_v<T, tx::WithdrawEarnings> || std::is_same_v<T, tx::RevokeCertificate>) {
                // No fields.
            } else {
                static_assert(always_false<T>, "payload without a decoding");
            }
        },
        payload);
    return payload;
}

} // namespace

std::string_view payload_name(const tx::Payload& payload)
{
    static constexpr std::string_view names[] = {
        "transfer",           "register_provider", "set_offer",          "stake",         "unstake",           "create_order",
        "create_bid",         "lease_ready",       "confirm_deployment", "update_lease",  "lease_updated",     "close_lease",
        "lease_closed",       "deposit_escrow",    "exit_lease",         "report_fault",  "withdraw_earnings", "publish_certificate",
        "revoke_certificate", "update_provider",   "manifest_timeout",   "refuse_update", "restore_access",    "manifest_delivered"};
    static_assert(std::size(names) == std::variant_size_v<tx::Payload>);
    return names[payload.index()];
}

Transaction Transaction::make(const std::string& chain_id, const PrivateKey& key, std::uint64_t nonce, tx::Payload payload)
{
    Transaction t;
    t.chain_id = chain_id;
    t.sender = key.public_key();
    t.nonce = nonce;
    t.payload = std::move(payload);
    t.signature = key.sign(t.signing_bytes());
    return t;
}

void Transaction::encode_unsigned(Encoder& out) const
{
    out.str(chain_id).raw(sender.bytes()).u64(nonce);
    put_payload(out, payload);
}

Bytes Transaction::signing_bytes() const
{
    Encoder out;
    out.str(signing_domain);
    encode_unsigned(out);
    return out.take();
}

Bytes Transaction::signed_serialisation(std::size_t& encoding_offset) const
{
    Encoder out;
    out.str(signing_domain);
    encoding_offset = out.data().size();
    encode_unsigned(out);
    out.raw(signature);
    return out.take();
}

bool Transaction::verify_signature() const
{
    return sender.verify(signing_bytes(), signature);
}

Bytes Transaction::encode() const
{
    Encoder out;
    encode_unsigned(out);
    out.raw(signature);
    return out.take();
}

Transaction Transaction::decode(ByteView data)
{
    if (data.size() > limits::transaction)
        throw DecodeError("transaction is " + std::to_string(data.size()) + " bytes; the limit is " + std::to_string(limits::transaction));
    Decoder in(data);
    Transaction t;
    t.chain_id = in.str("chain_id", 64);
    t.sender = PublicKey(in.fixed<PublicKey::size>("sender"));
    t.nonce = in.u64("nonce");
    t.payload = get_payload(in);
    t.signature = in.fixed<64>("signature");
    in.expect_end("transaction");
    return t;
}

} // namespace berth
