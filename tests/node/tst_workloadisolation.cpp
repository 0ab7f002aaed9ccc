#include "runtimetesting.h"

#include <processruntime.h>
#include <replicafront.h>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace berth;
using namespace berth::test;

/**
 * What keeps a workload from the provider's node, against real processes: the front relays
 * traffic with bounded buffers and refuses an overlong request line; a command sees nothing of
 * the node's environment; it cannot read the node's data directory, write outside its working
 * directory or see the host's processes; and without a sandbox commands are refused.
 */
class TestWorkloadIsolation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void frontRelaysBodiesBothWaysAndBoundsTheRequestLine();
    void commandsSeeNothingOfTheNodesEnvironment();
    void commandsCannotReachTheNodesFiles();
    void commandsNeedTheSandbox();

private:
    Fetched get(const QString& url) { return m_client.get(url); }
    Fetched get_on_new_connection(const QString& url) { return m_client.get_on_new_connection(url); }

    WorkloadClient m_client;
};

void TestWorkloadIsolation::frontRelaysBodiesBothWaysAndBoundsTheRequestLine()
{
    if (!have_python()) QSKIP("python3 is not installed");
    auto runtime = make_runtime();
    runtime->set_allow_commands(true);
    const QList<ReplicaStatus> replicas = deploy_and_wait(
        *runtime, 22, manifest_of({command_service(QStringLiteral("echo"), python_command(QStringLiteral("b'ok'"), true))}), 1);
    QCOMPARE(replicas.size(), 1);

    // Far more than the front buffers in either direction, so its flow control is what carries it.
    QByteArray body(8 * 1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < body.size(); ++i) body[i] = static_cast<char>('a' + i % 26);
    QNetworkRequest request{QUrl(replicas[0].url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/octet-stream"));
    request.setTransferTimeout(wait_ms);
    std::unique_ptr<QNetworkReply> reply(m_client.network().post(request, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(reply->isFinished() || finished.wait(wait_ms));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QVERIFY(reply->readAll() == body);

    // A request line longer than the front reads is refused before anything reaches the workload.
    const Fetched long_line = get_on_new_connection(replicas[0].url + QString(ReplicaFront::max_head_bytes + 1, QLatin1Char('x')));
    QCOMPARE(long_line.status, 431);
    QCOMPARE(get(replicas[0].url).body, QByteArray("ok"));
}

void TestWorkloadIsolation::commandsSeeNothingOfTheNodesEnvironment()
{
    if (!have_python()) QSKIP("python3 is not installed");
    // What a node's operator may have in its environment.
    qputenv("BERTH_PASSPHRASE", "the node's own secret");
    qputenv("LD_LIBRARY_PATH", "/opt/node-only");
    const QByteArray node_path = qgetenv("PATH");
    qputenv("PATH", node_path + ":/opt/node-only/bin");
    auto runtime = make_runtime();
    runtime->set_allow_commands(true);
    ServiceSpec service = command_service(QStringLiteral("env"), python_command(QStringLiteral("json.dumps(dict(os.environ)).encode()")));
    service.env.insert(QStringLiteral("GREETING"), QStringLiteral("hello"));
    const QList<ReplicaStatus> replicas = deploy_and_wait(*runtime, 23, manifest_of({service}), 1);
    qunsetenv("BERTH_PASSPHRASE");
    qunsetenv("LD_LIBRARY_PATH");
    qputenv("PATH", node_path);
    QCOMPARE(replicas.size(), 1);
    const QJsonObject seen = QJsonDocument::fromJson(get(replicas[0].url).body).object();
    QVERIFY2(!seen.isEmpty(), "the workload did not show its environment");
    QVERIFY(!seen.contains(QStringLiteral("BERTH_PASSPHRASE")));
    QVERIFY(!seen.contains(QStringLiteral("LD_LIBRARY_PATH")));
    QCOMPARE(seen.value(QStringLiteral("GREETING")).toString(), QStringLiteral("hello"));
    QCOMPARE(seen.value(QStringLiteral("HOST")).toString(), QStringLiteral("127.0.0.1"));
    // The runtime's own PATH (an interpreter's wrapper may add to it), never the node's.
    QVERIFY2(seen.value(QStringLiteral("PATH")).toString().endsWith(QLatin1String("/usr/local/bin:/usr/bin:/bin")),
             qPrintable(seen.value(QStringLiteral("PATH")).toString()));
    QVERIFY(!seen.value(QStringLiteral("PATH")).toString().contains(QLatin1String("/opt/node-only")));
    QVERIFY(seen.value(QStringLiteral("HOME")).toString().endsWith(QLatin1String("/work")));
}

void TestWorkloadIsolation::commandsCannotReachTheNodesFiles()
{
    if (!have_python()) QSKIP("python3 is not installed");
    // A node data directory outside /tmp and the home directory, so that only hiding it keeps it away.
    QTemporaryDir datadir(QStringLiteral(QT_TESTCASE_BUILDDIR) + QStringLiteral("/node-data-XXXXXX"));
    QVERIFY(datadir.isValid());
    QFile key(datadir.filePath(QStringLiteral("provider1.key")));
    QVERIFY(key.open(QIODevice::WriteOnly) && key.write("the provider's key") > 0);
    key.close();

    auto runtime = make_runtime();
    runtime->set_allow_commands(true);
    runtime->hide_from_workloads(datadir.path());
    const QString probe = QStringLiteral(
        "def attempt(action):\n"
        "    try:\n"
        "        return str(action())\n"
        "    except Exception as e:\n"
        "        return 'refused: ' + type(e).__name__\n"
        "def write(path):\n"
        "    with open(path, 'w') as f:\n"
        "        return f.write('x')\n"
        "report = json.dumps({'key': attempt(lambda: open(%1).read()),\n"
        "                     'system': attempt(lambda: write('/usr/berth-sandbox-probe')),\n"
        "                     'scratch': attempt(lambda: write('scratch.txt')),\n"
        "                     'pids': attempt(lambda: len([p for p in os.listdir('/proc') if p.isdigit()]))}).encode()\n")
                              .arg(QStringLiteral("'%1'").arg(key.fileName()));
    QStringList command = python_command(QStringLiteral("report"));
    command.last().replace(QStringLiteral("class Handler"), probe + QStringLiteral("class Handler"));
    const QList<ReplicaStatus> replicas = deploy_and_wait(*runtime, 24, manifest_of({command_service(QStringLiteral("probe"), command)}), 1);
    QCOMPARE(replicas.size(), 1);
    const QJsonObject seen = QJsonDocument::fromJson(get(replicas[0].url).body).object();
    QVERIFY2(!seen.isEmpty(), "the workload did not report");
    QCOMPARE(seen.value(QStringLiteral("key")).toString(), QStringLiteral("refused: FileNotFoundError"));
    QVERIFY2(seen.value(QStringLiteral("system")).toString().startsWith(QLatin1String("refused: ")),
             qPrintable(seen.value(QStringLiteral("system")).toString()));
    QCOMPARE(seen.value(QStringLiteral("scratch")).toString(), QStringLiteral("1"));
    // Its own PID namespace: the sandbox, the interpreter and nothing of the host's.
    QVERIFY2(seen.value(QStringLiteral("pids")).toString().toInt() <= 3, qPrintable(seen.value(QStringLiteral("pids")).toString()));
    QVERIFY(QFile::exists(key.fileName()));
}

void TestWorkloadIsolation::commandsNeedTheSandbox()
{
    auto runtime = make_runtime();
    runtime->set_allow_commands(true);
    runtime->set_sandbox(WorkloadSandbox(QString()));
    QCOMPARE(runtime->refusal(manifest_of({command_service(QStringLiteral("api"), python_http_server())}), 1),
             QStringLiteral("command workloads run only in a sandbox, and this provider has no bubblewrap (bwrap) installed"));
    QCOMPARE(runtime->refusal(manifest_of({static_service(QStringLiteral("web"), {{QStringLiteral("/"), "fine"}})}), 1), QString());
}

QTEST_GUILESS_MAIN(TestWorkloadIsolation)
#include "tst_workloadisolation.moc"
