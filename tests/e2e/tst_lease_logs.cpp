#include "devnetsession.h"

#include <testcase.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include <memory>

using namespace berth;
using berth::test::DevnetSession;

namespace {

/**
 * A command workload that prints three known lines and a warning, and prints "said WORD" each
 * time GET /say?WORD is asked for, so that a test can make it print while it follows.
 */
QByteArray talking_manifest()
{
    const QString script = QStringLiteral("import http.server, os, sys\n"
                                          "for i in range(3): print('line', i)\n"
                                          "print('a warning', file=sys.stderr)\n"
                                          "class Handler(http.server.BaseHTTPRequestHandler):\n"
                                          "    def do_GET(self):\n"
                                          "        if self.path.startswith('/say?'): print('said', self.path[5:])\n"
                                          "        self.send_response(200)\n"
                                          "        self.send_header('Content-Length', '2')\n"
                                          "        self.end_headers()\n"
                                          "        self.wfile.write(b'ok')\n"
                                          "    def log_message(self, *args):\n"
                                          "        pass\n"
                                          "http.server.HTTPServer(('127.0.0.1', int(os.environ['PORT'])), Handler).serve_forever()\n");
    const QJsonObject service{{"name", "talk"},
                              {"image", "oci://registry.berth.dev/python:3.12-slim"},
                              {"kind", "command"},
                              {"ports", QJsonArray{8000}},
                              {"resources", QJsonObject{{"cpu_millis", 500}, {"memory_mb", 128}}},
                              {"command", QJsonArray{"python3", "-u", "-c", script}}};
    return QJsonDocument(QJsonObject{{"version", 1}, {"services", QJsonArray{service}}}).toJson();
}

QList<QJsonObject> records_of(const QByteArray& output)
{
    QList<QJsonObject> out;
    for (const QByteArray& line : output.split('\n'))
        if (!line.trimmed().isEmpty()) out.append(QJsonDocument::fromJson(line).object());
    return out;
}

} // namespace

/**
 * A renter reads what its deployment printed, end to end: a real berthd whose one provider
 * allows commands runs a command workload; `berth-cli lease logs --tail` gives its lines in
 * order, plain or one JSON record per line; `--follow` receives a line printed after it started
 * and ends by itself when the lease closes; another account's certificate is refused with 403
 * and a client without one fails the handshake; `lease status` shows each replica's health.
 */
class TestLeaseLogs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void renterReadsAndFollowsItsLogs();
};

void TestLeaseLogs::renterReadsAndFollowsItsLogs()
{
    if (QStandardPaths::findExecutable(QStringLiteral("python3")).isEmpty()) QSKIP("python3 is not installed");
    DevnetSession devnet(300);
    QVERIFY(devnet.is_valid());
    QVERIFY(devnet.start({}, {QStringLiteral("--allow-commands"), QStringLiteral("--demo-providers"), QStringLiteral("1")}));
    QCOMPARE(devnet.cli(QStringLiteral("alice"), {QStringLiteral("cert"), QStringLiteral("create")}).exit_code, 0);
    QCOMPARE(devnet.cli(QStringLiteral("bob"), {QStringLiteral("cert"), QStringLiteral("create")}).exit_code, 0);

    const QString manifest = devnet.write_file(QStringLiteral("talk.json"), talking_manifest());
    const DevnetSession::Result ordered =
        devnet.cli(QStringLiteral("alice"), {QStringLiteral("order"), QStringLiteral("create"), QStringLiteral("--instance-type"),
                                             QStringLiteral("cpu.small"), QStringLiteral("--max-price-per-s"), QStringLiteral("20"),
                                             QStringLiteral("--manifest"), manifest, QStringLiteral("--deposit"), QStringLiteral("5")});
    const QString id = ordered.json[QStringLiteral("order_id")].toString();
    QVERIFY2(!id.isEmpty(), qPrintable(ordered.stderr_text));
    QVERIFY(!devnet.wait_for_event(id, QStringLiteral("LEASE_READY")).isEmpty());
    QCOMPARE(devnet.cli(QStringLiteral("alice"), {QStringLiteral("lease"), QStringLiteral("manifest"), id, QStringLiteral("--file"), manifest})
                 .exit_code,
             0);
    QVERIFY(!devnet.wait_for_event(id, QStringLiteral("DEPLOYMENT_CONFIRMED")).isEmpty());
    const QString url = devnet.lease(id)[QStringLiteral("access")][QStringLiteral("urls")].toArray().first().toString();

    // The last lines, in the order they were printed, one JSON record each.
    QList<QJsonObject> tail;
    QVERIFY(DevnetSession::poll(
        [&] {
            tail.clear();
            for (const QJsonObject& r : records_of(devnet
                                                       .cli(QStringLiteral("alice"), {QStringLiteral("lease"), QStringLiteral("logs"), id,
                                                                                      QStringLiteral("--tail"), QStringLiteral("50")})
                                                       .output))
                if (r[QStringLiteral("stream")].toString() != QLatin1String("runtime")) tail.append(r);
            return tail.size() >= 4;
        },
        20000));
    QStringList lines;
    for (const QJsonObject& r : tail)
        lines.append(r[QStringLiteral("stream")].toString() + QLatin1Char(' ') + r[QStringLiteral("line")].toString());
    QCOMPARE(lines.mid(0, 3), (QStringList{QStringLiteral("stdout line 0"), QStringLiteral("stdout line 1"), QStringLiteral("stdout line 2")}));
    QVERIFY(lines.contains(QStringLiteral("stderr a warning")));
    QCOMPARE(tail.first()[QStringLiteral("service")].toString(), QStringLiteral("talk"));

    // Plain lines without --json; a service the lease does not run has none.
    QProcess plain;
    plain.start(QStringLiteral(BERTH_CLI_PATH),
                {QStringLiteral("--rpc"), devnet.node().rpc_url().toString(), QStringLiteral("--datadir"), devnet.datadir(),
                 QStringLiteral("--from"), QStringLiteral("alice"), QStringLiteral("lease"), QStringLiteral("logs"), id,
                 QStringLiteral("--service"), QStringLiteral("talk"), QStringLiteral("--replica"), QStringLiteral("0")});
    QVERIFY(plain.waitForFinished(30000));
    QCOMPARE(plain.exitCode(), 0);
    QVERIFY2(plain.readAllStandardOutput().contains(" talk#0 stdout  line 1\n"), "plain lines name the replica and stream");
    QVERIFY(records_of(devnet
                           .cli(QStringLiteral("alice"),
                                {QStringLiteral("lease"), QStringLiteral("logs"), id, QStringLiteral("--service"), QStringLiteral("other")})
                           .output)
                .isEmpty());

    // Following: a line printed after it started arrives, and the stream ends with the lease.
    QProcess follow;
    follow.start(QStringLiteral(BERTH_CLI_PATH),
                 {QStringLiteral("--rpc"), devnet.node().rpc_url().toString(), QStringLiteral("--datadir"), devnet.datadir(),
                  QStringLiteral("--from"), QStringLiteral("alice"), QStringLiteral("--json"), QStringLiteral("lease"), QStringLiteral("logs"),
                  id, QStringLiteral("--tail"), QStringLiteral("0"), QStringLiteral("--follow")});
    QVERIFY(follow.waitForStarted(10000));
    QByteArray followed;
    QVERIFY(DevnetSession::poll(
        [&] {
            devnet.http_get(QUrl(url + QStringLiteral("say?hello")));
            followed += follow.readAllStandardOutput();
            return followed.contains("said hello");
        },
        20000));
    for (const QJsonObject& r : records_of(followed)) QVERIFY(r[QStringLiteral("time")].toString().size() == 24);

    // bob, once the provider trusts his certificate (he has a lease there too), is refused alice's logs.
    QVERIFY(!devnet.order(QStringLiteral("bob"), QStringLiteral("20"), QStringLiteral("5")).isEmpty());
    const QString endpoint = devnet.provider(devnet.lease(id)[QStringLiteral("provider")].toString())[QStringLiteral("endpoint")].toString();
    const QString logs_url = endpoint + QStringLiteral("/lease/%1/logs").arg(id);
    DevnetSession::CurlAnswer answer;
    QVERIFY(DevnetSession::poll(
        [&] { return (answer = devnet.curl(QStringLiteral("GET"), logs_url, QStringLiteral("bob"))).http_status == 403; }, 20000));
    QCOMPARE(answer.body[QStringLiteral("error")][QStringLiteral("code")].toString(), QStringLiteral("not_lease_owner"));
    const DevnetSession::Result refused = devnet.cli(QStringLiteral("bob"), {QStringLiteral("lease"), QStringLiteral("logs"), id});
    QVERIFY(refused.exit_code != 0);
    QVERIFY2(refused.stderr_text.contains(QLatin1String("not_lease_owner")) || refused.json.toJson().contains("not_lease_owner"),
             qPrintable(refused.stderr_text));
    answer = devnet.curl(QStringLiteral("GET"), logs_url, {});
    QVERIFY(answer.exit_code != 0);
    QCOMPARE(answer.http_status, 0);

    // Each replica's health and restarts in lease status.
    const QJsonObject status = devnet.cli(QStringLiteral("alice"), {QStringLiteral("lease"), QStringLiteral("status"), id}).json.object();
    const QJsonObject replica = status[QStringLiteral("replicas")].toArray().first().toObject();
    QCOMPARE(replica[QStringLiteral("healthy")].toBool(), true);
    QCOMPARE(replica[QStringLiteral("restarts")].toInt(), 0);

    QCOMPARE(devnet.cli(QStringLiteral("alice"), {QStringLiteral("lease"), QStringLiteral("close"), id}).exit_code, 0);
    QVERIFY2(follow.waitForFinished(30000), "following did not end with the lease");
    QCOMPARE(follow.exitCode(), 0);
    QCOMPARE(devnet.terminate(), 0);
}

BERTH_QTEST_GUILESS(TestLeaseLogs)
#include "tst_lease_logs.moc"
