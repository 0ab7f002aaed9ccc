#include "chainharness.h"

#include <address.h>
#include <block.h>
#include <decoder.h>
#include <fieldlimits.h>
#include <privatekey.h>
#include <transaction.h>

#include <QtTest>

#include "testsupport.h"

#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

using namespace berth;
using berth::test::ChainHarness;

namespace {

constexpr const char* chain_id = "berth-test";

std::array<std::uint8_t, PrivateKey::seed_size> seed_of(std::string_view label)
{
    return Hash256::of(as_bytes(label)).bytes();
}

PrivateKey key_of(std::string_view label)
{
    return PrivateKey::from_seed(seed_of(label));
}

Hash256 digest(std::string_view text)
{
    return Hash256::of(as_bytes(text));
}

Address address_of(std::string_view label)
{
    return Address::of(key_of(label).public_key());
}

template <std::size_t N>
std::array<std::uint8_t, N> hex_array(std::string_view hex)
{
    return *fixed_from_hex<N>(hex);
}

// One realistic, fully populated value per payload type: every field differs from its default,
// so a field that an encoding dropped would not survive the round trip unnoticed.
tx::Transfer sample(std::type_identity<tx::Transfer>)
{
    return {address_of("recipient"), Denom::POND, Amount("250000000000000000000")};
}
tx::RegisterProvider sample(std::type_identity<tx::RegisterProvider>)
{
    return {"Harbour Compute", "eu-west-2", "https://harbour.example:8443"};
}
tx::SetOffer sample(std::type_identity<tx::SetOffer>)
{
    return {"gpu.a100", 4200, 7};
}
tx::Stake sample(std::type_identity<tx::Stake>)
{
    return {Amount("300000000000000000000")};
}
tx::Unstake sample(std::type_identity<tx::Unstake>)
{
    return {Amount("50000000000000000001")};
}
tx::CreateOrder sample(std::type_identity<tx::CreateOrder>)
{
    return {"cpu.large", 3, 75, digest("manifest: static-http"), "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi", 4500000};
}
tx::CreateBid sample(std::type_identity<tx::CreateBid>)
{
    return {42, 61};
}
tx::LeaseReady sample(std::type_identity<tx::LeaseReady>)
{
    return {43};
}
tx::ConfirmDeployment sample(std::type_identity<tx::ConfirmDeployment>)
{
    return {44, Access{"10.0.7.12", {8080, 8443}, {"http://10.0.7.12:8080/", "https://10.0.7.12:8443/"}}};
}
tx::UpdateLease sample(std::type_identity<tx::UpdateLease>)
{
    return {45, PendingUpdate{"cpu.xlarge", 5, digest("manifest v2"), 120}};
}
tx::LeaseUpdated sample(std::type_identity<tx::LeaseUpdated>)
{
    return {46, 110, Access{"10.0.7.13", {9000}, {"http://10.0.7.13:9000/"}}};
}
tx::CloseLease sample(std::type_identity<tx::CloseLease>)
{
    return {47};
}
tx::LeaseClosed sample(std::type_identity<tx::LeaseClosed>)
{
    return {48};
}
tx::DepositEscrow sample(std::type_identity<tx::DepositEscrow>)
{
    return {49, 1234567};
}
tx::ExitLease sample(std::type_identity<tx::ExitLease>)
{
    return {50};
}
tx::ReportFault sample(std::type_identity<tx::ReportFault>)
{
    return {51, "GET http://10.0.7.12:8080/ timed out after 5 s"};
}
tx::WithdrawEarnings sample(std::type_identity<tx::WithdrawEarnings>)
{
    return {};
}
tx::PublishCertificate sample(std::type_identity<tx::PublishCertificate>)
{
    Bytes der(600);
    for (std::size_t i = 0; i < der.size(); ++i) der[i] = static_cast<std::uint8_t>((i * 37 + 11) & 0xff);
    return {der};
}
tx::RevokeCertificate sample(std::type_identity<tx::RevokeCertificate>)
{
    return {};
}

// The fields of each payload, for comparing a decoded payload with the original.
auto fields(const tx::Transfer& p) { return std::tie(p.to, p.denom, p.amount); }
auto fields(const tx::RegisterProvider& p) { return std::tie(p.name, p.region, p.endpoint); }
auto fields(const tx::SetOffer& p) { return std::tie(p.instance_type, p.price_per_s, p.capacity); }
auto fields(const tx::Stake& p) { return std::tie(p.amount); }
auto fields(const tx::Unstake& p) { return std::tie(p.amount); }
auto fields(const tx::CreateOrder& p)
{
    return std::tie(p.instance_type, p.replicas, p.max_price_per_s, p.manifest_hash, p.image_url, p.deposit);
}
auto fields(const tx::CreateBid& p) { return std::tie(p.job, p.price_per_s); }
auto fields(const tx::LeaseReady& p) { return std::tie(p.job); }
auto fields(const tx::ConfirmDeployment& p) { return std::tie(p.job, p.access); }
auto fields(const tx::UpdateLease& p) { return std::tie(p.job, p.terms); }
auto fields(const tx::LeaseUpdated& p) { return std::tie(p.job, p.price_per_s, p.access); }
auto fields(const tx::CloseLease& p) { return std::tie(p.job); }
auto fields(const tx::LeaseClosed& p) { return std::tie(p.job); }
auto fields(const tx::DepositEscrow& p) { return std::tie(p.job, p.amount); }
auto fields(const tx::ExitLease& p) { return std::tie(p.job); }
auto fields(const tx::ReportFault& p) { return std::tie(p.job, p.reason); }
auto fields(const tx::WithdrawEarnings&) { return std::tuple<>(); }
auto fields(const tx::PublishCertificate& p) { return std::tie(p.der); }
auto fields(const tx::RevokeCertificate&) { return std::tuple<>(); }

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

template <std::size_t... I>
std::vector<tx::Payload> all_samples(std::index_sequence<I...>)
{
    return {tx::Payload(std::in_place_index<I>, sample(std::type_identity<std::variant_alternative_t<I, tx::Payload>>{}))...};
}

/** One sample of every alternative of tx::Payload, in variant order; a new alternative without a sample does not compile. */
std::vector<tx::Payload> all_samples()
{
    return all_samples(std::make_index_sequence<std::variant_size_v<tx::Payload>>{});
}

/** Offset of the payload's type tag in an encoded transaction: chain id (length-prefixed), sender, nonce. */
std::size_t type_offset(const Transaction& t)
{
    return 4 + t.chain_id.size() + PublicKey::size + 8;
}

void put_u32(Bytes& bytes, std::size_t offset, std::uint32_t value)
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

QString tx_decode_outcome(ByteView data)
{
    return decode_outcome(data, [](ByteView d) { Transaction::decode(d); });
}

QString block_decode_outcome(ByteView data)
{
    return decode_outcome(data, [](ByteView d) { Block::decode(d); });
}

/** The code precheck refuses a transaction with, or nullopt when it passes. */
std::optional<ErrorCode> precheck_code(const Ledger& ledger, const Transaction& t)
{
    const std::optional<TxError> error = ledger.precheck(t);
    return error ? std::optional<ErrorCode>(error->code()) : std::nullopt;
}

bool is_decode_error(const QString& outcome, const QString& reason = {})
{
    return outcome.startsWith(QLatin1String("DecodeError: ")) && outcome.contains(reason);
}

Transaction sample_tx(const tx::Payload& payload, std::uint64_t nonce = 7)
{
    return Transaction::make(chain_id, key_of("sender"), nonce, payload);
}

/** A transaction for the harness's chain from its key `name`, with an explicit nonce. */
Transaction signed_by(ChainHarness& chain, const std::string& name, std::uint64_t nonce, tx::Payload payload)
{
    return Transaction::make(chain.ledger().params().chain_id, chain.key(name), nonce, std::move(payload));
}

Block sample_block()
{
    const PrivateKey producer = key_of("producer");
    Block block;
    const std::vector<tx::Payload> samples = all_samples();
    block.transactions = {sample_tx(samples[0], 1), sample_tx(samples[5], 2), sample_tx(samples[8], 3)};
    block.header.height = 1234;
    block.header.timestamp_ms = 1'700'000'123'456;
    block.header.prev_hash = digest("previous block");
    block.header.tx_root = Block::transaction_root(block.transactions);
    block.header.state_root = digest("state after block 1234");
    block.header.sign(producer);
    return block;
}

} // namespace

/**
 * Identity and wire format: Ed25519 keys (deterministic from a seed, matching RFC 8032),
 * addresses derived from public keys, the canonical encoding of transactions and blocks
 * (one encoding per value for every payload type, signatures that bind every field, decoding
 * that refuses truncated, padded, oversized or inconsistent input with DecodeError), and
 * the ledger's refusal of transactions with the wrong chain id, a bad signature or a used
 * nonce, each with its exact error code and without any trace in the state.
 */
class TestTransaction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Keys and addresses.
    void keyFromSeedIsDeterministic();
    void seedRoundTrips();
    void matchesRfc8032Vectors();
    void verifyRejectsTampering();
    void addressDerivesFromPublicKey();
    void addressParseRejectsMalformed_data();
    void addressParseRejectsMalformed();

    // Transactions.
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

    // Blocks.
    void blockRoundTrips();
    void blockSignatureCoversHeader();
    void transactionRootDependsOnOrder();
    void blockDecodeRejectsMalformed();

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

void TestTransaction::keyFromSeedIsDeterministic()
{
    const PrivateKey a = key_of("deterministic");
    const PrivateKey b = key_of("deterministic");
    const PrivateKey other = key_of("another");
    QCOMPARE(a.public_key(), b.public_key());
    QVERIFY(a.public_key() != other.public_key());
    const Bytes message{1, 2, 3, 4, 5};
    QCOMPARE(a.sign(message), b.sign(message)); // Ed25519 signatures are deterministic.
    QVERIFY(a.sign(message) != other.sign(message));
}

void TestTransaction::seedRoundTrips()
{
    const auto seed = seed_of("round trip");
    const PrivateKey key = PrivateKey::from_seed(seed);
    QCOMPARE(key.seed(), seed);
    QCOMPARE(PrivateKey::from_seed(key.seed()).public_key(), key.public_key());

    const PrivateKey fresh = PrivateKey::generate();
    const PrivateKey restored = PrivateKey::from_seed(fresh.seed());
    QCOMPARE(restored.public_key(), fresh.public_key());
    QCOMPARE(restored.seed(), fresh.seed());
    QVERIFY(PrivateKey::generate().public_key() != fresh.public_key());
}

void TestTransaction::matchesRfc8032Vectors()
{
    // RFC 8032, section 7.1, tests 1 and 2.
    struct Vector { const char* secret; const char* public_key; Bytes message; const char* signature; };
    const Vector vectors[] = {
        {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", {},
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
        {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
         "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", {0x72},
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    };
    for (const Vector& v : vectors) {
        const PrivateKey key = PrivateKey::from_seed(hex_array<32>(v.secret));
        QCOMPARE(key.public_key().hex(), std::string(v.public_key));
        const Signature signature = key.sign(v.message);
        QCOMPARE(to_hex(signature), std::string(v.signature));
        QVERIFY(PublicKey(hex_array<32>(v.public_key)).verify(v.message, hex_array<64>(v.signature)));
    }
}

void TestTransaction::verifyRejectsTampering()
{
    const PrivateKey key = key_of("signer");
    const PrivateKey other = key_of("someone else");
    const Bytes message = [] {
        Bytes m(48);
        for (std::size_t i = 0; i < m.size(); ++i) m[i] = static_cast<std::uint8_t>(i * 5);
        return m;
    }();
    const Signature signature = key.sign(message);
    QVERIFY(key.public_key().verify(message, signature));

    for (std::size_t bit = 0; bit < message.size() * 8; ++bit) {
        Bytes flipped = message;
        flipped[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
        QVERIFY2(!key.public_key().verify(flipped, signature), qPrintable(QStringLiteral("message bit %1").arg(bit)));
    }
    for (std::size_t bit = 0; bit < signature.size() * 8; ++bit) {
        Signature flipped = signature;
        flipped[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
        QVERIFY2(!key.public_key().verify(message, flipped), qPrintable(QStringLiteral("signature bit %1").arg(bit)));
    }
    QVERIFY(!other.public_key().verify(message, signature));
    QVERIFY(!key.public_key().verify(Bytes(message.begin(), message.end() - 1), signature));
    QVERIFY(!key.public_key().verify(message, Signature{}));
    QVERIFY(!PublicKey{}.verify(message, signature));
}

void TestTransaction::addressDerivesFromPublicKey()
{
    // The first 20 bytes of SHA-256 of RFC 8032 test 1's public key.
    const PublicKey key(hex_array<32>("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
    const Address address = Address::of(key);
    QCOMPARE(address.str(), std::string("berth21fe31dfa154a261626bf854046fd2271b7bed4b"));
    QCOMPARE(Address::parse(address.str()), std::optional<Address>(address));

    const Address derived = address_of("parse me");
    QCOMPARE(derived.str().size(), Address::prefix.size() + 2 * Address::size);
    QCOMPARE(*Address::parse(derived.str()), derived);
    QVERIFY(address_of("one") != address_of("two"));
    QVERIFY(!derived.is_null());
    QVERIFY(Address{}.is_null());
}

void TestTransaction::addressParseRejectsMalformed_data()
{
    const QString hex = QStringLiteral("21fe31dfa154a261626bf854046fd2271b7bed4b");
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("prefix only") << QStringLiteral("berth");
    QTest::newRow("no prefix") << hex;
    QTest::newRow("wrong prefix") << QStringLiteral("barth") + hex;
    QTest::newRow("upper-case prefix") << QStringLiteral("BERTH") + hex;
    QTest::newRow("0x prefix") << QStringLiteral("0x") + hex;
    QTest::newRow("prefix with separator") << QStringLiteral("berth:") + hex;
    QTest::newRow("leading space") << QStringLiteral(" berth") + hex;
    QTest::newRow("trailing space") << QStringLiteral("berth") + hex + QStringLiteral(" ");
    QTest::newRow("one digit short") << QStringLiteral("berth") + hex.left(39);
    QTest::newRow("one byte short") << QStringLiteral("berth") + hex.left(38);
    QTest::newRow("one digit long") << QStringLiteral("berth") + hex + QStringLiteral("0");
    QTest::newRow("one byte long") << QStringLiteral("berth") + hex + QStringLiteral("00");
    QTest::newRow("32-byte key instead") << QStringLiteral("berth") + hex + hex.left(24);
    QTest::newRow("non-hex digit") << QStringLiteral("berth") + hex.left(39) + QStringLiteral("g");
    QTest::newRow("non-hex in the middle") << QStringLiteral("berth") + hex.left(20) + QStringLiteral("zz") + hex.mid(22);
    QTest::newRow("prefix twice") << QStringLiteral("berthberth") + hex.left(35);
}

void TestTransaction::addressParseRejectsMalformed()
{
    QFETCH(QString, text);
    QVERIFY(!Address::parse(text.toStdString()).has_value());
}

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
            QVERIFY2(is_decode_error(outcome),
                     qPrintable(QStringLiteral("%1 cut to %2 of %3 bytes: %4")
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

    check(tx::RegisterProvider{text(limits::name), "r", "e"}, tx::RegisterProvider{text(limits::name + 1), "r", "e"},
          QStringLiteral("name"));
    check(tx::RegisterProvider{"n", text(limits::region), "e"}, tx::RegisterProvider{"n", text(limits::region + 1), "e"},
          QStringLiteral("region"));
    check(tx::RegisterProvider{"n", "r", text(limits::url)}, tx::RegisterProvider{"n", "r", text(limits::url + 1)},
          QStringLiteral("endpoint"));
    check(tx::SetOffer{text(limits::instance_type), 1, 1}, tx::SetOffer{text(limits::instance_type + 1), 1, 1},
          QStringLiteral("instance_type"));
    tx::CreateOrder order = sample(std::type_identity<tx::CreateOrder>{});
    tx::CreateOrder long_url = order;
    order.image_url = text(limits::url);
    long_url.image_url = text(limits::url + 1);
    check(order, long_url, QStringLiteral("image_url"));
    check(tx::ReportFault{1, text(limits::reason)}, tx::ReportFault{1, text(limits::reason + 1)}, QStringLiteral("reason"));
    check(tx::ConfirmDeployment{1, Access{text(limits::host), {}, {}}},
          tx::ConfirmDeployment{1, Access{text(limits::host + 1), {}, {}}}, QStringLiteral("access.host"));
    check(tx::ConfirmDeployment{1, Access{"h", {}, {text(limits::url)}}},
          tx::ConfirmDeployment{1, Access{"h", {}, {text(limits::url + 1)}}}, QStringLiteral("access.url"));
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

void TestTransaction::blockRoundTrips()
{
    const Block block = sample_block();
    QVERIFY(block.header.verify_signature());
    QCOMPARE(block.header.producer, key_of("producer").public_key());

    const Bytes bytes = block.encode();
    const Block decoded = Block::decode(bytes);
    QVERIFY(decoded.encode() == bytes);
    QVERIFY(decoded.header == block.header);
    QCOMPARE(decoded.header.hash(), block.header.hash());
    QCOMPARE(decoded.transactions.size(), block.transactions.size());
    for (std::size_t i = 0; i < block.transactions.size(); ++i)
        QCOMPARE(decoded.transactions[i].id(), block.transactions[i].id());
    QVERIFY(decoded.header.verify_signature());
    QCOMPARE(Block::transaction_root(decoded.transactions), decoded.header.tx_root);

    Block empty;
    empty.header.height = 1;
    empty.header.timestamp_ms = 5;
    empty.header.sign(key_of("producer"));
    const Bytes empty_bytes = empty.encode();
    QCOMPARE(empty_bytes.size(), std::size_t{8 + 8 + 32 * 4 + 64 + 4});
    QVERIFY(Block::decode(empty_bytes).encode() == empty_bytes);
    QVERIFY(Block::decode(empty_bytes).transactions.empty());
}

void TestTransaction::blockSignatureCoversHeader()
{
    const Block block = sample_block();
    const BlockHeader& signed_header = block.header;
    QVERIFY(signed_header.verify_signature());

    const auto tampered = [&](auto change) {
        BlockHeader h = signed_header;
        change(h);
        return h;
    };
    const std::vector<BlockHeader> variants = {
        tampered([](BlockHeader& h) { h.height += 1; }),
        tampered([](BlockHeader& h) { h.timestamp_ms += 1; }),
        tampered([](BlockHeader& h) { h.prev_hash = digest("another parent"); }),
        tampered([](BlockHeader& h) { h.tx_root = digest("other transactions"); }),
        tampered([](BlockHeader& h) { h.state_root = digest("other state"); }),
        tampered([](BlockHeader& h) { h.producer = key_of("impostor").public_key(); }),
        tampered([](BlockHeader& h) { h.signature[63] ^= 0x40; }),
    };
    for (std::size_t i = 0; i < variants.size(); ++i) {
        QVERIFY2(!variants[i].verify_signature(), qPrintable(QStringLiteral("variant %1").arg(i)));
        QVERIFY(variants[i].hash() != signed_header.hash());
    }
    // Re-signing by another producer is valid, but it is another block.
    BlockHeader resigned = signed_header;
    resigned.sign(key_of("impostor"));
    QVERIFY(resigned.verify_signature());
    QVERIFY(resigned.hash() != signed_header.hash());
}

void TestTransaction::transactionRootDependsOnOrder()
{
    const std::vector<tx::Payload> samples = all_samples();
    const Transaction a = sample_tx(samples[0], 1);
    const Transaction b = sample_tx(samples[1], 2);
    const Transaction c = sample_tx(samples[2], 3);

    QCOMPARE(Block::transaction_root({}), Hash256{});
    QCOMPARE(Block::transaction_root({a}), a.id());
    QCOMPARE(Block::transaction_root({a, b}), Hash256::combine(a.id(), b.id()));
    QCOMPARE(Block::transaction_root({a, b, c}),
             Hash256::combine(Hash256::combine(a.id(), b.id()), Hash256::combine(c.id(), Hash256{})));

    QVERIFY(Block::transaction_root({a, b}) != Block::transaction_root({b, a}));
    QVERIFY(Block::transaction_root({a, b, c}) != Block::transaction_root({a, c, b}));
    QVERIFY(Block::transaction_root({a, b, c}) != Block::transaction_root({c, b, a}));
    QVERIFY(Block::transaction_root({a, b, c}) != Block::transaction_root({a, b}));
    QVERIFY(Block::transaction_root({a, b}) != Block::transaction_root({a, sample_tx(samples[1], 3)}));
}

void TestTransaction::blockDecodeRejectsMalformed()
{
    const Bytes bytes = sample_block().encode();
    for (std::size_t length = 0; length < bytes.size(); ++length) {
        const QString outcome = block_decode_outcome(ByteView(bytes).first(length));
        QVERIFY2(is_decode_error(outcome),
                 qPrintable(QStringLiteral("cut to %1 of %2 bytes: %3").arg(length).arg(bytes.size()).arg(outcome)));
    }

    Bytes trailing = bytes;
    trailing.push_back(0);
    QVERIFY(is_decode_error(block_decode_outcome(trailing), QStringLiteral("block has 1 trailing bytes")));

    constexpr std::size_t count_offset = 8 + 8 + 32 * 4 + 64;
    Bytes claims = bytes;
    put_u32(claims, count_offset, 0xffffffffu);
    QVERIFY(is_decode_error(block_decode_outcome(claims), QStringLiteral("'transactions' claims 4294967295 items")));
    Bytes fewer = bytes;
    put_u32(fewer, count_offset, 2); // The third transaction becomes trailing bytes.
    QVERIFY(is_decode_error(block_decode_outcome(fewer), QStringLiteral("trailing bytes")));

    // A transaction inside the block is decoded as strictly as on its own.
    Block bad = sample_block();
    Bytes inner = bad.encode();
    const std::size_t first_tx = count_offset + 4 + 4;
    inner[first_tx + type_offset(bad.transactions[0])] = 0xee;
    QVERIFY(is_decode_error(block_decode_outcome(inner), QStringLiteral("unknown transaction type 238")));
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

QTEST_APPLESS_MAIN(TestTransaction)
#include "tst_transaction.moc"
