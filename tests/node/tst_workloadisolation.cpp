#include "runtimetesting.h"

#include <processruntime.h>
#include <replicafront.h>

#include <testcase.h>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <pwd.h>
#include <unistd.h>

using namespace berth;
using namespace berth::test;

/**
 * What keeps a workload from the provider's node, against real processes: the front relays
 * traffic with bounded buffers and refuses an overlong request line; a command sees nothing of
 * the node's environment; it cannot read the node's data directory, write outside its working
 * directory or see the host's processes; and without a sandbox commands are refused. Each
 * replica runs as the workload user and within its instance type, in the machine's cgroups and
 * under rlimits alike: one that allocates past its memory is stopped (cgroups) or refused the
 * memory (rlimits), and the node runs on.
 */
class TestWorkloadIsolation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void frontRelaysBodiesBothWaysAndBoundsTheRequestLine();
    void commandsSeeNothingOfTheNodesEnvironment();
    void commandsCannotReachTheNodesFiles();
    void commandsNeedTheSandbox();
    void commandsRunAsTheWorkloadUser();
    void replicasGetTheirInstanceTypesLimits_data();
    void replicasGetTheirInstanceTypesLimits();
    void replicaOverItsMemoryIsStoppedAndReported();
    void memoryUnderRlimitsIsRefusedToTheWorkload();
    void servicesMustFitTheirInstanceType();

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
    const QList<ReplicaStatus> replicas =
        deploy_and_wait(*runtime, 22, manifest_of({command_service(QStringLiteral("echo"), python_command(QStringLiteral("b'ok'"), true))}), 1);
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
    const QString probe =
        QStringLiteral("def attempt(action):\n"
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
    const QStringList command = python_command_after(probe, QStringLiteral("report"));
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

namespace {

/** A small instance type, so that the tests reach its limits quickly. */
const InstanceType small_type{"test.small", 500, 64, 32};

/** How many threads the workload could start, of `wanted`: threads count as processes, and their stacks as data. */
const QString thread_spawner = QStringLiteral("import threading, time\n"
                                              "def spawn(wanted):\n"
                                              "    started = 0\n"
                                              "    try:\n"
                                              "        for _ in range(wanted):\n"
                                              "            threading.Thread(target=time.sleep, args=(5,), daemon=True).start()\n"
                                              "            started += 1\n"
                                              "    except RuntimeError:\n"
                                              "        pass\n"
                                              "    return started\n");

QByteArray read_file(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed() : QByteArray();
}

/** The directory of `pid`'s group in the hierarchy with `controller` (v1) or the unified one (v2). */
QString cgroup_of(qint64 pid, const QString& controller)
{
    for (const QByteArray& line : read_file(QStringLiteral("/proc/%1/cgroup").arg(pid)).split('\n')) {
        const QList<QByteArray> fields = line.split(':');
        if (fields.size() < 3) continue;
        const bool v2 = controller.isEmpty() && fields[0] == "0";
        if (v2 || QString::fromLatin1(fields[1]).split(QLatin1Char(',')).contains(controller))
            return QStringLiteral("/sys/fs/cgroup%1%2").arg(v2 ? QString() : QLatin1Char('/') + controller, QString::fromUtf8(fields[2]));
    }
    return {};
}

/** A line of /proc/PID/limits, such as "Max data size", as its soft limit. */
QByteArray rlimit_of(qint64 pid, const QByteArray& name)
{
    for (const QByteArray& line : read_file(QStringLiteral("/proc/%1/limits").arg(pid)).split('\n'))
        if (line.startsWith(name)) return line.mid(26).simplified().split(' ').value(0);
    return {};
}

} // namespace

void TestWorkloadIsolation::commandsRunAsTheWorkloadUser()
{
    if (!have_python()) QSKIP("python3 is not installed");
    auto runtime = make_runtime();
    runtime->set_allow_commands(true);
    const QList<ReplicaStatus> replicas = deploy_and_wait(
        *runtime, 25, manifest_of({command_service(QStringLiteral("who"), python_command(QStringLiteral("str(os.getuid()).encode()")))}), 1);
    QCOMPARE(replicas.size(), 1);
    // A root node hands its workloads to nobody; an unprivileged one keeps its user, in a user namespace.
    const passwd* nobody = ::getpwnam("nobody");
    QVERIFY(nobody);
    const uid_t expected = ::geteuid() == 0 ? nobody->pw_uid : ::geteuid();
    QCOMPARE(get(replicas[0].url).body, QByteArray::number(expected));
}

void TestWorkloadIsolation::replicasGetTheirInstanceTypesLimits_data()
{
    QTest::addColumn<bool>("rlimits");
    QTest::newRow("the machine's cgroups") << false;
    QTest::newRow("rlimits") << true;
}

void TestWorkloadIsolation::replicasGetTheirInstanceTypesLimits()
{
    QFETCH(bool, rlimits);
    if (!have_python()) QSKIP("python3 is not installed");
    auto runtime = make_runtime();
    runtime->set_allow_commands(true);
    if (rlimits) runtime->set_resource_limiter(ResourceLimiter(ResourceLimiter::Mode::Rlimit, {}));
    const ResourceLimiter::Mode mode = runtime->resource_limiter().mode();
    const Manifest manifest = manifest_of(
        {command_service(QStringLiteral("threads"),
                         python_command_after(thread_spawner, QStringLiteral("str(spawn(100)).encode() if self.path == '/spawn' else b'ok'"))),
         static_service(QStringLiteral("web"), {{QStringLiteral("/"), "fine"}})});
    const QList<ReplicaStatus> replicas = deploy_and_wait(*runtime, 26, manifest, 1, small_type);
    QCOMPARE(replicas.size(), 2);
    const QList<qint64> pids = runtime->pids(26);
    QCOMPARE(pids.size(), 2);
    const QByteArray memory = QByteArray::number(64 * 1024 * 1024);
    const QByteArray threads = get(replicas[0].url.chopped(1) + QStringLiteral("/spawn")).body;
    for (qint64 pid : pids) {
        switch (mode) {
        case ResourceLimiter::Mode::CgroupV1:
            QCOMPARE(read_file(cgroup_of(pid, QStringLiteral("memory")) + QStringLiteral("/memory.limit_in_bytes")), memory);
            QCOMPARE(read_file(cgroup_of(pid, QStringLiteral("pids")) + QStringLiteral("/pids.max")), QByteArray("32"));
            QCOMPARE(read_file(cgroup_of(pid, QStringLiteral("cpu")) + QStringLiteral("/cpu.cfs_quota_us")), QByteArray("50000"));
            break;
        case ResourceLimiter::Mode::CgroupV2:
            QCOMPARE(read_file(cgroup_of(pid, QString()) + QStringLiteral("/memory.max")), memory);
            QCOMPARE(read_file(cgroup_of(pid, QString()) + QStringLiteral("/pids.max")), QByteArray("32"));
            QCOMPARE(read_file(cgroup_of(pid, QString()) + QStringLiteral("/cpu.max")), QByteArray("50000 100000"));
            break;
        case ResourceLimiter::Mode::Rlimit: QCOMPARE(rlimit_of(pid, "Max data size"), memory); break;
        }
    }
    // Threads are processes to a cgroup, which stops them at the type's 32; under rlimits their
    // 8 MiB stacks run into the memory limit first.
    QVERIFY2(threads.toInt() > 0 && threads.toInt() < 32, threads.constData());
    // Each replica's group goes with it.
    const QString group = mode == ResourceLimiter::Mode::Rlimit
                              ? QString()
                              : cgroup_of(pids[0], mode == ResourceLimiter::Mode::CgroupV1 ? QStringLiteral("memory") : QString());
    runtime->stop(26);
    if (!group.isEmpty()) QVERIFY2(!QFile::exists(group), qPrintable(group));
}

void TestWorkloadIsolation::replicaOverItsMemoryIsStoppedAndReported()
{
    if (!have_python()) QSKIP("python3 is not installed");
    auto runtime = make_runtime();
    runtime->set_allow_commands(true);
    QVERIFY2(runtime->resource_limiter().mode() != ResourceLimiter::Mode::Rlimit, qPrintable(runtime->resource_limiter().fallback_reason()));
    // Asked for /grow, it fills 256 MiB, four times what its type allows.
    const QString grow = QStringLiteral("(b'x' * (256 * 1024 * 1024))[:5] if self.path == '/grow' else b'small'");
    const QList<ReplicaStatus> hungry =
        deploy_and_wait(*runtime, 27, manifest_of({command_service(QStringLiteral("hungry"), python_command(grow))}), 1, small_type);
    QCOMPARE(hungry.size(), 1);
    const QList<ReplicaStatus> neighbour =
        deploy_and_wait(*runtime, 28, manifest_of({static_service(QStringLiteral("web"), {{QStringLiteral("/"), "neighbour"}})}), 1, small_type);
    QCOMPARE(neighbour.size(), 1);

    QSignalSpy exited(runtime.get(), &WorkloadRuntime::replicaExited);
    QVERIFY(get(hungry[0].url.chopped(1) + QStringLiteral("/grow")).body != "xxxxx");
    QVERIFY(!exited.isEmpty() || exited.wait(wait_ms));
    const QString reason = exited.at(0).at(3).toString();
    QCOMPARE(exited.at(0).at(0).value<std::uint64_t>(), std::uint64_t{27});
    QCOMPARE(reason, QStringLiteral("was stopped: it exceeded its memory limit of 64 MiB"));
    QCOMPARE(runtime->status(27).value(0).state, ReplicaStatus::State::Exited);
    QCOMPARE(runtime->status(27).value(0).exit_reason, reason);
    // The node and the other lease run on.
    QCOMPARE(get(neighbour[0].url).body, QByteArray("neighbour"));
}

void TestWorkloadIsolation::memoryUnderRlimitsIsRefusedToTheWorkload()
{
    if (!have_python()) QSKIP("python3 is not installed");
    auto runtime = make_runtime();
    runtime->set_allow_commands(true);
    runtime->set_resource_limiter(ResourceLimiter(ResourceLimiter::Mode::Rlimit, {}));
    const QString grow = QStringLiteral("(b'x' * (256 * 1024 * 1024))[:5] if self.path == '/grow' else b'small'");
    const QList<ReplicaStatus> replicas =
        deploy_and_wait(*runtime, 29, manifest_of({command_service(QStringLiteral("hungry"), python_command(grow))}), 1, small_type);
    QCOMPARE(replicas.size(), 1);
    // The allocation fails inside the workload (MemoryError): no answer, and the replica still serves.
    const Fetched grown = get(replicas[0].url.chopped(1) + QStringLiteral("/grow"));
    QVERIFY(grown.body != "xxxxx");
    QCOMPARE(get(replicas[0].url).body, QByteArray("small"));
    QCOMPARE(runtime->status(29).value(0).state, ReplicaStatus::State::Running);
}

void TestWorkloadIsolation::servicesMustFitTheirInstanceType()
{
    auto runtime = make_runtime();
    ServiceSpec web = static_service(QStringLiteral("web"), {{QStringLiteral("/"), "fine"}});
    web.resources = {500, 64};
    QCOMPARE(runtime->refusal(manifest_of({web}), 1, small_type), QString());
    web.resources = {500, 128};
    QCOMPARE(runtime->refusal(manifest_of({web}), 1, small_type),
             QStringLiteral("service 'web' asks for 128 MiB of memory; a test.small replica has 64 MiB"));
    web.resources = {750, 64};
    QCOMPARE(runtime->refusal(manifest_of({web}), 1, small_type),
             QStringLiteral("service 'web' asks for 750 thousandths of a CPU; a test.small replica has 500"));
    // Refused before anything runs.
    QSignalSpy failed(runtime.get(), &WorkloadRuntime::deployFailed);
    runtime->deploy(30, manifest_of({web}), 1, {}, small_type);
    QVERIFY(failed.wait(wait_ms));
    QVERIFY(runtime->pids(30).isEmpty());
}

BERTH_QTEST_GUILESS(TestWorkloadIsolation)
#include "tst_workloadisolation.moc"
