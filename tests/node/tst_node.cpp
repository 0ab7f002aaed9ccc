#include <devnet.h>
#include <node.h>
#include <price.h>
#include <rpcaccess.h>
#include <rpccookie.h>
#include <rpchandler.h>
#include <sqlitedatabase.h>

#include <testcase.h>

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

#include <memory>

using namespace berth;

/**
 * The node against a real SQLite file and real RPC: persistence across restarts, a follower
 * replaying the producer's chain to the same state root, and exact RPC error codes for bad
 * transactions. Nodes run in this thread's event loop with short blocks.
 */
class TestNode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void blocksPersistAcrossRestart();
    void reopeningNeedsNoGenesisFile();
    void storeWithoutRosterTakesItFromGenesisFile();
    void includedTransactionSurvivesRestart();
    void followerReachesProducersStateRoot();
    void badTransactionsGetExactRpcErrors();
    void batchSubmissionAnswersEachInItsPlace();
    void checksAtMostWhatTheMempoolHolds();
    void oneNodePerDataDirectory();
    void rpcCookieIsPrivateFreshAndRemovedAtStop();
    void rpcAccessRefusesForeignRequests_data();
    void rpcAccessRefusesForeignRequests();

private:
    std::unique_ptr<Node> start_node(const QString& datadir, bool rpc = false, QUrl follow = {});
    Transaction order_from(const Node& node, const QString& who, std::uint64_t nonce_offset = 0);
    /** POSTs JSON to the node's RPC; returns (HTTP status, body). */
    std::pair<int, QJsonObject> post(const QUrl& url, const QByteArray& body);

    QNetworkAccessManager m_network;
    /** The cookie file of the last node started with an RPC, which post() presents. */
    QString m_cookie_file;
};

std::unique_ptr<Node> TestNode::start_node(const QString& datadir, bool rpc, QUrl follow)
{
    NodeConfig config;
    config.datadir = datadir;
    config.devnet = follow.isEmpty();
    config.follow = follow;
    config.block_ms = 50;
    config.demo_providers = 3;
    config.rpc_enabled = rpc;
    auto node = std::make_unique<Node>(config);
    node->start();
    if (rpc) m_cookie_file = RpcCookie::path_in(datadir);
    return node;
}

Transaction TestNode::order_from(const Node& node, const QString& who, std::uint64_t nonce_offset)
{
    const PrivateKey key = Devnet::demo_key(who);
    tx::CreateOrder order;
    order.instance_type = "cpu.small";
    order.max_price_per_s = price::from_base_units(20);
    order.manifest_hash = Hash256::of(as_bytes("test manifest"));
    order.deposit = 1'000'000;
    return Transaction::make(node.ledger().params().chain_id, key, node.next_nonce(Address::of(key.public_key())) + nonce_offset, order);
}

std::pair<int, QJsonObject> TestNode::post(const QUrl& url, const QByteArray& body)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setRawHeader("Authorization", RpcCookie::authorization(RpcCookie::read(m_cookie_file).value_or(QByteArray())));
    QNetworkReply* reply = m_network.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(10000)) return {0, {}};
    reply->deleteLater();
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), QJsonDocument::fromJson(reply->readAll()).object()};
}

void TestNode::blocksPersistAcrossRestart()
{
    QTemporaryDir dir;
    std::uint64_t height = 0;
    Hash256 root;
    {
        auto node = start_node(dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(node->ledger().height() >= 5, 10000);
        node->stop();
        height = node->ledger().height();
        root = node->ledger().state_root();
        QCOMPARE(node->tip().height, height);
    }
    auto again = start_node(dir.path());
    QCOMPARE(again->ledger().height(), height);
    QCOMPARE(again->ledger().state_root(), root);
    QCOMPARE(again->tip().state_root, root);
    QCOMPARE(again->store().integrity_check(), std::string("ok"));
    // It goes on from there.
    QTRY_VERIFY_WITH_TIMEOUT(again->ledger().height() > height, 10000);
    QCOMPARE(again->store().block(height + 1)->header.prev_hash, again->store().block(height)->header.hash());
}

void TestNode::reopeningNeedsNoGenesisFile()
{
    QTemporaryDir dir;
    QByteArray genesis_json;
    {
        auto node = start_node(dir.path(), true);
        genesis_json = node->genesis_json();
        node->stop();
    }
    // The file may list a whole market; a reopened store has what it needs and never reads it.
    QFile genesis(dir.filePath(QStringLiteral("genesis.json")));
    QVERIFY(genesis.open(QIODevice::WriteOnly | QIODevice::Truncate));
    genesis.write("not json");
    genesis.close();
    auto again = start_node(dir.path());
    QCOMPARE(again->named(QStringLiteral("alice")), std::optional<Address>(Address::of(Devnet::demo_key(QStringLiteral("alice")).public_key())));
    QVERIFY(again->roster().may_produce(Devnet::demo_key(QString::fromLatin1(Devnet::producer_name)).public_key()));
    // What a follower asks for is the file as it is kept.
    QCOMPARE(again->genesis_json(), QByteArray("not json"));
    QVERIFY(genesis_json.contains("\"names\""));
}

void TestNode::storeWithoutRosterTakesItFromGenesisFile()
{
    QTemporaryDir dir;
    QMap<QString, Address> names;
    {
        auto node = start_node(dir.path());
        names = node->roster().names;
        node->stop();
    }
    {
        // A store from before the roster was kept beside the genesis block.
        SqliteDatabase db(dir.filePath(QStringLiteral("chain.sqlite")).toStdString());
        db.exec("DELETE FROM genesis_roster");
    }
    {
        auto again = start_node(dir.path());
        QCOMPARE(again->roster().names, names);
        QVERIFY(again->store().genesis_roster().has_value());
        again->stop();
    }
    // Kept from then on: the file is not needed any more.
    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("genesis.json"))));
    auto third = start_node(dir.path());
    QCOMPARE(third->roster().names, names);
}

void TestNode::includedTransactionSurvivesRestart()
{
    QTemporaryDir dir;
    Hash256 id;
    std::uint64_t included_at = 0;
    {
        auto node = start_node(dir.path());
        const Transaction order = order_from(*node, QStringLiteral("alice"));
        id = order.id();
        QVERIFY(!node->submit(order).has_value());
        QCOMPARE(node->status(id).kind, TxStatus::Kind::Pending);
        QTRY_COMPARE_WITH_TIMEOUT(node->status(id).kind, TxStatus::Kind::Included, 10000);
        included_at = node->status(id).height;
        QVERIFY(node->status(id).created_job != 0);
        node->stop();
    }
    auto again = start_node(dir.path());
    const TxStatus status = again->status(id);
    QCOMPARE(status.kind, TxStatus::Kind::Included);
    QCOMPARE(status.height, included_at);
    const auto block = again->store().block(included_at);
    QVERIFY(block.has_value());
    // The demo providers' agents publish their certificates and endpoints in the same early blocks.
    QVERIFY(std::any_of(block->transactions.begin(), block->transactions.end(), [&](const Transaction& t) { return t.id() == id; }));
    QCOMPARE(again->ledger().state().jobs.size(), std::size_t{1});
}

void TestNode::followerReachesProducersStateRoot()
{
    QTemporaryDir producer_dir, follower_dir;
    auto producer = start_node(producer_dir.path(), true);
    QVERIFY(!producer->submit(order_from(*producer, QStringLiteral("alice"))).has_value());
    QVERIFY(!producer->submit(order_from(*producer, QStringLiteral("bob"))).has_value());
    // Let the agents bid and the orders match before following.
    QTRY_VERIFY_WITH_TIMEOUT(producer->ledger().height() >= 8, 10000);

    auto follower = start_node(follower_dir.path(), false, producer->rpc_url());
    QVERIFY(!follower->is_producer());
    QTRY_VERIFY_WITH_TIMEOUT(follower->ledger().height() >= 12, 15000);
    const std::uint64_t h = follower->ledger().height();
    QCOMPARE(follower->ledger().state_root(), producer->store().block(h)->header.state_root);
    QCOMPARE(follower->tip().hash(), producer->store().block(h)->header.hash());
    // The replayed chain carries the market: both orders were matched by the producer's agents.
    QCOMPARE(follower->ledger().state().jobs.size(), std::size_t{2});
    std::vector<JobState> states;
    follower->ledger().state().jobs.for_each([&](JobId, const Job& job) { states.push_back(job.state); });
    QCOMPARE(states, std::vector<JobState>(2, JobState::LeaseReady));
    // A follower does not take transactions.
    QCOMPARE(follower->submit(order_from(*producer, QStringLiteral("alice"))).value().code, std::string("not_producer"));
}

void TestNode::badTransactionsGetExactRpcErrors()
{
    QTemporaryDir dir;
    auto node = start_node(dir.path(), true);
    // Let the agents' start-up transactions (certificates, endpoints) land first.
    QTRY_COMPARE_WITH_TIMEOUT(node->mempool_size(), std::size_t{0}, 10000);
    const QUrl tx_url = node->rpc_url().resolved(QUrl(QStringLiteral("/tx")));
    auto body_of = [](const Transaction& t) {
        const Bytes raw = t.encode();
        return QJsonDocument(QJsonObject{{"tx", QString::fromStdString(to_hex(raw))}}).toJson();
    };
    auto error_code = [](const QJsonObject& reply) { return reply.value("error").toObject().value("code").toString(); };

    Transaction wrong_nonce = order_from(*node, QStringLiteral("alice"), 5);
    auto [status, reply] = post(tx_url, body_of(wrong_nonce));
    QCOMPARE(status, 422);
    QCOMPARE(error_code(reply), QStringLiteral("bad_nonce"));

    Transaction wrong_chain = order_from(*node, QStringLiteral("alice"));
    wrong_chain = Transaction::make("another-chain", Devnet::demo_key(QStringLiteral("alice")), wrong_chain.nonce, wrong_chain.payload);
    std::tie(status, reply) = post(tx_url, body_of(wrong_chain));
    QCOMPARE(status, 422);
    QCOMPARE(error_code(reply), QStringLiteral("wrong_chain_id"));

    Transaction forged = order_from(*node, QStringLiteral("alice"));
    forged.signature[0] ^= 0x01;
    std::tie(status, reply) = post(tx_url, body_of(forged));
    QCOMPARE(status, 422);
    QCOMPARE(error_code(reply), QStringLiteral("bad_signature"));

    std::tie(status, reply) = post(tx_url, QByteArray("{\"tx\": \"zz\"}"));
    QCOMPARE(status, 400);
    QCOMPARE(error_code(reply), QStringLiteral("malformed"));
    std::tie(status, reply) = post(tx_url, QByteArray("{\"tx\": \"00ff\"}"));
    QCOMPARE(status, 400);
    QCOMPARE(error_code(reply), QStringLiteral("malformed"));
    std::tie(status, reply) = post(tx_url, QByteArray("[1,2"));
    QCOMPARE(status, 400);
    QCOMPARE(error_code(reply), QStringLiteral("malformed"));
    std::tie(status, reply) = post(tx_url, QByteArray(100 * 1024, 'x'));
    QCOMPARE(status, 413);
    QCOMPARE(error_code(reply), QStringLiteral("payload_too_large"));
    std::tie(status, reply) = post(node->rpc_url().resolved(QUrl(QStringLiteral("/no/such/route"))), QByteArray("{}"));
    QCOMPARE(status, 404);
    QCOMPARE(error_code(reply), QStringLiteral("unknown_route"));

    // None of them reached the chain; a good one still does.
    QCOMPARE(node->mempool_size(), std::size_t{0});
    QCOMPARE(node->ledger().state().jobs.size(), std::size_t{0});
    const Transaction good = order_from(*node, QStringLiteral("alice"));
    std::tie(status, reply) = post(tx_url, body_of(good));
    QCOMPARE(status, 202);
    QCOMPARE(reply["id"].toString(), QString::fromStdString(good.id().hex()));
}

void TestNode::batchSubmissionAnswersEachInItsPlace()
{
    QTemporaryDir dir;
    auto node = start_node(dir.path(), true);
    QTRY_COMPARE_WITH_TIMEOUT(node->mempool_size(), std::size_t{0}, 10000);
    const QUrl batch_url = node->rpc_url().resolved(QUrl(QStringLiteral("/txs")));
    const QUrl single_url = node->rpc_url().resolved(QUrl(QStringLiteral("/tx")));
    auto hex = [](const Transaction& t) { return QString::fromStdString(to_hex(t.encode())); };
    auto batch_body = [](const QJsonArray& txs) { return QJsonDocument(QJsonObject{{"txs", txs}}).toJson(); };

    const Transaction first = order_from(*node, QStringLiteral("alice"));
    const Transaction second = order_from(*node, QStringLiteral("alice"), 1);
    Transaction forged = order_from(*node, QStringLiteral("bob"));
    forged.signature[5] ^= 0x01;
    const Transaction gap = order_from(*node, QStringLiteral("bob"), 5);
    const Transaction other_chain =
        Transaction::make("another-chain", Devnet::demo_key(QStringLiteral("bob")), forged.nonce, tx::WithdrawEarnings{});
    const Transaction bobs = order_from(*node, QStringLiteral("bob"));
    const QJsonArray txs{hex(first), hex(forged), QStringLiteral("zz"), hex(bobs), hex(gap), hex(first), hex(other_chain), hex(second)};
    auto [status, reply] = post(batch_url, batch_body(txs));
    QCOMPARE(status, 200);
    const QJsonArray results = reply.value("results").toArray();
    QCOMPARE(results.size(), txs.size());
    auto code_at = [&](qsizetype i) { return results[i].toObject().value("error").toObject().value("code").toString(); };
    for (qsizetype i : {0, 3, 7}) QCOMPARE(results[i].toObject().value("status").toString(), QStringLiteral("pending"));
    QCOMPARE(results[0].toObject().value("id").toString(), QString::fromStdString(first.id().hex()));
    QCOMPARE(results[3].toObject().value("id").toString(), QString::fromStdString(bobs.id().hex()));
    QCOMPARE(results[7].toObject().value("id").toString(), QString::fromStdString(second.id().hex()));
    QCOMPARE(code_at(1), QStringLiteral("bad_signature"));
    QCOMPARE(code_at(2), QStringLiteral("malformed"));
    QVERIFY(!results[2].toObject().contains("id"));
    QCOMPARE(code_at(4), QStringLiteral("bad_nonce"));
    QCOMPARE(results[4].toObject().value("id").toString(), QString::fromStdString(gap.id().hex()));
    QCOMPARE(code_at(5), QStringLiteral("duplicate"));
    QCOMPARE(code_at(6), QStringLiteral("wrong_chain_id"));
    // Each refusal that does not depend on what is pending meanwhile is word for word what POST /tx answers.
    for (qsizetype i : {1, 4, 6}) {
        const QByteArray single = QJsonDocument(QJsonObject{{"tx", txs[i]}}).toJson();
        std::tie(status, reply) = post(single_url, single);
        QCOMPARE(reply.value("error").toObject(), results[i].toObject().value("error").toObject());
    }
    QTRY_COMPARE_WITH_TIMEOUT(node->status(bobs.id()).kind, TxStatus::Kind::Included, 10000);
    QCOMPARE(node->status(first.id()).kind, TxStatus::Kind::Included);
    QCOMPARE(node->status(second.id()).kind, TxStatus::Kind::Included);

    // The bounds: at least one transaction, at most max_batch_transactions, in a body within rpc_max_body_bytes.
    auto error_code = [](const QJsonObject& r) { return r.value("error").toObject().value("code").toString(); };
    std::tie(status, reply) = post(batch_url, batch_body({}));
    QCOMPARE(status, 400);
    QCOMPARE(error_code(reply), QStringLiteral("invalid_argument"));
    QJsonArray too_many;
    for (qsizetype i = 0; i <= RpcHandler::max_batch_transactions; ++i) too_many.append(QStringLiteral("00"));
    std::tie(status, reply) = post(batch_url, batch_body(too_many));
    QCOMPARE(status, 400);
    QCOMPARE(error_code(reply), QStringLiteral("invalid_argument"));
    std::tie(status, reply) = post(batch_url, QByteArray("{\"txs\": \"00ff\"}"));
    QCOMPARE(status, 400);
    QCOMPARE(error_code(reply), QStringLiteral("malformed"));
    QJsonArray too_big;
    for (int i = 0; i < 40; ++i) too_big.append(QString(2000, QLatin1Char('0')));
    std::tie(status, reply) = post(batch_url, batch_body(too_big));
    QCOMPARE(status, 413);
    QCOMPARE(error_code(reply), QStringLiteral("payload_too_large"));
}

void TestNode::checksAtMostWhatTheMempoolHolds()
{
    // A client that submits faster than the node checks is told to retry once the node would
    // be checking more than its mempool can take, instead of being queued without end.
    QTemporaryDir dir;
    NodeConfig config;
    config.datadir = dir.path();
    config.devnet = true;
    config.block_ms = 600'000;
    config.rpc_enabled = false;
    config.run_agents = false;
    config.demo_providers = 0;
    config.mempool_capacity = 300;
    Node node(config);
    node.start();
    const PrivateKey faucet = Devnet::demo_key(QStringLiteral("faucet"));
    const Address bob = Address::of(Devnet::demo_key(QStringLiteral("bob")).public_key());
    const std::uint64_t first = node.next_nonce(Address::of(faucet.public_key()));
    auto transfers = [&](std::uint64_t from, std::uint64_t count) {
        std::vector<Transaction> txs;
        for (std::uint64_t n = from; n < from + count; ++n)
            txs.push_back(Transaction::make(node.ledger().params().chain_id, faucet, n, tx::Transfer{bob, Denom::USDC, 1}));
        return txs;
    };
    std::vector<std::vector<AdmissionQueue::Outcome>> answers(4);
    auto keep = [&answers](std::size_t i) { return [&answers, i](std::vector<AdmissionQueue::Outcome> o) { answers[i] = std::move(o); }; };
    node.submit_async(transfers(first, 200), keep(0));
    node.submit_async(transfers(first + 200, 100), keep(1));
    node.submit_async(transfers(first + 300, 1), keep(2));
    // The third is refused at once, before this thread's event loop ran; the first two are being checked.
    QCOMPARE(answers[2].size(), std::size_t{1});
    QCOMPARE(answers[2][0].rejection.value().code, std::string("mempool_full"));
    QVERIFY2(answers[2][0].rejection->message.find("mempool_max_transactions 300") != std::string::npos,
             answers[2][0].rejection->message.c_str());
    QVERIFY(answers[0].empty() && answers[1].empty());
    QTRY_VERIFY(answers[0].size() == 200 && answers[1].size() == 100);
    for (const auto& batch : {answers[0], answers[1]})
        for (const AdmissionQueue::Outcome& outcome : batch) QVERIFY(!outcome.rejection);
    // Once the block took them, the one refused goes in.
    node.produce_block();
    QCOMPARE(node.mempool_size(), std::size_t{0});
    node.submit_async(transfers(first + 300, 1), keep(3));
    QTRY_COMPARE(answers[3].size(), std::size_t{1});
    QVERIFY(!answers[3][0].rejection);
}

void TestNode::rpcCookieIsPrivateFreshAndRemovedAtStop()
{
    QTemporaryDir dir;
    const QString path = RpcCookie::path_in(dir.path());
    QByteArray first;
    {
        auto node = start_node(dir.path(), true);
        QVERIFY(QFile::exists(path));
        QCOMPARE(QFileInfo(path).permissions() & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther |
                                                  QFileDevice::WriteOther | QFileDevice::ExeOwner),
                 QFileDevice::Permissions());
        first = RpcCookie::read(path).value_or(QByteArray());
        QCOMPARE(first.size(), 64);
        node->stop();
        QVERIFY(!QFile::exists(path));
    }
    auto node = start_node(dir.path(), true);
    const QByteArray second = RpcCookie::read(path).value_or(QByteArray());
    QCOMPARE(second.size(), 64);
    QVERIFY(second != first);
}

void TestNode::rpcAccessRefusesForeignRequests_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<QByteArray>("content_type");
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<bool>("upgrade");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    const QByteArray own = "127.0.0.1:4321";
    const QByteArray json = "application/json";
    const QByteArray bearer = "Bearer SECRET";
    QTest::newRow("GET from a tool") << QByteArray("GET") << own << QByteArray() << QByteArray() << QByteArray() << false << 0 << QString();
    QTest::newRow("GET localhost") << QByteArray("GET") << QByteArray("LOCALHOST:4321") << QByteArray() << QByteArray() << QByteArray() << false
                                   << 0 << QString();
    QTest::newRow("GET [::1]") << QByteArray("GET") << QByteArray("[::1]:4321") << QByteArray() << QByteArray() << QByteArray() << false << 0
                               << QString();
    QTest::newRow("GET a rebound name") << QByteArray("GET") << QByteArray("evil.example:4321") << QByteArray() << QByteArray() << QByteArray()
                                        << false << 403 << "forbidden_host";
    QTest::newRow("GET another port") << QByteArray("GET") << QByteArray("127.0.0.1:80") << QByteArray() << QByteArray() << QByteArray() << false
                                      << 403 << "forbidden_host";
    QTest::newRow("GET without Host") << QByteArray("GET") << QByteArray() << QByteArray() << QByteArray() << QByteArray() << false << 403
                                      << "forbidden_host";
    QTest::newRow("GET from a foreign page") << QByteArray("GET") << own << QByteArray("https://evil.example") << QByteArray() << QByteArray()
                                             << false << 0 << QString();
    QTest::newRow("POST from berth-cli") << QByteArray("POST") << own << QByteArray() << json << bearer << false << 0 << QString();
    QTest::newRow("POST with charset and Basic") << QByteArray("POST") << own << QByteArray("http://localhost:4321")
                                                 << QByteArray("Application/JSON; charset=utf-8")
                                                 << QByteArray("Basic " + QByteArray("__cookie__:SECRET").toBase64()) << false << 0 << QString();
    QTest::newRow("POST from a foreign page") << QByteArray("POST") << own << QByteArray("https://evil.example") << json << bearer << false
                                              << 403 << "forbidden_origin";
    QTest::newRow("POST from an opaque origin") << QByteArray("POST") << own << QByteArray("null") << json << bearer << false << 403
                                                << "forbidden_origin";
    QTest::newRow("POST as text/plain") << QByteArray("POST") << own << QByteArray() << QByteArray("text/plain") << bearer << false << 415
                                        << "unsupported_media_type";
    QTest::newRow("POST without type") << QByteArray("POST") << own << QByteArray() << QByteArray() << bearer << false << 415
                                       << "unsupported_media_type";
    QTest::newRow("POST without cookie") << QByteArray("POST") << own << QByteArray() << json << QByteArray() << false << 401 << "unauthorized";
    QTest::newRow("POST with a wrong cookie") << QByteArray("POST") << own << QByteArray() << json << QByteArray("Bearer SECRET2") << false
                                              << 401 << "unauthorized";
    QTest::newRow("POST with wrong Basic user") << QByteArray("POST") << own << QByteArray() << json
                                                << QByteArray("Basic " + QByteArray("admin:SECRET").toBase64()) << false << 401
                                                << "unauthorized";
    QTest::newRow("DELETE without cookie") << QByteArray("DELETE") << own << QByteArray() << json << QByteArray() << false << 401
                                           << "unauthorized";
    QTest::newRow("stream from the node's page") << QByteArray("GET") << own << QByteArray("http://127.0.0.1:4321") << QByteArray()
                                                 << QByteArray() << true << 0 << QString();
    QTest::newRow("stream from a foreign page") << QByteArray("GET") << own << QByteArray("http://127.0.0.1:8080") << QByteArray()
                                                << QByteArray() << true << 403 << "forbidden_origin";
}

void TestNode::rpcAccessRefusesForeignRequests()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, host);
    QFETCH(QByteArray, origin);
    QFETCH(QByteArray, content_type);
    QFETCH(QByteArray, authorization);
    QFETCH(bool, upgrade);
    QFETCH(int, status);
    QFETCH(QString, code);
    QTemporaryDir dir;
    RpcCookie cookie(dir.path());
    // The rows' "SECRET" stands for the cookie's secret.
    authorization.replace("Basic " + QByteArray("__cookie__:SECRET").toBase64(),
                          "Basic " + (QByteArray("__cookie__:") + cookie.secret()).toBase64());
    if (authorization == "Bearer SECRET") authorization = RpcCookie::authorization(cookie.secret());
    if (authorization == "Bearer SECRET2") authorization = RpcCookie::authorization(cookie.secret() + "0");
    const RpcAccess access(4321, cookie);
    const auto refusal = access.refusal(RpcRequestHead{method, host, origin, content_type, authorization, upgrade});
    QCOMPARE(refusal ? refusal->status : 0, status);
    if (!refusal) return;
    const QJsonObject error = QJsonDocument::fromJson(refusal->body).object().value("error").toObject();
    QCOMPARE(error.value("code").toString(), code);
    QVERIFY(!error.value("message").toString().isEmpty());
}

void TestNode::oneNodePerDataDirectory()
{
    QTemporaryDir dir;
    std::optional<std::uint64_t> height;
    {
        auto first = start_node(dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(first->tip().height >= 2, 10000);
        NodeConfig config;
        config.datadir = dir.path();
        config.devnet = true;
        config.rpc_enabled = false;
        Node second(config);
        try {
            second.start();
            QFAIL("a second node started on a data directory in use");
        } catch (const std::runtime_error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("in use by another Berth node")), e.what());
        }
        // The refused node touched nothing: the first one still produces.
        const std::uint64_t before = first->tip().height;
        QTRY_VERIFY_WITH_TIMEOUT(first->tip().height > before, 10000);
        first->stop();
        height = first->tip().height;
    }
    // Once the first node is gone, the directory is free again and keeps its chain.
    auto again = start_node(dir.path());
    QCOMPARE(again->tip().height, *height);
}

BERTH_QTEST_GUILESS(TestNode)
#include "tst_node.moc"
