#include "chainharness.h"
#include "testsupport.h"

#include <address.h>
#include <decoder.h>
#include <fieldlimits.h>
#include <preparedtransaction.h>
#include <privatekey.h>
#include <transaction.h>

#include <testcase.h>

#include <QtTest>

#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

using namespace berth;
using berth::test::address_of;
using berth::test::all_samples;
using berth::test::ChainHarness;
using berth::test::decode_outcome;
using berth::test::is_decode_error;
using berth::test::key_of;
using berth::test::put_u32;
using berth::test::sample;
using berth::test::sample_tx;
using berth::test::type_offset;

namespace {

// The fields of each payload, for comparing a decoded payload with the original.
auto fields(const tx::Transfer& p)
{
    return std::tie(p.to, p.denom, p.amount);
}
auto fields(const tx::RegisterProvider& p)
{
    return std::tie(p.name, p.region, p.endpoint);
}
auto fields(const tx::SetOffer& p)
{
    return std::tie(p.instance_type, p.price_per_s, p.capacity);
}
auto fields(const tx::Stake& p)
{
    return std::tie(p.amount);
}
auto fields(const tx::Unstake& p)
{
    return std::tie(p.amount);
}
auto fields(const tx::CreateOrder& p)
{
    return std::tie(p.instance_type, p.replicas, p.max_price_per_s, p.manifest_hash, p.image_url, p.deposit);
}
auto fields(const tx::CreateBid& p)
{
    return std::tie(p.job, p.price_per_s);
}
auto fields(const tx::LeaseReady& p)
{
    return std::tie(p.job);
}
auto fields(const tx::ConfirmDeployment& p)
{
    return std::tie(p.job, p.access);
}
auto fields(const tx::UpdateLease& p)
{
    return std::tie(p.job, p.terms);
}
auto fields(const tx::LeaseUpdated& p)
{
    return std::tie(p.job, p.price_per_s, p.access);
}
auto fields(const tx::CloseLease& p)
{
    return std::tie(p.job);
}
auto fields(const tx::LeaseClosed& p)
{
    return std::tie(p.job);
}
auto fields(const tx::DepositEscrow& p)
{
    return std::tie(p.job, p.amount);
}
auto fields(const tx::ExitLease& p)
{
    return std::tie(p.job);
}
auto fields(const tx::ReportFault& p)
{
    return std::tie(p.job, p.reason);
}
auto fields(const tx::WithdrawEarnings&)
{
    return std::tuple<>();
}
auto fields(const tx::PublishCertificate& p)
{
    return std::tie(p.der);
}
auto fields(const tx::RevokeCertificate&)
{
    return std::tuple<>();
}
auto fields(const tx::UpdateProvider& p)
{
    return std::tie(p.name, p.region, p.endpoint);
}
auto fields(const tx::ManifestTimeout& p)
{
    return std::tie(p.job);
}
auto fields(const tx::RefuseUpdate& p)
{
    return std::tie(p.job, p.reason);
}
auto fields(const tx::RestoreAccess& p)
{
    return std::tie(p.job, p.access);
}
auto fields(const tx::ManifestDelivered& p)
{
    return std::tie(p.job, p.manifest_hash, p.provider_key, p.receipt);
}

bool same_payload(const tx::Payload& a, const tx::Payload& b)
{
    if (a.index() != b.index()) return false;
    return std::visit(
        [&](const auto& left) {
            using T = std::decay_t<decltype(left)>;
            return fields(left) == fields(std::get<T>(b));
        },
        a);
}

QString tx_decode_outcome(ByteView data)
{
    return decode_outcome(data, [](ByteView d) { Transaction::decode(d); });
}

/** The code precheck refuses a transaction with, or nullopt when it passes. */
std::optional<ErrorCode> precheck_code(const Ledger& ledger, const Transaction& t)
{
    const std::optional<TxError> error = ledger.precheck(t);
    // The check with what a PreparedTransaction carries must answer word for word the same.
    const std::optional<TxError> prepared = ledger.precheck(PreparedTransaction(t));
    if (error.has_value() != prepared.has_value() ||
        (error && (error->code() != prepared->code() || std::string(error->what()) != prepared->what())))
        throw std::logic_error("precheck of the prepared transaction answers differently");
    return error ? std::optional<ErrorCode>(error->code()) : std::nullopt;
}

/** A transaction for the harness's chain from its key `name`, with an explicit nonce. */
Transaction signed_by(ChainHarness& chain, const std::string& name, std::uint64_t nonce, tx::Payload payload)
{
    return Transaction::make(chain.ledger().params().chain_id, chain.key(name), nonce, std::move(payload));
}

} // namespace

/**
 * Transactions on the wire and at the ledger's door: the canonical encoding of every payload
 * type (one encoding per value, signatures that bind every field and every byte, decoding that
 * refuses truncated, padded, oversized or inconsistent input with DecodeError), and the
 * ledger's refusal of transactions with the wrong chain id, a bad signature or a used or
 * skipped nonce, each with its exact error code and without any trace in the state.
 */
class TestTransaction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Encoding, signing and decoding.
    void everyPayloadRoundTripsCanonically();
    void signingTwiceGivesTheSameId();
    void tamperedFieldsFailVerification();
    void everyFlippedByteIsDetected();
    void decodeRejectsEveryTruncation();
    void decodeRejectsTrailingBytes();
    void decodeRejectsUnknownType();
    void decodeRejectsBadDenom();
    void decodeRejectsOversizedStrings();
    void decodeRejectsExcessiveCounts();
    void preparedCarriesWhatTheTransactionComputes();
    void preparedChecksTheSameAsTheTransaction();

    // The ledger's admission checks.
    void precheckAcceptsValidTransaction();
    void wrongChainIdIsRejected();
    void badSignatureIsRejected();
    void usedOrSkippedNonceIsRejected();
    void rejectionInsideBlockLeavesNoTrace();

private:
    /**
     * Applies `bad` alone in a block of `chain` and an empty block to `control`, a chain with the
     * same history, and checks the rejection code and that both chains end in the same state.
     */
    static void expectRejected(ChainHarness& chain, ChainHarness& control, const Transaction& bad, ErrorCode code);
};

void TestTransaction::everyPayloadRoundTripsCanonically()
{
    const std::vector<tx::Payload> samples = all_samples();
    QCOMPARE(samples.size(), std::variant_size_v<tx::Payload>);
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const QByteArray name = QByteArray::fromStdString(std::string(payload_name(samples[i])));
        QCOMPARE(samples[i].index(), i);
        const Transaction original = sample_tx(samples[i], 1000 + i);
        const Bytes bytes = original.encode();
        QCOMPARE(std::size_t{bytes[type_offset(original)]}, i);

        QCOMPARE(tx_decode_outcome(bytes), QStringLiteral("ok"));
        const Transaction decoded = Transaction::decode(bytes);
        QVERIFY2(decoded.encode() == bytes, name.constData());
        QCOMPARE(decoded.chain_id, original.chain_id);
        QCOMPARE(decoded.sender, original.sender);
        QCOMPARE(decoded.nonce, original.nonce);
        QCOMPARE(decoded.signature, original.signature);
        QVERIFY2(same_payload(decoded.payload, original.payload), name.constData());
        QVERIFY2(decoded.verify_signature(), name.constData());
        QCOMPARE(decoded.id(), original.id());
        QCOMPARE(decoded.id(), Hash256::of(bytes));
        QCOMPARE(decoded.sender_address(), address_of("sender"));
    }
}

void TestTransaction::preparedCarriesWhatTheTransactionComputes()
{
    for (const tx::Payload& payload : all_samples()) {
        const QByteArray name = QByteArray::fromStdString(std::string(payload_name(payload)));
        const Transaction original = sample_tx(payload, 77);
        const PreparedTransaction prepared(original);
        QCOMPARE(prepared.id(), original.id());
        QCOMPARE(prepared.sender(), original.sender_address());
        const ByteView encoding = prepared.encoding();
        const ByteView signing = prepared.signing_bytes();
        QVERIFY2(Bytes(encoding.begin(), encoding.end()) == original.encode(), name.constData());
        QVERIFY2(Bytes(signing.begin(), signing.end()) == original.signing_bytes(), name.constData());
        QVERIFY2(prepared.tx().encode() == original.encode(), name.constData());
    }
    // What it carries belongs to the transaction as it was prepared: a changed copy prepares anew.
    Transaction changed = sample_tx(sample(std::type_identity<tx::Transfer>{}), 3);
    const PreparedTransaction before(changed);
    changed.nonce += 1;
    const PreparedTransaction after(changed);
    QVERIFY(after.id() != before.id());
    QCOMPARE(after.id(), changed.id());
    QCOMPARE(before.tx().nonce, changed.nonce - 1);
}

void TestTransaction::preparedChecksTheSameAsTheTransaction()
{
    const std::vector<tx::Payload> samples = all_samples();
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const Transaction original = sample_tx(samples[i], 5);
        QVERIFY(PreparedTransaction(original).verify_signature());
        Transaction t = original;
        t.signature[7] ^= 0x10;
        QVERIFY(!PreparedTransaction(t).verify_signature());
        t = original;
        t.payload = samples[(i + 1) % samples.size()];
        QVERIFY(!PreparedTransaction(t).verify_signature());
        t = original;
        t.sender = key_of("impostor").public_key();
        QVERIFY(!PreparedTransaction(t).verify_signature());
        QCOMPARE(PreparedTransaction(t).sender(), t.sender_address());
    }
}

void TestTransaction::signingTwiceGivesTheSameId()
{
    for (const tx::Payload& payload : all_samples()) {
        const Transaction first = sample_tx(payload, 9);
        const Transaction second = sample_tx(payload, 9);
        QVERIFY(first.encode() == second.encode());
        QCOMPARE(first.id(), second.id());
        QVERIFY(sample_tx(payload, 10).id() != first.id());
        QVERIFY(Transaction::make("berth-other", key_of("sender"), 9, payload).id() != first.id());
    }
}

void TestTransaction::tamperedFieldsFailVerification()
{
    const std::vector<tx::Payload> samples = all_samples();
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const Transaction original = sample_tx(samples[i], 5);
        QVERIFY(original.verify_signature());

        Transaction t = original;
        t.nonce += 1;
        QVERIFY(!t.verify_signature());

        t = original;
        t.chain_id = "berth-devnet";
        QVERIFY(!t.verify_signature());

        t = original;
        t.sender = key_of("impostor").public_key();
        QVERIFY(!t.verify_signature());

        t = original;
        t.payload = samples[(i + 1) % samples.size()];
        QVERIFY(!t.verify_signature());

        t = original;
        t.signature[0] ^= 0x01;
        QVERIFY(!t.verify_signature());
    }

    // A change to a single payload field.
    Transaction t = sample_tx(sample(std::type_identity<tx::Transfer>{}));
    std::get<tx::Transfer>(t.payload).amount += 1;
    QVERIFY(!t.verify_signature());
    t = sample_tx(sample(std::type_identity<tx::Transfer>{}));
    std::get<tx::Transfer>(t.payload).denom = Denom::USDC;
    QVERIFY(!t.verify_signature());
    t = sample_tx(sample(std::type_identity<tx::CreateOrder>{}));
    std::get<tx::CreateOrder>(t.payload).deposit -= 1;
    QVERIFY(!t.verify_signature());
    t = sample_tx(sample(std::type_identity<tx::ConfirmDeployment>{}));
    std::get<tx::ConfirmDeployment>(t.payload).access.urls.back() = "http://evil.example/";
    QVERIFY(!t.verify_signature());
}

void TestTransaction::everyFlippedByteIsDetected()
{
    // Flipping one bit anywhere in an encoded transaction either makes it undecodable or
    // yields a transaction whose signature no longer verifies: the signature binds every byte.
    for (const tx::Payload& payload : all_samples()) {
        const Bytes bytes = sample_tx(payload).encode();
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            Bytes flipped = bytes;
            flipped[i] ^= static_cast<std::uint8_t>(1u << (i % 8));
            const QString outcome = tx_decode_outcome(flipped);
            if (outcome == QLatin1String("ok")) {
                QVERIFY2(!Transaction::decode(flipped).verify_signature(),
                         qPrintable(QStringLiteral("%1: byte %2").arg(QLatin1String(payload_name(payload).data())).arg(i)));
            } else {
                QVERIFY2(is_decode_error(outcome), qPrintable(outcome));
            }
        }
    }
}

void TestTransaction::decodeRejectsEveryTruncation()
{
    // Each prefix is refused with DecodeError: usually "truncated at …", or, when the cut falls
    // after a count, because the count claims more items than the rest of the input can hold.
    for (const tx::Payload& payload : all_samples()) {
        const Bytes bytes = sample_tx(payload).encode();
        for (std::size_t length = 0; length < bytes.size(); ++length) {
            const QString outcome = tx_decode_outcome(ByteView(bytes).first(length));
            QVERIFY2(is_decode_error(outcome), qPrintable(QStringLiteral("%1 cut to %2 of %3 bytes: %4")
                                                              .arg(QLatin1String(payload_name(payload).data()))
                                                              .arg(length)
                                                              .arg(bytes.size())
                                                              .arg(outcome)));
        }
    }
}

void TestTransaction::decodeRejectsTrailingBytes()
{
    for (const tx::Payload& payload : all_samples()) {
        Bytes bytes = sample_tx(payload).encode();
        bytes.push_back(0);
        QVERIFY2(is_decode_error(tx_decode_outcome(bytes), QStringLiteral("1 trailing bytes")), payload_name(payload).data());
        bytes.insert(bytes.end(), 63, 0xab);
        QVERIFY2(is_decode_error(tx_decode_outcome(bytes), QStringLiteral("64 trailing bytes")), payload_name(payload).data());
    }
    // Past the size limit, input is refused before it is read.
    Bytes huge = sample_tx(sample(std::type_identity<tx::Transfer>{})).encode();
    huge.resize(limits::transaction + 1, 0);
    QVERIFY(is_decode_error(tx_decode_outcome(huge), QStringLiteral("the limit is 16384")));
}

void TestTransaction::decodeRejectsUnknownType()
{
    const Transaction t = sample_tx(sample(std::type_identity<tx::LeaseReady>{}));
    const std::size_t offset = type_offset(t);
    for (std::size_t tag : {std::variant_size_v<tx::Payload>, std::size_t{0x7f}, std::size_t{0xff}}) {
        Bytes bytes = t.encode();
        bytes[offset] = static_cast<std::uint8_t>(tag);
        const QString outcome = tx_decode_outcome(bytes);
        QVERIFY2(is_decode_error(outcome, QStringLiteral("unknown transaction type %1").arg(tag)), qPrintable(outcome));
    }
}

void TestTransaction::decodeRejectsBadDenom()
{
    const Transaction t = sample_tx(sample(std::type_identity<tx::Transfer>{}));
    const std::size_t denom_offset = type_offset(t) + 1 + Address::size;
    QCOMPARE(t.encode()[denom_offset], static_cast<std::uint8_t>(Denom::POND));
    for (std::uint8_t denom : {std::uint8_t{2}, std::uint8_t{0x80}, std::uint8_t{0xff}}) {
        Bytes bytes = t.encode();
        bytes[denom_offset] = denom;
        const QString outcome = tx_decode_outcome(bytes);
        QVERIFY2(is_decode_error(outcome, QStringLiteral("'denom' is not USDC or POND")), qPrintable(outcome));
    }
    // Both real denominations decode.
    Bytes usdc = t.encode();
    usdc[denom_offset] = static_cast<std::uint8_t>(Denom::USDC);
    QCOMPARE(std::get<tx::Transfer>(Transaction::decode(usdc).payload).denom, Denom::USDC);
}

void TestTransaction::decodeRejectsOversizedStrings()
{
    // Each limited field at its limit decodes; one byte more is refused, naming the field.
    const auto check = [](const tx::Payload& at_limit, const tx::Payload& over, const QString& field) {
        QVERIFY2(tx_decode_outcome(sample_tx(at_limit).encode()) == QLatin1String("ok"), qPrintable(field));
        const QString outcome = tx_decode_outcome(sample_tx(over).encode());
        QVERIFY2(is_decode_error(outcome, QStringLiteral("'%1' is").arg(field)), qPrintable(outcome));
    };
    const auto text = [](std::size_t n) { return std::string(n, 'x'); };

    check(tx::RegisterProvider{text(limits::name), "r", "e"}, tx::RegisterProvider{text(limits::name + 1), "r", "e"}, QStringLiteral("name"));
    check(tx::RegisterProvider{"n", text(limits::region), "e"}, tx::RegisterProvider{"n", text(limits::region + 1), "e"},
          QStringLiteral("region"));
    check(tx::RegisterProvider{"n", "r", text(limits::url)}, tx::RegisterProvider{"n", "r", text(limits::url + 1)}, QStringLiteral("endpoint"));
    check(tx::SetOffer{text(limits::instance_type), 1, 1}, tx::SetOffer{text(limits::instance_type + 1), 1, 1}, QStringLiteral("instance_type"));
    tx::CreateOrder order = sample(std::type_identity<tx::CreateOrder>{});
    tx::CreateOrder long_url = order;
    order.image_url = text(limits::url);
    long_url.image_url = text(limits::url + 1);
    check(order, long_url, QStringLiteral("image_url"));
    check(tx::ReportFault{1, text(limits::reason)}, tx::ReportFault{1, text(limits::reason + 1)}, QStringLiteral("reason"));
    check(tx::ConfirmDeployment{1, Access{text(limits::host), {}, {}}}, tx::ConfirmDeployment{1, Access{text(limits::host + 1), {}, {}}},
          QStringLiteral("access.host"));
    check(tx::ConfirmDeployment{1, Access{"h", {}, {text(limits::url)}}}, tx::ConfirmDeployment{1, Access{"h", {}, {text(limits::url + 1)}}},
          QStringLiteral("access.url"));
    check(tx::PublishCertificate{Bytes(limits::certificate, 0x30)}, tx::PublishCertificate{Bytes(limits::certificate + 1, 0x30)},
          QStringLiteral("certificate"));

    // The chain id has its own limit of 64 characters.
    const std::string long_chain(65, 'c');
    const QString outcome = tx_decode_outcome(Transaction::make(long_chain, key_of("sender"), 0, tx::WithdrawEarnings{}).encode());
    QVERIFY2(is_decode_error(outcome, QStringLiteral("'chain_id' is 65 bytes")), qPrintable(outcome));

    // A length prefix claiming far more than the input holds is refused without allocating it.
    Bytes bytes = sample_tx(tx::RegisterProvider{"n", "r", "e"}).encode();
    put_u32(bytes, type_offset(sample_tx(tx::RegisterProvider{"n", "r", "e"})) + 1, 0xffffffffu);
    QVERIFY(is_decode_error(tx_decode_outcome(bytes), QStringLiteral("'name' is 4294967295 bytes")));
}

void TestTransaction::decodeRejectsExcessiveCounts()
{
    const tx::ConfirmDeployment confirm{44, Access{"host", {80, 443}, {"http://host/"}}};
    const Transaction t = sample_tx(confirm);
    const std::size_t ports_offset = type_offset(t) + 1 + 8 + 4 + confirm.access.host.size();
    const std::size_t urls_offset = ports_offset + 4 + 4 * confirm.access.ports.size();

    for (std::uint32_t claim : {1000u, 0x10000u, 0xffffffffu}) {
        Bytes bytes = t.encode();
        put_u32(bytes, ports_offset, claim);
        QString outcome = tx_decode_outcome(bytes);
        QVERIFY2(is_decode_error(outcome, QStringLiteral("'access.ports' claims %1 items, more than the input holds").arg(claim)),
                 qPrintable(outcome));
        bytes = t.encode();
        put_u32(bytes, urls_offset, claim);
        outcome = tx_decode_outcome(bytes);
        QVERIFY2(is_decode_error(outcome, QStringLiteral("'access.urls' claims %1 items, more than the input holds").arg(claim)),
                 qPrintable(outcome));
    }

    // Counts the input could hold but that exceed the per-field maximum.
    Access crowded{"host", std::vector<std::uint32_t>(limits::access_items, 8000), {}};
    QCOMPARE(tx_decode_outcome(sample_tx(tx::ConfirmDeployment{1, crowded}).encode()), QStringLiteral("ok"));
    crowded.ports.push_back(8001);
    QVERIFY(is_decode_error(tx_decode_outcome(sample_tx(tx::ConfirmDeployment{1, crowded}).encode()),
                            QStringLiteral("'access.ports' has too many entries")));
    Access many_urls{"host", {}, std::vector<std::string>(limits::access_items + 1, "u")};
    QVERIFY(is_decode_error(tx_decode_outcome(sample_tx(tx::LeaseUpdated{1, 5, many_urls}).encode()),
                            QStringLiteral("'access.urls' has too many entries")));
}

void TestTransaction::precheckAcceptsValidTransaction()
{
    ChainHarness chain;
    const Transaction t = chain.sign("alice", tx::Transfer{chain.address("bob"), Denom::USDC, 5});
    QCOMPARE(precheck_code(chain.ledger(), t), std::optional<ErrorCode>{});
    const BlockOutcome outcome = chain.block({t});
    QVERIFY(outcome.receipts.front().ok());
    QCOMPARE(outcome.receipts.front().tx_id, t.id());
    QCOMPARE(chain.ledger().next_nonce(chain.address("alice")), std::uint64_t{1});
}

// How "the state is unchanged" is checked: a block always changes the state root, because the
// last height and block time are part of the state. So the chain that receives a rejected
// transaction is compared with a control chain that saw the same history and then an empty
// block at the same height and time: their roots must be equal. The sender's account is also
// compared field by field with its value before the block.
void TestTransaction::expectRejected(ChainHarness& chain, ChainHarness& control, const Transaction& bad, ErrorCode code)
{
    const Address sender = bad.sender_address();
    const Account before = chain.state().accounts.rows().at(sender);
    QCOMPARE(chain.ledger().state_root(), control.ledger().state_root());

    const BlockOutcome outcome = chain.block({bad});
    control.block({});
    QCOMPARE(outcome.receipts.size(), std::size_t{1});
    QCOMPARE(outcome.receipts.front().error, std::optional<ErrorCode>(code));
    QCOMPARE(outcome.receipts.front().tx_id, bad.id());
    QVERIFY(!outcome.receipts.front().message.empty());
    QVERIFY(outcome.events.empty());
    QCOMPARE(outcome.state_root, chain.ledger().state_root());
    QCOMPARE(chain.ledger().state_root(), control.ledger().state_root());
    QVERIFY(chain.state().accounts.rows().at(sender) == before);
}

void TestTransaction::wrongChainIdIsRejected()
{
    ChainHarness chain;
    ChainHarness control;
    const tx::Transfer transfer{chain.address("bob"), Denom::USDC, ChainHarness::usdc(3)};
    const Transaction t = Transaction::make("berth-devnet", chain.key("alice"), 0, transfer);
    QVERIFY(t.verify_signature());
    QCOMPARE(precheck_code(chain.ledger(), t), std::optional<ErrorCode>(ErrorCode::WrongChainId));
    expectRejected(chain, control, t, ErrorCode::WrongChainId);
    QCOMPARE(chain.account("bob").usdc, ChainHarness::usdc(1000));
}

void TestTransaction::badSignatureIsRejected()
{
    ChainHarness chain;
    ChainHarness control;
    const tx::Transfer transfer{chain.address("bob"), Denom::USDC, ChainHarness::usdc(3)};

    Transaction flipped = chain.sign("alice", transfer);
    flipped.signature[10] ^= 0x04;
    QCOMPARE(precheck_code(chain.ledger(), flipped), std::optional<ErrorCode>(ErrorCode::BadSignature));
    expectRejected(chain, control, flipped, ErrorCode::BadSignature);

    Transaction altered = chain.sign("alice", transfer);
    std::get<tx::Transfer>(altered.payload).amount = ChainHarness::usdc(300);
    QCOMPARE(precheck_code(chain.ledger(), altered), std::optional<ErrorCode>(ErrorCode::BadSignature));
    expectRejected(chain, control, altered, ErrorCode::BadSignature);

    // Bob's key signed it, but it claims to come from Alice.
    Transaction forged = signed_by(chain, "bob", 0, transfer);
    forged.sender = chain.key("alice").public_key();
    QCOMPARE(precheck_code(chain.ledger(), forged), std::optional<ErrorCode>(ErrorCode::BadSignature));
    expectRejected(chain, control, forged, ErrorCode::BadSignature);
    QCOMPARE(chain.ledger().next_nonce(chain.address("alice")), std::uint64_t{0});
}

void TestTransaction::usedOrSkippedNonceIsRejected()
{
    ChainHarness chain;
    ChainHarness control;
    const tx::Transfer transfer{chain.address("bob"), Denom::USDC, ChainHarness::usdc(3)};
    const Transaction first = signed_by(chain, "alice", 0, transfer);
    QVERIFY(chain.block({first}).receipts.front().ok());
    QVERIFY(control.block({first}).receipts.front().ok());
    QCOMPARE(chain.ledger().next_nonce(chain.address("alice")), std::uint64_t{1});

    // The very same signed transaction again: a replay.
    QCOMPARE(precheck_code(chain.ledger(), first), std::optional<ErrorCode>(ErrorCode::BadNonce));
    expectRejected(chain, control, first, ErrorCode::BadNonce);

    // A new transaction that reuses nonce 0.
    const Transaction reused = signed_by(chain, "alice", 0, tx::Transfer{chain.address("bob"), Denom::USDC, 1});
    QCOMPARE(precheck_code(chain.ledger(), reused), std::optional<ErrorCode>(ErrorCode::BadNonce));
    expectRejected(chain, control, reused, ErrorCode::BadNonce);

    // A nonce from the future passes the mempool's precheck but is not the next one, so a block refuses it.
    const Transaction skipped = signed_by(chain, "alice", 2, transfer);
    QCOMPARE(precheck_code(chain.ledger(), skipped), std::optional<ErrorCode>{});
    expectRejected(chain, control, skipped, ErrorCode::BadNonce);

    QCOMPARE(chain.ledger().next_nonce(chain.address("alice")), std::uint64_t{1});
    QCOMPARE(chain.account("bob").usdc, ChainHarness::usdc(1003));
}

void TestTransaction::rejectionInsideBlockLeavesNoTrace()
{
    // Valid, invalid, valid in one block ends in the same state as the two valid ones alone.
    ChainHarness chain;
    ChainHarness control;
    const Transaction a = signed_by(chain, "alice", 0, tx::Transfer{chain.address("bob"), Denom::USDC, 11});
    Transaction bad = signed_by(chain, "bob", 0, tx::Transfer{chain.address("alice"), Denom::USDC, 999});
    bad.nonce = 1; // Breaks the signature; the nonce is wrong as well, but the signature is checked first.
    const Transaction b = signed_by(chain, "alice", 1, tx::Transfer{chain.address("bob"), Denom::POND, 2});

    const BlockOutcome outcome = chain.block({a, bad, b});
    const BlockOutcome expected = control.block({a, b});
    QCOMPARE(outcome.receipts.size(), std::size_t{3});
    QVERIFY(outcome.receipts[0].ok());
    QCOMPARE(outcome.receipts[1].error, std::optional<ErrorCode>(ErrorCode::BadSignature));
    QVERIFY(outcome.receipts[2].ok());
    QVERIFY(outcome.events == expected.events);
    QCOMPARE(outcome.state_root, expected.state_root);
    QCOMPARE(chain.account("bob").usdc, ChainHarness::usdc(1000) + 11);
    QCOMPARE(chain.account("bob").pond, ChainHarness::pond(10) + 2);
    QCOMPARE(chain.ledger().next_nonce(chain.address("bob")), std::uint64_t{0});
}

BERTH_QTEST_APPLESS(TestTransaction)
#include "tst_transaction.moc"
