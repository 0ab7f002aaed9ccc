#include "runtimetesting.h"

#include <leasehealth.h>
#include <processruntime.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include <unistd.h>
#include <cerrno>
#include <csignal>
#include <sys/types.h>

using namespace berth;
using namespace berth::test;

namespace {

/** Whether pid names a live process; a zombie nobody reaps (init in a container) counts as gone. */
bool alive(qint64 pid)
{
    if (::kill(static_cast<pid_t>(pid), 0) != 0) return errno != ESRCH;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) return false;
    const QByteArray line = stat.readAll();
    // "pid (comm) S ...": the state follows the last ')', since comm may hold anything.
    const qsizetype close = line.lastIndexOf(')');
    return close < 0 || line.mid(close + 2, 1) != "Z";
}

/** The live processes whose process group is pgid. */
QList<qint64> group_members(qint64 pgid)
{
    QList<qint64> members;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& entry : entries) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric) continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(entry));
        if (!stat.open(QIODevice::ReadOnly)) continue;
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        // After comm: state, ppid, pgrp.
        if (fields.size() > 2 && fields[2].toLongLong() == pgid && alive(pid)) members.append(pid);
    }
    return members;
}

/** Runs a ProcessRuntime with one replica, writes its pid to a file, and waits to be killed. */
int run_orphan_host(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QString pid_file = QString::fromLocal8Bit(argv[2]);
    ProcessRuntime runtime(QStringLiteral(BERTH_WORKLOAD_PATH));
    QObject::connect(&runtime, &WorkloadRuntime::deployed, &app, [&runtime, pid_file](std::uint64_t lease) {
        QFile out(pid_file + QStringLiteral(".part"));
        if (!out.open(QIODevice::WriteOnly)) QCoreApplication::exit(1);
        for (const qint64 pid : runtime.pids(lease)) out.write(QByteArray::number(pid) + '\n');
        out.close();
        // Renamed into place so that the test never reads half a file.
        QFile::rename(out.fileName(), pid_file);
    });
    QObject::connect(&runtime, &WorkloadRuntime::deployFailed, &app, [](std::uint64_t, const QString& reason) {
        qWarning("orphan host: %s", qPrintable(reason));
        QCoreApplication::exit(1);
    });
    runtime.deploy(1, manifest_of({static_service(QStringLiteral("web"), {{QStringLiteral("/"), "orphan"}})}), 1);
    return QCoreApplication::exec();
}

} // namespace

/**
 * The process runtime against real processes: berth-workload replicas serving a manifest's
 * content, commands run only when the provider allows them, failed and faulty deployments,
 * and the guarantee that no replica outlives its lease, its runtime or its node. What keeps a
 * workload from the node (front, environment, sandbox) is tst_workloadisolation.
 */
class TestRuntime : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void replicaStateNames();
    void staticSiteServesItsContent();
    void everyUrlAnswers();
    void redeployRollsOutWithoutAGap();
    void refusedRedeployKeepsTheRunningOne();
    void restoredReplicasKeepTheirPorts();
    void stopEndsEveryProcess();
    void commandsAreRefusedUnlessEnabled();
    void enabledCommandsServe();
    void replicaThatExitsFailsTheDeployment();
    void unhealthyReplicaFailsTheDeployment_data();
    void unhealthyReplicaFailsTheDeployment();
    void faultyProviderReplicasExit_data();
    void faultyProviderReplicasExit();
    void destroyingTheRuntimeEndsItsProcesses();
    void replicasDieWithTheirNode();

private:
    Fetched get(const QString& url) { return m_client.get(url); }
    Fetched get_on_new_connection(const QString& url) { return m_client.get_on_new_connection(url); }

    WorkloadClient m_client;
};

void TestRuntime::initTestCase()
{
    QVERIFY2(QFile::exists(QStringLiteral(BERTH_WORKLOAD_PATH)), BERTH_WORKLOAD_PATH);
}

void TestRuntime::replicaStateNames()
{
    QCOMPARE(replica_state_name(ReplicaStatus::State::Starting), QStringLiteral("starting"));
    QCOMPARE(replica_state_name(ReplicaStatus::State::Running), QStringLiteral("running"));
    QCOMPARE(replica_state_name(ReplicaStatus::State::Exited), QStringLiteral("exited"));
}

void TestRuntime::staticSiteServesItsContent()
{
    const QByteArray page = "<!doctype html><title>Berth</title><h1>Hello from a replica</h1>";
    const Manifest manifest = manifest_of({static_service(
        QStringLiteral("web"),
        {{QStringLiteral("/"), page}, {QStringLiteral("/style.css"), "h1 { color: teal; }"}, {QStringLiteral("/about"), "plain words"}}, 2)});
    auto runtime = make_runtime();
    const QList<ReplicaStatus> replicas = deploy_and_wait(*runtime, 7, manifest, 1);
    QCOMPARE(replicas.size(), 2);
    QCOMPARE(runtime->status(7), replicas);
    QCOMPARE(runtime->leases(), QList<std::uint64_t>{7});
    QVERIFY(replicas[0].port != replicas[1].port);
    for (const ReplicaStatus& replica : replicas) {
        QCOMPARE(replica.service, QStringLiteral("web"));
        QCOMPARE(replica.state, ReplicaStatus::State::Running);
        QCOMPARE(replica.host, QStringLiteral("127.0.0.1"));
        QVERIFY(replica.port != 0);
        QCOMPARE(replica.url, QStringLiteral("http://127.0.0.1:%1/").arg(replica.port));

        const Fetched root = get(replica.url);
        QCOMPARE(root.status, 200);
        QCOMPARE(root.body, page);
        QCOMPARE(root.content_type, QByteArray("text/html; charset=utf-8"));
        const Fetched css = get(replica.url + QStringLiteral("style.css"));
        QCOMPARE(css.status, 200);
        QCOMPARE(css.body, QByteArray("h1 { color: teal; }"));
        QCOMPARE(css.content_type, QByteArray("text/css; charset=utf-8"));
        const Fetched about = get(replica.url + QStringLiteral("about"));
        QCOMPARE(about.body, QByteArray("plain words"));
        QCOMPARE(about.content_type, QByteArray("text/plain; charset=utf-8"));
        QCOMPARE(get(replica.url + QStringLiteral("missing.html")).status, 404);
        QCOMPARE(get(replica.url + QStringLiteral("healthz")).status, 200);

        // The front answers for the lease, whatever the site has at that path.
        const Fetched bound = get_on_new_connection(replica.url + QStringLiteral(".well-known/berth/lease?challenge=ab12"));
        QCOMPARE(bound.status, 200);
        QCOMPARE(bound.content_type, QByteArray("application/json"));
        QCOMPARE(lease_health::problem(bound.body, 7, "ab12"), QString());
        QCOMPARE(lease_health::problem(bound.body, 8, "ab12"), QStringLiteral("serves lease 7, not lease 8"));
        QCOMPARE(lease_health::problem(bound.body, 7, "ab13"), QStringLiteral("did not echo the challenge"));
        QCOMPARE(QJsonDocument::fromJson(bound.body)[QStringLiteral("replica")].toInt(), replica.index);
        QCOMPARE(get_on_new_connection(replica.url + QStringLiteral(".well-known/berth/lease?challenge=NOT-HEX")).status, 400);
        QCOMPARE(get_on_new_connection(replica.url + QStringLiteral(".well-known/berth/lease")).status, 400);
    }
    QCOMPARE(QSet<int>({replicas[0].index, replicas[1].index}), QSet<int>({0, 1}));
}

void TestRuntime::everyUrlAnswers()
{
    // Auditors probe the URLs on chain, so each must answer 2xx: a site without a root page is
    // named by its health path, not by a "/" that answers 404.
    ServiceSpec docs = static_service(QStringLiteral("docs"), {{QStringLiteral("/docs"), "the docs"}});
    docs.health_path = QStringLiteral("/docs");
    const ServiceSpec bare = static_service(QStringLiteral("bare"), {{QStringLiteral("/page"), "a page"}});
    auto runtime = make_runtime();
    const QList<ReplicaStatus> replicas =
        deploy_and_wait(*runtime, 9, manifest_of({static_service(QStringLiteral("site"), {{QStringLiteral("/"), "home"}}), docs, bare}), 1);
    QCOMPARE(replicas.size(), 3);
    QCOMPARE(QUrl(replicas[0].url).path(), QStringLiteral("/"));
    QCOMPARE(QUrl(replicas[1].url).path(), QStringLiteral("/docs"));
    QCOMPARE(QUrl(replicas[2].url).path(), QStringLiteral("/healthz"));
    for (const ReplicaStatus& replica : replicas) QCOMPARE(get(replica.url).status, 200);
}

void TestRuntime::redeployRollsOutWithoutAGap()
{
    auto runtime = make_runtime();
    runtime->set_drain_ms(1000);
    const QList<ReplicaStatus> before =
        deploy_and_wait(*runtime, 3, manifest_of({static_service(QStringLiteral("web"), {{QStringLiteral("/"), "version one"}})}), 2);
    QCOMPARE(before.size(), 2);
    const QList<qint64> old_pids = runtime->pids(3);
    QCOMPARE(old_pids.size(), 2);

    const QByteArray page = "<p>version two</p>";
    const QList<ReplicaStatus> after =
        deploy_and_wait(*runtime, 3, manifest_of({static_service(QStringLiteral("web"), {{QStringLiteral("/index.html"), page}})}), 3);
    QCOMPARE(after.size(), 3);
    QSet<quint16> new_ports;
    for (const ReplicaStatus& replica : after) {
        new_ports.insert(replica.port);
        const Fetched fetched = get(replica.url);
        QCOMPARE(fetched.status, 200);
        QCOMPARE(fetched.body, page);
    }
    QCOMPARE(new_ports.size(), 3);
    // Both generations serve until the chain has the new addresses: no gap for a user.
    for (const qint64 pid : old_pids) QVERIFY2(alive(pid), qPrintable(QStringLiteral("old replica %1 stopped early").arg(pid)));
    for (const ReplicaStatus& replica : before) QCOMPARE(get(replica.url).status, 200);
    // The chain has the new addresses; a client that read the old ones just before is still answered while they drain.
    runtime->retire_previous(3);
    for (const ReplicaStatus& replica : before) QCOMPARE(get(replica.url).status, 200);
    for (const qint64 pid : old_pids)
        QTRY_VERIFY2_WITH_TIMEOUT(!alive(pid), qPrintable(QStringLiteral("old replica %1 still runs").arg(pid)), wait_ms);
    for (const ReplicaStatus& replica : before) {
        if (new_ports.contains(replica.port)) continue; // the OS handed the port out again
        QCOMPARE(get(replica.url).error, QNetworkReply::ConnectionRefusedError);
    }
    for (const qint64 pid : runtime->pids(3)) QVERIFY(!old_pids.contains(pid));
}

void TestRuntime::refusedRedeployKeepsTheRunningOne()
{
    auto runtime = make_runtime();
    const QList<ReplicaStatus> running =
        deploy_and_wait(*runtime, 4, manifest_of({static_service(QStringLiteral("web"), {{QStringLiteral("/"), "still here"}})}), 1);
    QCOMPARE(running.size(), 1);
    const QList<qint64> pids = runtime->pids(4);
    const Manifest commands = manifest_of({command_service(QStringLiteral("api"), python_http_server())});
    QCOMPARE(runtime->refusal(commands, 1), QStringLiteral("command workloads are disabled on this provider"));
    QVERIFY(deploy_and_wait(*runtime, 4, commands, 1).isEmpty());
    // Nothing that ran was touched.
    QCOMPARE(runtime->pids(4), pids);
    QCOMPARE(get(running.first().url).body, QByteArray("still here"));
    QCOMPARE(runtime->status(4).size(), 1);
}

void TestRuntime::restoredReplicasKeepTheirPorts()
{
    auto runtime = make_runtime();
    const Manifest site = manifest_of({static_service(QStringLiteral("web"), {{QStringLiteral("/"), "back"}})});
    const QList<ReplicaStatus> first = deploy_and_wait(*runtime, 6, site, 2);
    QCOMPARE(first.size(), 2);
    const QList<quint16> ports{first[0].port, first[1].port};
    runtime->stop(6);
    // A node that restarts asks for the addresses the chain has; they are free again.
    QSignalSpy deployed(runtime.get(), &WorkloadRuntime::deployed);
    runtime->deploy(6, site, 2, ports);
    QTRY_COMPARE_WITH_TIMEOUT(deployed.size(), 1, wait_ms);
    const QList<ReplicaStatus> again = deployed.at(0).at(1).value<QList<ReplicaStatus>>();
    QCOMPARE(again.size(), 2);
    QCOMPARE(again[0].port, ports[0]);
    QCOMPARE(again[1].port, ports[1]);
    QCOMPARE(get(again[0].url).body, QByteArray("back"));

    // A port someone else holds is not fought over: the replica takes another.
    QTcpServer squatter;
    runtime->stop(6);
    QVERIFY(squatter.listen(QHostAddress::LocalHost, ports[0]));
    const QList<ReplicaStatus> moved = [&] {
        QSignalSpy done(runtime.get(), &WorkloadRuntime::deployed);
        runtime->deploy(6, site, 2, ports);
        return QTest::qWaitFor([&] { return !done.isEmpty(); }, wait_ms) ? done.at(0).at(1).value<QList<ReplicaStatus>>()
                                                                         : QList<ReplicaStatus>{};
    }();
    QCOMPARE(moved.size(), 2);
    QVERIFY(moved[0].port != ports[0]);
    QCOMPARE(moved[1].port, ports[1]);
}

void TestRuntime::stopEndsEveryProcess()
{
    auto runtime = make_runtime();
    const QList<ReplicaStatus> replicas =
        deploy_and_wait(*runtime, 11, manifest_of({static_service(QStringLiteral("web"), {{QStringLiteral("/"), "bye"}}, 2)}), 2);
    QCOMPARE(replicas.size(), 4);
    const QList<qint64> pids = runtime->pids(11);
    QCOMPARE(pids.size(), 4);
    for (const qint64 pid : pids) QVERIFY(alive(pid));

    runtime->stop(11);
    for (const qint64 pid : pids) QVERIFY2(!alive(pid), qPrintable(QStringLiteral("replica %1 still runs").arg(pid)));
    QVERIFY(runtime->status(11).isEmpty());
    QVERIFY(runtime->leases().isEmpty());
    QVERIFY(runtime->pids(11).isEmpty());
    for (const ReplicaStatus& replica : replicas) QCOMPARE(get(replica.url).error, QNetworkReply::ConnectionRefusedError);
}

void TestRuntime::commandsAreRefusedUnlessEnabled()
{
    auto runtime = make_runtime();
    QSignalSpy deployed(runtime.get(), &WorkloadRuntime::deployed);
    QSignalSpy failed(runtime.get(), &WorkloadRuntime::deployFailed);
    // A static service beside the command must not start either.
    runtime->deploy(5,
                    manifest_of({static_service(QStringLiteral("web"), {{QStringLiteral("/"), "x"}}),
                                 command_service(QStringLiteral("api"), python_http_server())}),
                    1);
    QVERIFY(runtime->pids(5).isEmpty());
    QVERIFY(runtime->leases().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, wait_ms);
    QCOMPARE(failed.at(0).at(0).value<std::uint64_t>(), std::uint64_t{5});
    QCOMPARE(failed.at(0).at(1).toString(), QStringLiteral("command workloads are disabled on this provider"));
    QVERIFY(deployed.isEmpty());
    QVERIFY(runtime->status(5).isEmpty());
}

void TestRuntime::enabledCommandsServe()
{
    if (!have_python()) QSKIP("python3 is not installed");
    auto runtime = make_runtime();
    runtime->set_allow_commands(true);
    // The second service proves the environment: PORT from the runtime, GREETING from the manifest.
    ServiceSpec env_service = command_service(QStringLiteral("env"), python_command(QStringLiteral("os.environ.get('GREETING', '').encode()")));
    env_service.env.insert(QStringLiteral("GREETING"), QStringLiteral("hello from the manifest"));
    const QList<ReplicaStatus> replicas =
        deploy_and_wait(*runtime, 21, manifest_of({command_service(QStringLiteral("files"), python_http_server()), env_service}), 1);
    QCOMPARE(replicas.size(), 2);
    QCOMPARE(replicas[0].service, QStringLiteral("files"));
    QCOMPARE(replicas[1].service, QStringLiteral("env"));
    for (const ReplicaStatus& replica : replicas) QCOMPARE(replica.state, ReplicaStatus::State::Running);

    const Fetched listing = get(replicas[0].url);
    QCOMPARE(listing.status, 200);
    QVERIFY2(listing.body.contains("Directory listing"), listing.body.constData());
    const Fetched greeting = get(replicas[1].url);
    QCOMPARE(greeting.status, 200);
    QCOMPARE(greeting.body, QByteArray("hello from the manifest"));
    // A command knows nothing of leases; its front answers for it.
    for (const ReplicaStatus& replica : replicas)
        QCOMPARE(lease_health::problem(get_on_new_connection(replica.url + QStringLiteral(".well-known/berth/lease?challenge=c0ffee")).body, 21,
                                       "c0ffee"),
                 QString());

    const QList<qint64> pids = runtime->pids(21);
    runtime->stop(21);
    for (const qint64 pid : pids) QVERIFY(!alive(pid));
}

void TestRuntime::replicaThatExitsFailsTheDeployment()
{
    auto runtime = make_runtime();
    runtime->set_allow_commands(true);
    QSignalSpy deployed(runtime.get(), &WorkloadRuntime::deployed);
    QSignalSpy failed(runtime.get(), &WorkloadRuntime::deployFailed);
    runtime->deploy(31,
                    manifest_of({static_service(QStringLiteral("web"), {{QStringLiteral("/"), "x"}}),
                                 command_service(QStringLiteral("broken"), {QStringLiteral("sh"), QStringLiteral("-c"),
                                                                            QStringLiteral("echo 'cannot open the database' >&2; exit 7")})}),
                    1);
    const QList<qint64> pids = runtime->pids(31);
    QCOMPARE(pids.size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, wait_ms);
    const QString reason = failed.at(0).at(1).toString();
    QVERIFY2(reason.contains(QStringLiteral("service 'broken' replica 0 exited with code 7")), qPrintable(reason));
    QVERIFY2(reason.contains(QStringLiteral("cannot open the database")), qPrintable(reason));
    QVERIFY(deployed.isEmpty());
    QVERIFY(runtime->leases().isEmpty());
    for (const qint64 pid : pids) QVERIFY(!alive(pid));

    // A program that does not exist fails the same way.
    runtime->deploy(32, manifest_of({command_service(QStringLiteral("ghost"), {QStringLiteral("/nonexistent/berth-ghost")})}), 1);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 2, wait_ms);
    QCOMPARE(failed.at(1).at(0).value<std::uint64_t>(), std::uint64_t{32});
    QVERIFY2(failed.at(1).at(1).toString().contains(QStringLiteral("service 'ghost' replica 0")), qPrintable(failed.at(1).at(1).toString()));
    QVERIFY(runtime->leases().isEmpty());
}

void TestRuntime::unhealthyReplicaFailsTheDeployment_data()
{
    QTest::addColumn<QStringList>("command");
    QTest::addColumn<QString>("health_path");
    QTest::addColumn<bool>("needs_python");
    QTest::newRow("health path answers 404") << python_http_server() << QStringLiteral("/no-such-health") << true;
    // "; true" keeps the shell from exec'ing sleep, so the replica has a child of its own to take down.
    QTest::newRow("never listens") << QStringList{QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("sleep 60; true")}
                                   << QStringLiteral("/") << false;
}

void TestRuntime::unhealthyReplicaFailsTheDeployment()
{
    QFETCH(QStringList, command);
    QFETCH(QString, health_path);
    QFETCH(bool, needs_python);
    if (needs_python && !have_python()) QSKIP("python3 is not installed");
    auto runtime = make_runtime();
    runtime->set_allow_commands(true);
    runtime->set_health_timeout_ms(1500);
    QSignalSpy deployed(runtime.get(), &WorkloadRuntime::deployed);
    QSignalSpy failed(runtime.get(), &WorkloadRuntime::deployFailed);
    runtime->deploy(41, manifest_of({command_service(QStringLiteral("stuck"), command, health_path)}), 1);
    const QList<qint64> pids = runtime->pids(41);
    QCOMPARE(pids.size(), 1);
    QCOMPARE(runtime->status(41).size(), 1);
    QCOMPARE(runtime->status(41).at(0).state, ReplicaStatus::State::Starting);

    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, wait_ms);
    const QString reason = failed.at(0).at(1).toString();
    QVERIFY2(reason.contains(QStringLiteral("service 'stuck' replica 0 did not answer GET %1 with 2xx within 1500 ms").arg(health_path)),
             qPrintable(reason));
    QVERIFY(deployed.isEmpty());
    QVERIFY(runtime->leases().isEmpty());
    QVERIFY(!alive(pids[0]));
    // The shell's own child is signalled with its group, not reaped by the runtime: give it time to die.
    QTRY_COMPARE_WITH_TIMEOUT(group_members(pids[0]), QList<qint64>{}, wait_ms);
}

void TestRuntime::faultyProviderReplicasExit_data()
{
    QTest::addColumn<bool>("command");
    QTest::newRow("static-http") << false;
    QTest::newRow("command") << true;
}

void TestRuntime::faultyProviderReplicasExit()
{
    QFETCH(bool, command);
    if (command && !have_python()) QSKIP("python3 is not installed");
    auto runtime = make_runtime();
    runtime->set_allow_commands(true);
    // Long enough for a loaded machine to get the replica healthy before it dies.
    runtime->set_fail_after_s(5);
    QSignalSpy exited(runtime.get(), &WorkloadRuntime::replicaExited);
    const ServiceSpec service = command ? command_service(QStringLiteral("web"), python_http_server())
                                        : static_service(QStringLiteral("web"), {{QStringLiteral("/"), "short-lived"}});
    const QList<ReplicaStatus> replicas = deploy_and_wait(*runtime, 51, manifest_of({service}), 1);
    QCOMPARE(replicas.size(), 1);
    const qint64 pid = runtime->pids(51).value(0);
    QVERIFY(pid > 0);

    QTRY_COMPARE_WITH_TIMEOUT(exited.size(), 1, wait_ms);
    QCOMPARE(exited.at(0).at(0).value<std::uint64_t>(), std::uint64_t{51});
    QCOMPARE(exited.at(0).at(1).toString(), QStringLiteral("web"));
    QCOMPARE(exited.at(0).at(2).toInt(), 0);
    const QList<ReplicaStatus> status = runtime->status(51);
    QCOMPARE(status.size(), 1);
    QCOMPARE(status.at(0).state, ReplicaStatus::State::Exited);
    QCOMPARE(replica_state_name(status.at(0).state), QStringLiteral("exited"));
    QCOMPARE(runtime->leases(), QList<std::uint64_t>{51});
    QTRY_VERIFY_WITH_TIMEOUT(!alive(pid), wait_ms);
    runtime->stop(51);
    QVERIFY(runtime->status(51).isEmpty());
}

void TestRuntime::destroyingTheRuntimeEndsItsProcesses()
{
    auto runtime = make_runtime();
    runtime->set_allow_commands(true);
    QCOMPARE(deploy_and_wait(*runtime, 61, manifest_of({static_service(QStringLiteral("web"), {{QStringLiteral("/"), "a"}}, 2)}), 1).size(), 2);
    // Destroyed while the second lease is still starting: those processes go too.
    runtime->deploy(
        62,
        manifest_of({command_service(QStringLiteral("slow"), {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("sleep 60; true")})}),
        1);
    const QList<qint64> pids = runtime->pids(61) + runtime->pids(62);
    QCOMPARE(pids.size(), 3);
    for (const qint64 pid : pids) QVERIFY(alive(pid));

    runtime.reset();
    for (const qint64 pid : pids) {
        QVERIFY2(!alive(pid), qPrintable(QStringLiteral("process %1 outlived its runtime").arg(pid)));
        // What a replica spawned is signalled with its group, not reaped by the runtime: give it time to die.
        QTRY_COMPARE_WITH_TIMEOUT(group_members(pid), QList<qint64>{}, wait_ms);
    }
}

void TestRuntime::replicasDieWithTheirNode()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString pid_file = dir.filePath(QStringLiteral("replica.pid"));
    QProcess host;
    host.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    // The host never gets to remove its content files; they go with this directory.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("TMPDIR"), dir.path());
    host.setProcessEnvironment(environment);
    host.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--orphan-host"), pid_file});
    QVERIFY(host.waitForStarted(wait_ms));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(pid_file) || host.state() == QProcess::NotRunning, wait_ms);
    QFile in(pid_file);
    QVERIFY2(in.open(QIODevice::ReadOnly), "the host did not deploy its replica");
    const qint64 replica = in.readAll().trimmed().toLongLong();
    QVERIFY(replica > 0);
    QVERIFY(alive(replica));

    // SIGKILL: the host gets no chance to stop anything; only the kernel can end the replica.
    QCOMPARE(::kill(static_cast<pid_t>(host.processId()), SIGKILL), 0);
    QVERIFY(host.waitForFinished(wait_ms));
    QTRY_VERIFY_WITH_TIMEOUT(!alive(replica), wait_ms);
}

int main(int argc, char* argv[])
{
    if (argc == 3 && qstrcmp(argv[1], "--orphan-host") == 0) return run_orphan_host(argc, argv);
    QCoreApplication app(argc, argv);
    TestRuntime test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_runtime.moc"
