#include "berthdprocess.h"
#include "txload.h"

#include <devnet.h>
#include <price.h>
#include <rpccookie.h>
#include <transaction.h>

#include <testcase.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <sys/resource.h>

using namespace berth;
using berth::test::BerthdProcess;

namespace {

/** The resident set of a process in KiB, from /proc; 0 when it cannot be read. */
qint64 rss_kib(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly)) return 0;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').first().toLongLong();
    return 0;
}

/** The address of a devnet demo key (or of any name's demo-derived key, for a fresh account). */
QByteArray demo_address(const char* name)
{
    return QByteArray::fromStdString(Address::of(Devnet::demo_key(QString::fromLatin1(name)).public_key()).str());
}

struct RawAnswer {
    int status = 0;
    QJsonObject body;
    /** The connection went on to a WebSocket after the answer, and stayed open. */
    bool upgraded = false;
};

/** The size of the answer at the front of `received`, its head and the body its Content-Length announces; nothing while it is incomplete. */
std::optional<qsizetype> complete_answer_size(const QByteArray& received)
{
    const qsizetype head_end = received.indexOf("\r\n\r\n");
    const qsizetype length_at = received.toLower().indexOf("content-length:");
    if (head_end < 0 || length_at < 0 || length_at > head_end) return std::nullopt;
    const qsizetype length = received.mid(length_at + 15, received.indexOf('\r', length_at) - length_at - 15).trimmed().toLongLong();
    if (received.size() < head_end + 4 + length) return std::nullopt;
    return head_end + 4 + length;
}

/** The status and JSON body of the answer at the front of `received`: `size` bytes, or all of them when its size is not known. */
RawAnswer read_answer(const QByteArray& received, std::optional<qsizetype> size)
{
    RawAnswer out;
    out.status = received.mid(9, 3).toInt();
    const qsizetype body_at = received.indexOf("\r\n\r\n") + 4;
    out.body = QJsonDocument::fromJson(received.mid(body_at, size.value_or(received.size()) - body_at)).object();
    return out;
}

} // namespace

/**
 * The RPC of a real berthd, attacked as a web page, another local user or a careless client
 * would: requests a browser sends for a foreign page (cross-site POSTs, text/plain bodies, a
 * rebound Host name, a foreign Origin on the event stream) and requests without the cookie are
 * refused with their codes and change nothing; a 200 MB body is refused from its announced
 * length before the node holds it; 1,000 idle connections do not keep the RPC from answering;
 * an event-stream client that never reads is dropped instead of growing the node's memory; and
 * a flood of transactions from fresh keys that keeps a small mempool full does not keep an
 * order and its providers' bids out of the order's first bid window. Submissions are answered
 * after their signatures were checked off the node's thread: a request sent behind one on the
 * same connection is answered after it, and clients that leave before their answer cost the
 * node nothing.
 */
class TestRpcHardening : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void foreignRequestsAreRefused_data();
    void foreignRequestsAreRefused();
    void hugeBodyIsRefusedBeforeItIsHeld();
    void idleConnectionsDoNotStarveTheRpc();
    void pipelinedRequestsAreAnsweredInOrder();
    void clientsLeavingBeforeTheirAnswerCostNothing();
    // Stops the node the cases above share.
    void streamClientThatNeverReadsIsDropped();
    void freshKeyFloodLeavesRoomForOrdersAndBids();

private:
    /** Sends `request` as it is on a new connection and reads the answer until the node closes or it is complete. */
    RawAnswer raw(const QByteArray& request);
    /** A POST of `body` to `path` with the cookie, as raw HTTP. */
    QByteArray post_request(const QByteArray& path, const QByteArray& body) const;
    /** The body of a POST /txs of `count` transfers from the faucet, from its nonce `first_nonce` on. */
    static QByteArray faucet_batch(std::uint64_t first_nonce, int count);
    std::uint64_t next_nonce_of(const QString& name);
    QByteArray own_host() const { return "127.0.0.1:" + QByteArray::number(m_node->rpc_url().port()); }
    QString usdc_of(const QString& address);

    QTemporaryDir m_dir;
    std::unique_ptr<BerthdProcess> m_node;
};

void TestRpcHardening::initTestCase()
{
    // Enough descriptors for a thousand idle connections beside the test's own.
    rlimit files{};
    QVERIFY(::getrlimit(RLIMIT_NOFILE, &files) == 0);
    files.rlim_cur = std::max<rlim_t>(files.rlim_cur, std::min<rlim_t>(files.rlim_max, 4096));
    QVERIFY(::setrlimit(RLIMIT_NOFILE, &files) == 0);
    QVERIFY2(files.rlim_cur >= 1100, "the test needs 1,100 file descriptors");

    QVERIFY(m_dir.isValid());
    m_node = std::make_unique<BerthdProcess>(m_dir.path(), QStringList{QStringLiteral("--devnet"), QStringLiteral("--block-ms"),
                                                                       QStringLiteral("100"), QStringLiteral("--no-agents")});
    QVERIFY2(m_node->start(), qPrintable(m_node->log()));
    QVERIFY(!m_node->cookie().isEmpty());
}

void TestRpcHardening::cleanupTestCase()
{
    if (m_node) QCOMPARE(m_node->terminate(), 0);
}

RawAnswer TestRpcHardening::raw(const QByteArray& request)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(m_node->rpc_url().port()));
    if (!socket.waitForConnected(10000)) return {};
    socket.write(request);
    QByteArray answer;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 15000 && socket.state() == QAbstractSocket::ConnectedState) {
        socket.waitForReadyRead(200);
        answer += socket.readAll();
        if (complete_answer_size(answer)) break;
    }
    answer += socket.readAll();
    const std::optional<qsizetype> size = complete_answer_size(answer);
    RawAnswer out = read_answer(answer, size);
    const qsizetype answer_end = size.value_or(answer.size());
    // Whatever follows the answer: a 101 there means the node upgraded the connection anyway.
    if (request.contains("Upgrade: websocket")) {
        socket.waitForReadyRead(1000);
        answer += socket.readAll();
        out.upgraded = answer.mid(answer_end).contains("101 Switching Protocols") && socket.state() == QAbstractSocket::ConnectedState;
    }
    return out;
}

QString TestRpcHardening::usdc_of(const QString& address)
{
    return m_node->get(QStringLiteral("/accounts/") + address).body.object().value(QStringLiteral("usdc")).toString();
}

void TestRpcHardening::foreignRequestsAreRefused_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    const QByteArray faucet_body = R"({"address":")" + demo_address("bob") + R"(","usdc":"1000000"})";
    const auto post = [&](const QByteArray& host, const QByteArray& extra_headers) {
        return "POST /faucet HTTP/1.1\r\nHost: " + host + "\r\n" + extra_headers + "Content-Length: " + QByteArray::number(faucet_body.size()) +
               "\r\nConnection: close\r\n\r\n" + faucet_body;
    };
    // Placeholders: OWN is the node's host:port, COOKIE its secret, both known only once it runs.
    QTest::newRow("cross-site POST from a page")
        << post("OWN", "Origin: https://evil.example\r\nContent-Type: application/json\r\nAuthorization: COOKIE\r\n") << 403
        << "forbidden_origin";
    QTest::newRow("text/plain POST (a simple request no preflight stops)")
        << post("OWN", "Content-Type: text/plain\r\nAuthorization: COOKIE\r\n") << 415 << "unsupported_media_type";
    QTest::newRow("POST without the cookie") << post("OWN", "Content-Type: application/json\r\n") << 401 << "unauthorized";
    QTest::newRow("POST under a rebound name") << post("attacker.example:PORT", "Content-Type: application/json\r\nAuthorization: COOKIE\r\n")
                                               << 403 << "forbidden_host";
    QTest::newRow("GET under a rebound name") << QByteArray("GET /status HTTP/1.1\r\nHost: attacker.example:PORT\r\nConnection: close\r\n\r\n")
                                              << 403 << "forbidden_host";
    QTest::newRow("event stream from a foreign page")
        << QByteArray("GET /events/stream HTTP/1.1\r\nHost: OWN\r\nOrigin: https://evil.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        << 403 << "forbidden_origin";
    QTest::newRow("the same POST as berth-cli sends it")
        << post("OWN", "Content-Type: application/json\r\nAuthorization: COOKIE\r\n") << 202 << QString();
}

void TestRpcHardening::foreignRequestsAreRefused()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QString, code);
    request.replace("OWN", own_host());
    request.replace("PORT", QByteArray::number(m_node->rpc_url().port()));
    request.replace("COOKIE", RpcCookie::authorization(m_node->cookie()));
    const QString bob = QString::fromLatin1(demo_address("bob"));
    const QString before = usdc_of(bob);
    QVERIFY(!before.isEmpty());

    const RawAnswer answer = raw(request);
    QCOMPARE(answer.status, status);
    if (code.isEmpty()) {
        // The honest request works, so the refusals above are about what they lack.
        QTRY_VERIFY_WITH_TIMEOUT(usdc_of(bob) != before, 10000);
        return;
    }
    const QJsonObject error = answer.body.value(QStringLiteral("error")).toObject();
    QVERIFY2(!answer.upgraded, "the refused request was upgraded to a WebSocket anyway");
    QCOMPARE(error.value(QStringLiteral("code")).toString(), code);
    QVERIFY(!error.value(QStringLiteral("message")).toString().isEmpty());
    // A few blocks later nothing was paid out.
    const QString height = m_node->get(QStringLiteral("/status")).body.object().value(QStringLiteral("height")).toString();
    QTRY_VERIFY_WITH_TIMEOUT(m_node->get(QStringLiteral("/status")).body.object().value(QStringLiteral("height")).toString().toULongLong() >=
                                 height.toULongLong() + 3,
                             10000);
    QCOMPARE(usdc_of(bob), before);
}

void TestRpcHardening::hugeBodyIsRefusedBeforeItIsHeld()
{
    const qint64 pid = m_node->pid();
    const qint64 before_kib = rss_kib(pid);
    QVERIFY(before_kib > 0);

    constexpr qint64 announced = 200LL * 1024 * 1024;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(m_node->rpc_url().port()));
    QVERIFY(socket.waitForConnected(10000));
    socket.write("POST /tx HTTP/1.1\r\nHost: " + own_host() + "\r\nContent-Type: application/json\r\nAuthorization: " +
                 RpcCookie::authorization(m_node->cookie()) + "\r\nContent-Length: " + QByteArray::number(announced) + "\r\n\r\n");
    // Keep sending the body for as long as the node takes it; it must answer and close long before 200 MB.
    const QByteArray chunk(1024 * 1024, 'x');
    qint64 sent = 0;
    QByteArray answer;
    while (sent < announced && socket.state() == QAbstractSocket::ConnectedState) {
        if (socket.bytesToWrite() < 4 * chunk.size()) {
            socket.write(chunk);
            sent += chunk.size();
        }
        socket.waitForBytesWritten(100);
        answer += socket.readAll();
        if (answer.contains("\r\n\r\n")) break;
    }
    QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).contains("\r\n\r\n"), 10000);
    QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.left(200).constData());
    QVERIFY2(answer.contains("payload_too_large") && answer.contains("rpc_max_body_bytes"), answer.constData());
    QVERIFY2(sent < announced, "the node read the whole 200 MB body");
    socket.abort();

    const qint64 after_kib = rss_kib(pid);
    qInfo("node RSS %lld KiB before, %lld KiB after; %lld MiB of the body sent", before_kib, after_kib, sent / (1024 * 1024));
    QVERIFY2(after_kib - before_kib < 8 * 1024, "the node's memory grew by more than 8 MiB");
    QCOMPARE(m_node->get(QStringLiteral("/status")).status, 200);
}

void TestRpcHardening::idleConnectionsDoNotStarveTheRpc()
{
    constexpr int idle_count = 1000;
    std::vector<std::unique_ptr<QTcpSocket>> idle;
    idle.reserve(idle_count);
    for (int i = 0; i < idle_count; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, static_cast<quint16>(m_node->rpc_url().port()));
        // One at a time, as a client opening connections in a loop would: each is accepted before the next.
        QVERIFY2(socket->waitForConnected(30000), qPrintable(QStringLiteral("connection %1: %2").arg(i).arg(socket->errorString())));
        idle.push_back(std::move(socket));
    }

    // With a thousand connections open and silent, a real client is still answered.
    const BerthdProcess::Reply status = m_node->get(QStringLiteral("/status"));
    QCOMPARE(status.status, 200);
    QVERIFY(!status.body.object().value(QStringLiteral("height")).toString().isEmpty());
    // The node keeps at most rpc_max_connections: it closed the idle ones that were over.
    const auto closed = [&] {
        return std::count_if(idle.begin(), idle.end(), [](const auto& s) { return s->state() == QAbstractSocket::UnconnectedState; });
    };
    QTRY_VERIFY_WITH_TIMEOUT(closed() >= idle_count - 128, 30000);
    qInfo("%d of %d idle connections closed by the node", int(closed()), idle_count);
    QCOMPARE(m_node->post(QStringLiteral("/faucet"), R"({"address":")" + demo_address("carol") + R"(","usdc":"1"})").status, 202);
}

void TestRpcHardening::streamClientThatNeverReadsIsDropped()
{
    // A client that asks for the stream and never reads: a small receive buffer, and nothing taken from it.
    QTcpSocket lazy;
    lazy.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    lazy.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(m_node->rpc_url().port()));
    QVERIFY(lazy.waitForConnected(10000));
    lazy.write(
        "GET /events/stream HTTP/1.1\r\nHost: " + own_host() +
        "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QVERIFY(lazy.waitForBytesWritten(10000));
    QByteArray handshake;
    while (!handshake.contains("\r\n\r\n") && (lazy.bytesAvailable() > 0 || lazy.waitForReadyRead(10000))) handshake += lazy.read(1);
    QVERIFY2(handshake.startsWith("HTTP/1.1 101"), handshake.constData());
    // From here on the client takes nothing: Qt holds one byte, then the kernel's small buffer fills.
    lazy.setReadBufferSize(1);

    const qint64 pid = m_node->pid();
    const qint64 before_kib = rss_kib(pid);
    // Every faucet payout is an event for the stream; far more than the backlog the node allows.
    const QByteArray body = R"({"address":")" + demo_address("dave") + R"(","usdc":"1"})";
    for (int i = 0; i < 3000; ++i) QCOMPARE(m_node->post(QStringLiteral("/faucet"), body).status, 202);
    const QString height = m_node->get(QStringLiteral("/status")).body.object().value(QStringLiteral("height")).toString();
    QTRY_VERIFY_WITH_TIMEOUT(m_node->get(QStringLiteral("/status")).body.object().value(QStringLiteral("height")).toString().toULongLong() >=
                                 height.toULongLong() + 5,
                             20000);
    const qint64 after_kib = rss_kib(pid);
    qInfo("node RSS %lld KiB before the events, %lld KiB after", before_kib, after_kib);
    QVERIFY2(after_kib - before_kib < 16 * 1024, "the node's memory grew by more than 16 MiB");

    // The node said why it let the client go, and serves on.
    QCOMPARE(m_node->get(QStringLiteral("/status")).status, 200);
    QCOMPARE(m_node->terminate(), 0);
    QVERIFY2(m_node->log().contains(QLatin1String("dropping an event stream client")), qPrintable(m_node->log().right(2000)));
    QVERIFY2(m_node->log().contains(QLatin1String("stream_max_backlog_bytes")), qPrintable(m_node->log().right(2000)));
    m_node.reset();
}

void TestRpcHardening::freshKeyFloodLeavesRoomForOrdersAndBids()
{
    // A small mempool that blocks drain slowly, so that the flood below keeps it full.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    BerthdProcess node(dir.path(),
                       {QStringLiteral("--devnet"), QStringLiteral("--block-ms"), QStringLiteral("300"),
                        QStringLiteral("--mempool-max-transactions"), QStringLiteral("200"), QStringLiteral("--mempool-max-per-sender"),
                        QStringLiteral("20"), QStringLiteral("--max-block-transactions"), QStringLiteral("30")});
    QVERIFY2(node.start(), qPrintable(node.log()));
    const std::string chain_id = node.get(QStringLiteral("/status")).body.object().value(QStringLiteral("chain_id")).toString().toStdString();
    QVERIFY(!chain_id.empty());

    // Each transfer from a key of its own, signed up front: what an attacker with fresh keys sends.
    const Address alice = Address::of(Devnet::demo_key(QStringLiteral("alice")).public_key());
    std::vector<QByteArray> flood;
    for (int i = 0; i < 6000; ++i) {
        const PrivateKey key = PrivateKey::from_seed(Hash256::of(as_bytes("flood/" + std::to_string(i))).bytes());
        const Transaction tx = Transaction::make(chain_id, key, 0, tx::Transfer{alice, Denom::USDC, 1});
        flood.push_back(QJsonDocument(QJsonObject{{"tx", QString::fromStdString(to_hex(tx.encode()))}}).toJson(QJsonDocument::Compact));
    }
    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request(QUrl(node.rpc_url().toString() + QStringLiteral("/tx")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setRawHeader("Authorization", RpcCookie::authorization(node.cookie()));
    std::size_t next = 0;
    int accepted = 0;
    int full = 0;
    std::function<void()> send_next = [&] {
        if (next >= flood.size()) return;
        QNetworkReply* reply = network.post(request, flood[next++]);
        QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 202)
                ++accepted;
            else if (reply->readAll().contains("mempool_full"))
                ++full;
            send_next();
        });
    };
    for (int i = 0; i < 16; ++i) send_next();
    // The flood has filled the pool when the node starts turning fresh keys away.
    QTRY_VERIFY_WITH_TIMEOUT(full > 0, 30000);

    // An order from a funded account, into the full pool.
    const Amount max_price = price::parse_per_s("20");
    const tx::CreateOrder order{"cpu.small", 1, max_price, Hash256::of(as_bytes("flooded manifest")), "", price::cover(max_price, 600)};
    const BerthdProcess::Reply submitted = berth::test::TxLoad::submit(node, QStringLiteral("alice"), order);
    QCOMPARE(submitted.status, 202);
    const QString tx_id = submitted.body.object().value(QStringLiteral("id")).toString();
    QString lease;
    QTRY_VERIFY2_WITH_TIMEOUT(
        !(lease = node.get(QStringLiteral("/tx/") + tx_id).body.object().value(QStringLiteral("order_id")).toString()).isEmpty(),
        node.get(QStringLiteral("/tx/") + tx_id).body.toJson().constData(), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(
        !(lease = node.get(QStringLiteral("/tx/") + tx_id).body.object().value(QStringLiteral("order_id")).toString()).isEmpty(), 30000);

    // The providers' bids land in the order's first window: it is matched without a second lookup.
    QJsonArray events;
    auto names = [&] {
        events = node.get(QStringLiteral("/events?lease=") + lease).body.array();
        QStringList out;
        for (const QJsonValue& e : events) out.append(e.toObject().value(QStringLiteral("name")).toString());
        return out;
    };
    QTRY_VERIFY_WITH_TIMEOUT(names().contains(QStringLiteral("CREATE_LEASE")), 30000);
    QCOMPARE(names().count(QStringLiteral("PROVIDER_LOOKUP")), 1);
    QVERIFY(names().count(QStringLiteral("CREATE_BID")) >= 1);
    qInfo("flood: %d accepted, %d turned away as mempool_full, %zu sent", accepted, full, next);
    QVERIFY(accepted > 0);
    next = flood.size(); // stop the flood
    QCOMPARE(node.terminate(), 0);
}

QByteArray TestRpcHardening::post_request(const QByteArray& path, const QByteArray& body) const
{
    return "POST " + path + " HTTP/1.1\r\nHost: " + own_host() +
           "\r\nContent-Type: application/json\r\nAuthorization: " + RpcCookie::authorization(m_node->cookie()) +
           "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray TestRpcHardening::faucet_batch(std::uint64_t first_nonce, int count)
{
    const PrivateKey faucet = Devnet::demo_key(QStringLiteral("faucet"));
    const Address bob = Address::of(Devnet::demo_key(QStringLiteral("bob")).public_key());
    QJsonArray txs;
    for (int i = 0; i < count; ++i)
        txs.append(QString::fromStdString(
            to_hex(Transaction::make("berth-devnet", faucet, first_nonce + static_cast<std::uint64_t>(i), tx::Transfer{bob, Denom::USDC, 1})
                       .encode())));
    return QJsonDocument(QJsonObject{{"txs", txs}}).toJson(QJsonDocument::Compact);
}

std::uint64_t TestRpcHardening::next_nonce_of(const QString& name)
{
    const QString address = QString::fromLatin1(demo_address(name.toLatin1().constData()));
    return m_node->get(QStringLiteral("/accounts/") + address).body.object().value(QStringLiteral("next_nonce")).toString().toULongLong();
}

void TestRpcHardening::pipelinedRequestsAreAnsweredInOrder()
{
    // A batch whose signatures take the node's pool a while, and behind it on the same connection,
    // sent without waiting, a request the node answers at once.
    const std::uint64_t nonce = next_nonce_of(QStringLiteral("faucet"));
    constexpr int count = 150;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(m_node->rpc_url().port()));
    QVERIFY(socket.waitForConnected(10000));
    socket.write(post_request("/txs", faucet_batch(nonce, count)) + "GET /status HTTP/1.1\r\nHost: " + own_host() + "\r\n\r\n");

    // Two answers, in the order of their requests: the batch's, then the status.
    QByteArray received;
    std::vector<RawAnswer> answers;
    QElapsedTimer clock;
    clock.start();
    while (answers.size() < 2 && clock.elapsed() < 30000 && socket.state() == QAbstractSocket::ConnectedState) {
        socket.waitForReadyRead(200);
        received += socket.readAll();
        while (const std::optional<qsizetype> size = complete_answer_size(received)) {
            answers.push_back(read_answer(received, size));
            received.remove(0, *size);
        }
    }
    QCOMPARE(answers.size(), std::size_t{2});
    QCOMPARE(answers[0].status, 200);
    const QJsonArray results = answers[0].body.value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), count);
    for (const QJsonValue& result : results) QCOMPARE(result[QStringLiteral("status")].toString(), QStringLiteral("pending"));
    QCOMPARE(answers[1].status, 200);
    QCOMPARE(answers[1].body.value(QStringLiteral("chain_id")).toString(), QStringLiteral("berth-devnet"));
    QTRY_COMPARE_WITH_TIMEOUT(next_nonce_of(QStringLiteral("faucet")), nonce + count, 10000);
}

void TestRpcHardening::clientsLeavingBeforeTheirAnswerCostNothing()
{
    // Each client sends a batch and closes its connection while the node is still checking it:
    // the answer has nowhere to go, and the node must neither write to the closed connection nor
    // stop admitting.
    std::uint64_t nonce = next_nonce_of(QStringLiteral("faucet"));
    constexpr int clients = 20;
    constexpr int count = 150;
    for (int i = 0; i < clients; ++i) {
        QVERIFY2(m_node->is_running(), qPrintable(m_node->log().right(2000)));
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(m_node->rpc_url().port()));
        QVERIFY(socket.waitForConnected(10000));
        socket.write(post_request("/txs", faucet_batch(nonce, count)));
        QVERIFY(socket.waitForBytesWritten(10000));
        QTest::qWait(5);
        socket.abort();
        nonce += count;
    }
    QCOMPARE(m_node->get(QStringLiteral("/status")).status, 200);
    // Submissions are admitted in the order they came, so this one's answer (its nonce is long
    // used) comes after every batch above that the node read.
    QCOMPARE(m_node->post(QStringLiteral("/txs"), faucet_batch(0, 1)).status, 200);
    // The node carries on: a batch with the faucet's next nonce, whichever batches it read, is admitted.
    const std::uint64_t next = next_nonce_of(QStringLiteral("faucet"));
    const auto reply = m_node->post(QStringLiteral("/txs"), faucet_batch(next, 3));
    QCOMPARE(reply.status, 200);
    for (const QJsonValue& result : reply.body.object().value(QStringLiteral("results")).toArray())
        QCOMPARE(result[QStringLiteral("status")].toString(), QStringLiteral("pending"));
    QVERIFY(m_node->is_running());
}

BERTH_QTEST_GUILESS(TestRpcHardening)
#include "tst_rpc_hardening.moc"
