#include "testsupport.h"

#include <block.h>
#include <privatekey.h>
#include <transaction.h>

#include <testcase.h>

#include <QtTest>

#include <vector>

using namespace berth;
using berth::test::all_samples;
using berth::test::decode_outcome;
using berth::test::digest;
using berth::test::is_decode_error;
using berth::test::key_of;
using berth::test::put_u32;
using berth::test::sample_tx;
using berth::test::type_offset;

namespace {

QString block_decode_outcome(ByteView data)
{
    return decode_outcome(data, [](ByteView d) { Block::decode(d); });
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
 * Blocks on the wire: the canonical encoding of a block and its header (a round trip gives the
 * same bytes, hash and transactions), a producer signature that covers every header field, a
 * transaction root that depends on the order of the transactions, and decoding that refuses
 * truncated, padded or inconsistent blocks, and malformed transactions inside them, with
 * DecodeError.
 */
class TestBlock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void blockRoundTrips();
    void blockSignatureCoversHeader();
    void transactionRootDependsOnOrder();
    void blockDecodeRejectsMalformed();
};

void TestBlock::blockRoundTrips()
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
    for (std::size_t i = 0; i < block.transactions.size(); ++i) QCOMPARE(decoded.transactions[i].id(), block.transactions[i].id());
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

void TestBlock::blockSignatureCoversHeader()
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

void TestBlock::transactionRootDependsOnOrder()
{
    const std::vector<tx::Payload> samples = all_samples();
    const Transaction a = sample_tx(samples[0], 1);
    const Transaction b = sample_tx(samples[1], 2);
    const Transaction c = sample_tx(samples[2], 3);

    QCOMPARE(Block::transaction_root({}), Hash256{});
    QCOMPARE(Block::transaction_root({a}), a.id());
    QCOMPARE(Block::transaction_root({a, b}), Hash256::combine(a.id(), b.id()));
    QCOMPARE(Block::transaction_root({a, b, c}), Hash256::combine(Hash256::combine(a.id(), b.id()), Hash256::combine(c.id(), Hash256{})));

    QVERIFY(Block::transaction_root({a, b}) != Block::transaction_root({b, a}));
    QVERIFY(Block::transaction_root({a, b, c}) != Block::transaction_root({a, c, b}));
    QVERIFY(Block::transaction_root({a, b, c}) != Block::transaction_root({c, b, a}));
    QVERIFY(Block::transaction_root({a, b, c}) != Block::transaction_root({a, b}));
    QVERIFY(Block::transaction_root({a, b}) != Block::transaction_root({a, sample_tx(samples[1], 3)}));
}

void TestBlock::blockDecodeRejectsMalformed()
{
    const Bytes bytes = sample_block().encode();
    for (std::size_t length = 0; length < bytes.size(); ++length) {
        const QString outcome = block_decode_outcome(ByteView(bytes).first(length));
        QVERIFY2(is_decode_error(outcome), qPrintable(QStringLiteral("cut to %1 of %2 bytes: %3").arg(length).arg(bytes.size()).arg(outcome)));
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

BERTH_QTEST_APPLESS(TestBlock)
#include "tst_block.moc"
