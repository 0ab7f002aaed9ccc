#include "testsupport.h"

#include <address.h>
#include <bytes.h>
#include <privatekey.h>

#include <testcase.h>

#include <QtTest>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace berth;
using berth::test::address_of;
using berth::test::key_of;
using berth::test::seed_of;

namespace {

template <std::size_t N>
std::array<std::uint8_t, N> hex_array(std::string_view hex)
{
    return *fixed_from_hex<N>(hex);
}

} // namespace

/**
 * Identity: Ed25519 keys that are deterministic from a seed, round-trip through it and match
 * the RFC 8032 test vectors, signatures that fail to verify after any change to the message,
 * the signature or the key, and addresses derived from public keys, printed with the "berth"
 * prefix and parsed back, with every malformed spelling refused.
 */
class TestKeys : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keyFromSeedIsDeterministic();
    void seedRoundTrips();
    void matchesRfc8032Vectors();
    void verifyRejectsTampering();
    void verifyAlternatesKeysOnOneThread();
    void addressDerivesFromPublicKey();
    void addressParseRejectsMalformed_data();
    void addressParseRejectsMalformed();
};

void TestKeys::keyFromSeedIsDeterministic()
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

void TestKeys::seedRoundTrips()
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

void TestKeys::matchesRfc8032Vectors()
{
    // RFC 8032, section 7.1, tests 1 and 2.
    struct Vector {
        const char* secret;
        const char* public_key;
        Bytes message;
        const char* signature;
    };
    const Vector vectors[] = {
        {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
         {},
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
        {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
         "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
         {0x72},
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

void TestKeys::verifyRejectsTampering()
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

void TestKeys::verifyAlternatesKeysOnOneThread()
{
    // Verification keeps the keys it has seen on each thread; many senders, interleaved and
    // seen again, must each be held to their own key, and a key seen before must not let a
    // wrong signature through.
    std::vector<PrivateKey> keys;
    for (int i = 0; i < 40; ++i) keys.push_back(key_of("sender " + std::to_string(i)));
    const Bytes message(64, 7);
    std::vector<Signature> signatures;
    for (const PrivateKey& key : keys) signatures.push_back(key.sign(message));
    for (int round = 0; round < 3; ++round)
        for (std::size_t i = 0; i < keys.size(); ++i) {
            const std::size_t next = (i + 1) % keys.size();
            QVERIFY2(keys[i].public_key().verify(message, signatures[i]), qPrintable(QStringLiteral("key %1, round %2").arg(i).arg(round)));
            QVERIFY(!keys[i].public_key().verify(message, signatures[next]));
            QVERIFY(!keys[next].public_key().verify(message, signatures[i]));
        }
}

void TestKeys::addressDerivesFromPublicKey()
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

void TestKeys::addressParseRejectsMalformed_data()
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

void TestKeys::addressParseRejectsMalformed()
{
    QFETCH(QString, text);
    QVERIFY(!Address::parse(text.toStdString()).has_value());
}

BERTH_QTEST_APPLESS(TestKeys)
#include "tst_keys.moc"
