#include "berthdprocess.h"
#include "storedchain.h"
#include "txload.h"

#include <devnet.h>
#include <price.h>

#include <testcase.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <limits>

Q_DECLARE_METATYPE(berth::tx::Payload)

using namespace berth;
using berth::test::BerthdProcess;
using berth::test::StoredChain;
using berth::test::TxLoad;

namespace {

const Amount max_amount = std::numeric_limits<Amount>::max();
const Hash256 manifest = Hash256::of(as_bytes(std::string("{}")));

Address address_of(const char* name)
{
    return Address::of(Devnet::demo_key(QString::fromLatin1(name)).public_key());
}

QString error_code(const BerthdProcess::Reply& reply)
{
    return reply.body.object().value("error").toObject().value("code").toString();
}

} // namespace

/**
 * A sweep of bad input against a real berthd. Every RPC route gets malformed, truncated and
 * oversized bodies, wrong JSON types, bad ids and query values, and the wrong method; /tx
 * gets broken encodings, a wrong chain id, a bad signature and a replayed nonce; and every
 * transaction type is sent by an unauthorized actor, about an unknown id, or with an amount
 * beyond any balance or 256 bits. Each gets a 4xx answer or an in-block rejection with its
 * exact error code, and the state is unchanged (the state root with the chain's clock set
 * aside, since every block advances that).
 */
class TestBadInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void routesRefuseBadRequests_data();
    void routesRefuseBadRequests();
    void routesLeftTheStateAlone();
    void brokenTransactionEncodingsAreMalformed();
    void prechecksRefuseWrongChainSignatureAndNonce();
    void everyTransactionTypeRejectsBadUse_data();
    void everyTransactionTypeRejectsBadUse();
    void cleanupTestCase();

private:
    /** Waits (up to 20 s) until the transaction left the mempool; its /tx status. */
    QJsonObject settled(const QString& id);

    QTemporaryDir m_dir;
    std::unique_ptr<BerthdProcess> m_node;
    JobId m_closed_order = 0;
    Transaction m_included;
    /** The state's content once the order closed; nothing after that may change it. */
    QString m_root;
};

void TestBadInput::initTestCase()
{
    // An order that finds no bid closes after one window; it then sits unchanged, an id to misuse.
    m_node = std::make_unique<BerthdProcess>(m_dir.path(),
                                             QStringList{QStringLiteral("--devnet"), QStringLiteral("--block-ms"), QStringLiteral("50"),
                                                         QStringLiteral("--demo-providers"), QStringLiteral("2"), QStringLiteral("--no-agents"),
                                                         QStringLiteral("--param"), QStringLiteral("bid_window_blocks=1"),
                                                         QStringLiteral("--param"), QStringLiteral("max_lookup_windows=1")});
    QVERIFY2(m_node->start(), qPrintable(m_node->log()));
    tx::CreateOrder order;
    order.instance_type = "cpu.small";
    order.max_price_per_s = price::from_base_units(12);
    order.deposit = 10'000;
    order.manifest_hash = manifest;
    m_included = Transaction::make("berth-devnet", Devnet::demo_key(QStringLiteral("alice")), 0, order);
    const auto reply = m_node->submit(m_included);
    QCOMPARE(reply.status, 202);
    const QJsonObject status = settled(reply.body.object().value("id").toString());
    QVERIFY2(status.value("status") == QLatin1String("included"), qPrintable(QJsonDocument(status).toJson()));
    m_closed_order = status.value("order_id").toString().toULongLong();
    QTRY_COMPARE_WITH_TIMEOUT(m_node->get(QStringLiteral("/leases/%1").arg(m_closed_order)).body.object().value("state").toString(),
                              QStringLiteral("ORDER_CLOSED"), 20000);
    m_root = StoredChain::content_root(m_dir.path());
    QVERIFY(!m_root.isEmpty());
}

void TestBadInput::cleanupTestCase()
{
    if (m_node) QCOMPARE(m_node->terminate(), 0);
}

QJsonObject TestBadInput::settled(const QString& id)
{
    QJsonObject status;
    for (int i = 0; i < 400; ++i) {
        status = m_node->get(QStringLiteral("/tx/") + id).body.object();
        if (status.value("status") != QLatin1String("pending")) break;
        QTest::qWait(50);
    }
    return status;
}

void TestBadInput::routesRefuseBadRequests_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    const QByteArray oversized = "{\"tx\":\"" + QByteArray(70 * 1024, 'a') + "\"}";
    const QString alice = QString::fromStdString(address_of("alice").str());
    for (const char* post : {"/tx", "/faucet"}) {
        const QString path = QString::fromLatin1(post);
        QTest::addRow("%s empty body", post) << QByteArray("POST") << path << QByteArray() << 400 << "malformed";
        QTest::addRow("%s truncated JSON", post) << QByteArray("POST") << path << QByteArray("{\"tx\": \"00") << 400 << "malformed";
        QTest::addRow("%s not JSON", post) << QByteArray("POST") << path << QByteArray("\x01\xff garbage") << 400 << "malformed";
        QTest::addRow("%s JSON array", post) << QByteArray("POST") << path << QByteArray("[{}]") << 400 << "malformed";
        QTest::addRow("%s JSON string", post) << QByteArray("POST") << path << QByteArray("\"tx\"") << 400 << "malformed";
        QTest::addRow("%s oversized", post) << QByteArray("POST") << path << oversized << 413 << "payload_too_large";
        QTest::addRow("%s wrong method", post) << QByteArray("GET") << path << QByteArray() << 405 << "method_not_allowed";
        QTest::addRow("%s PUT", post) << QByteArray("PUT") << path << QByteArray("{}") << 405 << "method_not_allowed";
    }
    for (const char* body :
         {"{}", "{\"tx\": 5}", "{\"tx\": null}", "{\"tx\": [\"00\"]}", "{\"tx\": {}}", "{\"tx\": \"0\"}", "{\"tx\": \"zz\"}", "{\"tx\": \"\"}"})
        QTest::addRow("/tx %s", body) << QByteArray("POST") << QStringLiteral("/tx") << QByteArray(body) << 400 << "malformed";
    const QStringList faucet_bodies = {
        QStringLiteral("{\"usdc\": \"5\"}"),
        QStringLiteral("{\"address\": 5, \"usdc\": \"5\"}"),
        QStringLiteral("{\"address\": \"berth1nope\", \"usdc\": \"5\"}"),
        QStringLiteral("{\"address\": \"%1\", \"usdc\": 5}").arg(alice),
        QStringLiteral("{\"address\": \"%1\", \"usdc\": \"-5\"}").arg(alice),
        QStringLiteral("{\"address\": \"%1\", \"usdc\": \"1.5\"}").arg(alice),
        QStringLiteral("{\"address\": \"%1\", \"pond\": \"115792089237316195423570985008687907853269984665640564039457584007913129639936\"}")
            .arg(alice),
        QStringLiteral("{\"address\": \"%1\", \"usdc\": true}").arg(alice),
        QStringLiteral("{\"address\": [\"%1\"], \"usdc\": \"5\"}").arg(alice)};
    for (const QString& body : faucet_bodies)
        QTest::addRow("/faucet %s", qPrintable(body)) << QByteArray("POST") << QStringLiteral("/faucet") << body.toUtf8() << 400 << "malformed";
    QTest::addRow("/faucet nothing asked") << QByteArray("POST") << QStringLiteral("/faucet")
                                           << QStringLiteral("{\"address\": \"%1\", \"usdc\": \"0\"}").arg(alice).toUtf8() << 400
                                           << "invalid_argument";

    const QString huge = QStringLiteral("184467440737095516160");
    for (const QString& bad :
         {QStringLiteral("abc"), QStringLiteral("-1"), QStringLiteral("+1"), QStringLiteral("1.5"), huge, QStringLiteral("0x1")}) {
        for (const QString& route : {QStringLiteral("/leases/"), QStringLiteral("/blocks/")})
            QTest::addRow("GET %s%s", qPrintable(route), qPrintable(bad))
                << QByteArray("GET") << route + bad << QByteArray() << 400 << "invalid_argument";
        QTest::addRow("GET /blocks/%s/raw", qPrintable(bad))
            << QByteArray("GET") << QStringLiteral("/blocks/%1/raw").arg(bad) << QByteArray() << 400 << "invalid_argument";
        for (const char* key : {"since", "lease", "limit"})
            QTest::addRow("GET /events?%s=%s", key, qPrintable(bad))
                << QByteArray("GET") << QStringLiteral("/events?%1=%2").arg(QString::fromLatin1(key), bad) << QByteArray() << 400
                << "invalid_argument";
    }
    QTest::addRow("GET /events?limit=0") << QByteArray("GET") << QStringLiteral("/events?limit=0") << QByteArray() << 400 << "invalid_argument";
    QTest::addRow("GET /events?limit=10001") << QByteArray("GET") << QStringLiteral("/events?limit=10001") << QByteArray() << 400
                                             << "invalid_argument";
    for (const QString& bad : {QStringLiteral("alice"), QStringLiteral("berth1"), alice + QStringLiteral("x"), alice.left(alice.size() - 1)}) {
        QTest::addRow("GET /accounts/%s", qPrintable(bad))
            << QByteArray("GET") << QStringLiteral("/accounts/") + bad << QByteArray() << 400 << "invalid_argument";
        QTest::addRow("GET /providers/%s", qPrintable(bad))
            << QByteArray("GET") << QStringLiteral("/providers/") + bad << QByteArray() << 400 << "invalid_argument";
        for (const char* key : {"owner", "provider"})
            for (const char* route : {"/leases", "/orders"})
                QTest::addRow("GET %s?%s=%s", route, key, qPrintable(bad))
                    << QByteArray("GET") << QStringLiteral("%1?%2=%3").arg(QString::fromLatin1(route), QString::fromLatin1(key), bad)
                    << QByteArray() << 400 << "invalid_argument";
    }
    for (const QString& bad : {QStringLiteral("zz"), QStringLiteral("00"), QString(64, QLatin1Char('g')), QString(66, QLatin1Char('0'))})
        QTest::addRow("GET /tx/%s", qPrintable(bad))
            << QByteArray("GET") << QStringLiteral("/tx/") + bad << QByteArray() << 400 << "invalid_argument";
    QTest::addRow("GET /tx/unknown") << QByteArray("GET") << QStringLiteral("/tx/") + QString(64, QLatin1Char('0')) << QByteArray() << 404
                                     << "unknown_id";
    QTest::addRow("GET /leases/unknown") << QByteArray("GET") << QStringLiteral("/leases/999999") << QByteArray() << 404 << "unknown_id";
    QTest::addRow("GET /blocks/unknown") << QByteArray("GET") << QStringLiteral("/blocks/18446744073709551615") << QByteArray() << 404
                                         << "unknown_id";
    QTest::addRow("GET /providers/alice") << QByteArray("GET") << QStringLiteral("/providers/") + alice << QByteArray() << 404 << "unknown_id";
    QTest::addRow("GET /status with an oversized body")
        << QByteArray("GET") << QStringLiteral("/status") << oversized << 413 << "payload_too_large";
    QTest::addRow("GET /events/stream without upgrading")
        << QByteArray("GET") << QStringLiteral("/events/stream") << QByteArray() << 426 << "upgrade_required";
    for (const char* get : {"/status", "/genesis", "/names", "/providers", "/leases", "/orders", "/events"})
        QTest::addRow("POST %s", get) << QByteArray("POST") << QString::fromLatin1(get) << QByteArray("{}") << 405 << "method_not_allowed";
    for (const char* unknown : {"/", "/nope", "/status/1", "/tx/a/b", "/blocks/1/raw/x", "/blocks/1/cooked", "/leases//", "/status/"})
        QTest::addRow("GET %s", unknown) << QByteArray("GET") << QString::fromLatin1(unknown) << QByteArray() << 404 << "unknown_route";
}

void TestBadInput::routesRefuseBadRequests()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    const auto reply = m_node->send(method, path, body);
    QCOMPARE(reply.status, status);
    QCOMPARE(error_code(reply), code);
    QVERIFY(!reply.body.object().value("error").toObject().value("message").toString().isEmpty());
    QCOMPARE(m_node->get(QStringLiteral("/status")).body.object().value("mempool").toInt(), 0);
}

void TestBadInput::routesLeftTheStateAlone()
{
    QCOMPARE(StoredChain::content_root(m_dir.path()), m_root);
}

void TestBadInput::brokenTransactionEncodingsAreMalformed()
{
    const Transaction good =
        Transaction::make("berth-devnet", Devnet::demo_key(QStringLiteral("bob")), 0, tx::Transfer{address_of("alice"), Denom::USDC, 1});
    const Bytes encoded = good.encode();
    auto post_hex = [this](const Bytes& bytes) {
        return m_node->post(QStringLiteral("/tx"), QJsonDocument(QJsonObject{{"tx", QString::fromStdString(to_hex(bytes))}}).toJson());
    };
    // Every truncation, and the whole with a byte too many.
    for (std::size_t length = 0; length < encoded.size(); ++length) {
        const auto reply = post_hex(Bytes(encoded.begin(), encoded.begin() + static_cast<std::ptrdiff_t>(length)));
        QVERIFY2(reply.status == 400 && error_code(reply) == QLatin1String("malformed"),
                 qPrintable(QStringLiteral("truncated at %1").arg(length)));
    }
    Bytes longer = encoded;
    longer.push_back(0);
    auto reply = post_hex(longer);
    QCOMPARE(reply.status, 400);
    QCOMPARE(error_code(reply), QStringLiteral("malformed"));
    // The largest hex that fits the body limit is still only bytes.
    reply = post_hex(Bytes(30 * 1024, 0xff));
    QCOMPARE(reply.status, 400);
    QCOMPARE(error_code(reply), QStringLiteral("malformed"));
    QCOMPARE(m_node->get(QStringLiteral("/status")).body.object().value("mempool").toInt(), 0);
    QCOMPARE(StoredChain::content_root(m_dir.path()), m_root);
}

void TestBadInput::prechecksRefuseWrongChainSignatureAndNonce()
{
    const PrivateKey alice = Devnet::demo_key(QStringLiteral("alice"));
    const tx::Transfer transfer{address_of("bob"), Denom::USDC, 1};
    auto refused = [this](const Transaction& t, int status, const char* code) {
        const auto reply = m_node->submit(t);
        return reply.status == status && error_code(reply) == QLatin1String(code);
    };
    QVERIFY(refused(Transaction::make("berth-mainnet", alice, 1, transfer), 422, "wrong_chain_id"));
    Transaction forged = Transaction::make("berth-devnet", alice, 1, transfer);
    forged.signature[5] ^= 0x10;
    QVERIFY(refused(forged, 422, "bad_signature"));
    Transaction other_sender = Transaction::make("berth-devnet", alice, 1, transfer);
    other_sender.sender = Devnet::demo_key(QStringLiteral("bob")).public_key();
    QVERIFY(refused(other_sender, 422, "bad_signature"));
    // The order at nonce 0 is on chain: the same transaction again, and another at its nonce, are replays.
    QVERIFY(refused(m_included, 422, "bad_nonce"));
    QVERIFY(refused(Transaction::make("berth-devnet", alice, 0, transfer), 422, "bad_nonce"));
    QVERIFY(refused(Transaction::make("berth-devnet", alice, 7, transfer), 422, "bad_nonce"));
    QVERIFY(refused(Transaction::make("berth-devnet", alice, std::numeric_limits<std::uint64_t>::max(), transfer), 422, "bad_nonce"));
    QCOMPARE(m_node->get(QStringLiteral("/status")).body.object().value("mempool").toInt(), 0);
    QCOMPARE(StoredChain::content_root(m_dir.path()), m_root);
}

void TestBadInput::everyTransactionTypeRejectsBadUse_data()
{
    QTest::addColumn<QString>("sender");
    QTest::addColumn<tx::Payload>("payload");
    QTest::addColumn<QString>("code");
    const JobId unknown = 999'999;
    const Address bob = address_of("bob");
    const Access access{"127.0.0.1", {8080}, {"http://127.0.0.1:8080"}};
    const PendingUpdate terms{"cpu.small", 1, manifest, 20};
    auto row = [](const char* name, const char* sender, tx::Payload payload, const char* code) {
        QTest::newRow(name) << QString::fromLatin1(sender) << payload << QString::fromLatin1(code);
    };
    row("transfer beyond the balance", "alice", tx::Transfer{bob, Denom::USDC, max_amount}, "insufficient_funds");
    row("register twice", "provider1", tx::RegisterProvider{"again", "eu-west", "https://127.0.0.1"}, "already_exists");
    row("register without stake", "alice", tx::RegisterProvider{"alice", "eu-west", "https://127.0.0.1"}, "insufficient_stake");
    row("offer by a non-provider", "alice", tx::SetOffer{"cpu.small", 5, 1}, "wrong_actor");
    row("stake beyond the balance", "alice", tx::Stake{max_amount}, "insufficient_funds");
    row("unstake beyond the stake", "provider1", tx::Unstake{max_amount}, "insufficient_stake");
    row("order escrow beyond the balance", "alice", tx::CreateOrder{"cpu.small", 1, price::from_base_units(12), manifest, "", max_amount},
        "insufficient_funds");
    row("order at the largest price, below its minimum escrow", "alice", tx::CreateOrder{"cpu.small", 1, max_amount, manifest, "", 10'000},
        "invalid_argument");
    row("bid on a closed order", "provider1", tx::CreateBid{1, 5}, "bid_window_closed");
    row("bid on an unknown order", "provider1", tx::CreateBid{unknown, 5}, "unknown_id");
    row("lease ready by a stranger", "provider1", tx::LeaseReady{1}, "wrong_actor");
    row("confirm an unknown lease", "provider1", tx::ConfirmDeployment{unknown, access}, "unknown_id");
    row("update someone else's lease", "bob", tx::UpdateLease{1, terms}, "wrong_actor");
    row("lease updated by a stranger", "provider2", tx::LeaseUpdated{1, 10, access}, "wrong_actor");
    row("close someone else's lease", "bob", tx::CloseLease{1}, "wrong_actor");
    row("close an unknown lease", "alice", tx::CloseLease{unknown}, "unknown_id");
    row("lease closed by a stranger", "provider1", tx::LeaseClosed{1}, "wrong_actor");
    row("deposit into someone else's lease", "bob", tx::DepositEscrow{1, 10}, "wrong_actor");
    row("deposit into a closed order", "alice", tx::DepositEscrow{1, max_amount}, "wrong_state");
    row("exit by a stranger", "provider2", tx::ExitLease{1}, "wrong_actor");
    row("fault report by a non-auditor", "alice", tx::ReportFault{1, "down"}, "wrong_actor");
    row("withdraw without earnings", "provider1", tx::WithdrawEarnings{}, "insufficient_funds");
    row("publish a non-certificate", "bob", tx::PublishCertificate{Bytes{0x30, 0x03, 0x02, 0x01, 0x00}}, "invalid_argument");
    row("revoke without a certificate", "bob", tx::RevokeCertificate{}, "wrong_state");
    row("update a non-provider", "alice", tx::UpdateProvider{"alice", "eu-west", "https://127.0.0.1"}, "wrong_actor");
    row("manifest timeout by a stranger", "provider1", tx::ManifestTimeout{1}, "wrong_actor");
}

void TestBadInput::everyTransactionTypeRejectsBadUse()
{
    QFETCH(QString, sender);
    QFETCH(tx::Payload, payload);
    QFETCH(QString, code);
    QCOMPARE(m_closed_order, JobId{1});
    const QString account_path = QStringLiteral("/accounts/") + QString::fromStdString(Address::of(Devnet::demo_key(sender).public_key()).str());
    QJsonObject before = m_node->get(account_path).body.object();
    const auto reply = TxLoad::submit(*m_node, sender, payload);
    QCOMPARE(reply.status, 202);
    const QJsonObject status = settled(reply.body.object().value("id").toString());
    QCOMPARE(status.value("status").toString(), QStringLiteral("rejected"));
    QCOMPARE(status.value("error").toObject().value("code").toString(), code);
    QVERIFY(!status.value("error").toObject().value("message").toString().isEmpty());
    // Included as a failure: the sender's nonce is used up and nothing else of its account moved.
    QVERIFY(status.value("height").toString().toULongLong() > 0);
    QJsonObject after = m_node->get(account_path).body.object();
    QCOMPARE(after.value("nonce").toString().toULongLong(), before.value("nonce").toString().toULongLong() + 1);
    for (const char* nonce : {"nonce", "next_nonce"}) {
        before.remove(QLatin1String(nonce));
        after.remove(QLatin1String(nonce));
    }
    QCOMPARE(after, before);
    // The other suites compare against the state as it is now, with that nonce used.
    m_root = StoredChain::content_root(m_dir.path());
}

BERTH_QTEST_GUILESS(TestBadInput)
#include "tst_bad_input.moc"
