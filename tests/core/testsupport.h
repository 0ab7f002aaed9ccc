#pragma once

// What the ledger tests of core/ share: QTest::toString specialisations, so that a failing
// QCOMPARE prints "1000000" or "bad_nonce" instead of nothing, helpers that turn events into
// what QCOMPARE prints well, checks of receipts, the deterministic keys and sample payloads of
// the wire-format tests (keys, transactions, blocks), and the lease terms of the lifecycle and
// rejection tests. Header-only.

#include "chainharness.h"

#include <address.h>
#include <amount.h>
#include <decoder.h>
#include <event.h>
#include <hash.h>
#include <job.h>
#include <ledger.h>
#include <privatekey.h>
#include <transaction.h>
#include <txerror.h>

#include <QtTest>

#include <array>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace QTest {

template <>
inline char* toString(const berth::Amount& value)
{
    return qstrdup(value.str().c_str());
}

template <>
inline char* toString(const std::string& text)
{
    return qstrdup(text.c_str());
}

template <>
inline char* toString(const berth::ErrorCode& code)
{
    return qstrdup(std::string(berth::error_code_name(code)).c_str());
}

template <>
inline char* toString(const std::optional<berth::ErrorCode>& code)
{
    return qstrdup(code ? std::string(berth::error_code_name(*code)).c_str() : "(accepted)");
}

template <>
inline char* toString(const berth::JobState& state)
{
    return qstrdup(std::string(berth::job_state_name(state)).c_str());
}

template <>
inline char* toString(const berth::CloseReason& reason)
{
    return qstrdup(std::string(berth::close_reason_name(reason)).c_str());
}

template <>
inline char* toString(const berth::Address& address)
{
    return qstrdup(address.str().c_str());
}

template <>
inline char* toString(const berth::Hash256& hash)
{
    return qstrdup(hash.hex().c_str());
}

} // namespace QTest

namespace berth::test {

inline QStringList qstrings(const std::vector<std::string>& items)
{
    QStringList out;
    for (const std::string& item : items) out.append(QString::fromStdString(item));
    return out;
}

/** The names of `events`, in order ("OFFER_SET", …), in a form QCOMPARE prints. */
inline QStringList event_names_of(const std::vector<Event>& events)
{
    QStringList names;
    for (const Event& e : events)
        names.append(QString::fromLatin1(event_name(e.name).data(), static_cast<qsizetype>(event_name(e.name).size())));
    return names;
}

/** The names of the events that concern `job`, in order, in a form QCOMPARE prints. */
inline QStringList event_names(const ChainHarness& chain, JobId job)
{
    return qstrings(chain.job_event_names(job));
}

/** One detail field of an event, in a form QCOMPARE prints. */
inline QString event_field(const Event& event, std::string_view key)
{
    return QString::fromStdString(event.field(key));
}

/** A decimal amount, as event fields carry it. */
inline QString text(const Amount& amount)
{
    return QString::fromStdString(amount.str());
}

// Keys, samples and decoding outcomes of the wire-format tests (tst_keys, tst_transaction, tst_block).

/** The chain id of the sample transactions. */
inline constexpr const char* sample_chain_id = "berth-test";

inline std::array<std::uint8_t, PrivateKey::seed_size> seed_of(std::string_view label)
{
    return Hash256::of(as_bytes(label)).bytes();
}

/** A deterministic key, named by `label`. */
inline PrivateKey key_of(std::string_view label)
{
    return PrivateKey::from_seed(seed_of(label));
}

inline Hash256 digest(std::string_view text)
{
    return Hash256::of(as_bytes(text));
}

inline Address address_of(std::string_view label)
{
    return Address::of(key_of(label).public_key());
}

// One realistic, fully populated value per payload type: every field differs from its default,
// so a field that an encoding dropped would not survive the round trip unnoticed.
inline tx::Transfer sample(std::type_identity<tx::Transfer>)
{
    return {address_of("recipient"), Denom::POND, Amount("250000000000000000000")};
}
inline tx::RegisterProvider sample(std::type_identity<tx::RegisterProvider>)
{
    return {"Harbour Compute", "eu-west-2", "https://harbour.example:8443"};
}
inline tx::SetOffer sample(std::type_identity<tx::SetOffer>)
{
    return {"gpu.a100", 4200, 7};
}
inline tx::Stake sample(std::type_identity<tx::Stake>)
{
    return {Amount("300000000000000000000")};
}
inline tx::Unstake sample(std::type_identity<tx::Unstake>)
{
    return {Amount("50000000000000000001")};
}
inline tx::CreateOrder sample(std::type_identity<tx::CreateOrder>)
{
    return {"cpu.large", 3, 75, digest("manifest: static-http"), "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi", 4500000};
}
inline tx::CreateBid sample(std::type_identity<tx::CreateBid>)
{
    return {42, 61};
}
inline tx::LeaseReady sample(std::type_identity<tx::LeaseReady>)
{
    return {43};
}
inline tx::ConfirmDeployment sample(std::type_identity<tx::ConfirmDeployment>)
{
    return {44, Access{"10.0.7.12", {8080, 8443}, {"http://10.0.7.12:8080/", "https://10.0.7.12:8443/"}}};
}
inline tx::UpdateLease sample(std::type_identity<tx::UpdateLease>)
{
    return {45, PendingUpdate{"cpu.xlarge", 5, digest("manifest v2"), 120}};
}
inline tx::LeaseUpdated sample(std::type_identity<tx::LeaseUpdated>)
{
    return {46, 110, Access{"10.0.7.13", {9000}, {"http://10.0.7.13:9000/"}}};
}
inline tx::CloseLease sample(std::type_identity<tx::CloseLease>)
{
    return {47};
}
inline tx::LeaseClosed sample(std::type_identity<tx::LeaseClosed>)
{
    return {48};
}
inline tx::DepositEscrow sample(std::type_identity<tx::DepositEscrow>)
{
    return {49, 1234567};
}
inline tx::ExitLease sample(std::type_identity<tx::ExitLease>)
{
    return {50};
}
inline tx::ReportFault sample(std::type_identity<tx::ReportFault>)
{
    return {51, "GET http://10.0.7.12:8080/ timed out after 5 s"};
}
inline tx::WithdrawEarnings sample(std::type_identity<tx::WithdrawEarnings>)
{
    return {};
}
inline tx::PublishCertificate sample(std::type_identity<tx::PublishCertificate>)
{
    Bytes der(600);
    for (std::size_t i = 0; i < der.size(); ++i) der[i] = static_cast<std::uint8_t>((i * 37 + 11) & 0xff);
    return {der};
}
inline tx::RevokeCertificate sample(std::type_identity<tx::RevokeCertificate>)
{
    return {};
}
inline tx::UpdateProvider sample(std::type_identity<tx::UpdateProvider>)
{
    return {"Nordic Compute", "eu-north", "https://127.0.0.1:40443"};
}
inline tx::ManifestTimeout sample(std::type_identity<tx::ManifestTimeout>)
{
    return {52};
}
inline tx::RefuseUpdate sample(std::type_identity<tx::RefuseUpdate>)
{
    return {53, "command workloads are disabled on this provider"};
}
inline tx::RestoreAccess sample(std::type_identity<tx::RestoreAccess>)
{
    return {54, Access{"10.0.7.14", {9100}, {"http://10.0.7.14:9100/"}}};
}
inline tx::ManifestDelivered sample(std::type_identity<tx::ManifestDelivered>)
{
    Signature receipt{};
    for (std::size_t i = 0; i < receipt.size(); ++i) receipt[i] = static_cast<std::uint8_t>(i * 3 + 1);
    return {55, digest("manifest v1"), PublicKey(std::array<std::uint8_t, PublicKey::size>{9, 8, 7}), receipt};
}

template <std::size_t... I>
std::vector<tx::Payload> all_samples(std::index_sequence<I...>)
{
    return {tx::Payload(std::in_place_index<I>, sample(std::type_identity<std::variant_alternative_t<I, tx::Payload>>{}))...};
}

/** One sample of every alternative of tx::Payload, in variant order; a new alternative without a sample does not compile. */
inline std::vector<tx::Payload> all_samples()
{
    return all_samples(std::make_index_sequence<std::variant_size_v<tx::Payload>>{});
}

inline Transaction sample_tx(const tx::Payload& payload, std::uint64_t nonce = 7)
{
    return Transaction::make(sample_chain_id, key_of("sender"), nonce, payload);
}

/** Offset of the payload's type tag in an encoded transaction: chain id (length-prefixed), sender, nonce. */
inline std::size_t type_offset(const Transaction& t)
{
    return 4 + t.chain_id.size() + PublicKey::size + 8;
}

inline void put_u32(Bytes& bytes, std::size_t offset, std::uint32_t value)
{
    for (std::size_t i = 0; i < 4; ++i) bytes[offset + i] = static_cast<std::uint8_t>(value >> (24 - 8 * i));
}

/** "ok" when `data` decodes, "DecodeError: …" when it is refused as it must be, anything else otherwise. */
template <typename Decode>
QString decode_outcome(ByteView data, Decode decode)
{
    try {
        decode(data);
        return QStringLiteral("ok");
    } catch (const DecodeError& e) {
        return QStringLiteral("DecodeError: ") + QString::fromUtf8(e.what());
    } catch (const std::exception& e) {
        return QStringLiteral("unexpected exception: ") + QString::fromUtf8(e.what());
    }
}

inline bool is_decode_error(const QString& outcome, const QString& reason = {})
{
    return outcome.startsWith(QLatin1String("DecodeError: ")) && outcome.contains(reason);
}

/** One transaction from `who` in its own block. */
inline BlockOutcome apply(ChainHarness& chain, const std::string& who, tx::Payload payload)
{
    return chain.block({chain.sign(who, std::move(payload))});
}

// The lease terms of the lifecycle tests (tst_lifecycle, tst_rejections, tst_matchmaking, tst_slashing).

/** The escrow deposit of the orders of the lifecycle tests. */
inline const Amount deposit = ChainHarness::usdc(10);

/** The access details providers confirm deployments with. */
inline const Access endpoint{"127.0.0.1", {8080}, {"http://127.0.0.1:8080/"}};

/** Update terms for `instance_type` with a manifest of its own. */
inline PendingUpdate terms(const std::string& instance_type, const Amount& max_price, std::uint32_t replicas = 1)
{
    return PendingUpdate{instance_type, replicas, Hash256::of(as_bytes("manifest v2 for " + instance_type)), max_price};
}

} // namespace berth::test

/** Fails the test unless the receipt `expr` evaluates to is an inclusion; prints the rejection. */
#define VERIFY_ACCEPTED(expr)                                                                                                                   \
    do {                                                                                                                                        \
        const berth::Receipt receipt_ = (expr);                                                                                                 \
        QVERIFY2(receipt_.ok(), receipt_.message.c_str());                                                                                      \
    } while (false)

/**
 * Submits the payload (the trailing arguments) from `who` in its own block and fails the test
 * unless it is rejected with `code`, with a message containing `cause`, and changes nothing.
 */
#define VERIFY_REJECTED(chain, who, code, cause, ...)                                                                                           \
    do {                                                                                                                                        \
        const std::string problem_ = (chain).rejection_problem((who), berth::tx::Payload(__VA_ARGS__), (code), (cause));                        \
        QVERIFY2(problem_.empty(), problem_.c_str());                                                                                           \
    } while (false)
