#include "runtimetesting.h"

#include <processruntime.h>
#include <replicalog.h>

#include <testcase.h>

#include <QDir>
#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace berth;
using namespace berth::test;

namespace {

/** A python workload that runs `before` (statements, with sys imported) and then serves HTTP on $HOST:$PORT. */
QStringList python_printing(const QString& before)
{
    return python_command_after(QStringLiteral("import sys\n") + before, QStringLiteral("b'ok'"));
}

QJsonObject record_of(const QByteArray& record)
{
    return QJsonDocument::fromJson(record).object();
}

qint64 bytes_under(const QString& dir)
{
    qint64 total = 0;
    for (QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories); it.hasNext();) total += it.nextFileInfo().size();
    return total;
}

} // namespace

/**
 * What a provider keeps of its replicas' output, against real processes: each line with its
 * time, service, replica and stream, in order, filtered by service and replica; the runtime's
 * own notes (started, exited, restarting, healthy); a workload that prints 50 MB, or one long
 * line without a newline, stays within the store's cap; a replica that dies is started again and
 * counted; and the logs go with the lease.
 */
class TestReplicaLogs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void printedLinesAreKeptInOrder();
    void endlessOutputStaysWithinTheCap();
    void exitedReplicaIsRestartedAndCounted();
    void logsGoWithTheLease();

private:
    WorkloadClient m_client;
};

void TestReplicaLogs::printedLinesAreKeptInOrder()
{
    if (!have_python()) QSKIP("python3 is not installed");
    auto runtime = make_runtime();
    runtime->set_allow_commands(true);
    const QString print = QStringLiteral("for i in range(10): print('line', i, flush=True)\nprint('to stderr', file=sys.stderr, flush=True)\n");
    const QList<ReplicaStatus> replicas = deploy_and_wait(*runtime, 41,
                                                          manifest_of({command_service(QStringLiteral("talk"), python_printing(print)),
                                                                       static_service(QStringLiteral("web"), {{QStringLiteral("/"), "quiet"}})}),
                                                          1);
    QCOMPARE(replicas.size(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(runtime->log_tail(41, QStringLiteral("talk"), 0, 100).size() >= 12, wait_ms);

    QStringList lines;
    for (const QByteArray& record : runtime->log_tail(41, QStringLiteral("talk"), -1, 100)) {
        const QJsonObject r = record_of(record);
        QCOMPARE(r.value(QStringLiteral("service")).toString(), QStringLiteral("talk"));
        QCOMPARE(r.value(QStringLiteral("replica")).toInt(), 0);
        QVERIFY(QDateTime::fromString(r.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs).isValid());
        if (r.value(QStringLiteral("stream")).toString() == QLatin1String("stdout")) lines.append(r.value(QStringLiteral("line")).toString());
        if (r.value(QStringLiteral("stream")).toString() == QLatin1String("stderr"))
            QCOMPARE(r.value(QStringLiteral("line")).toString(), QStringLiteral("to stderr"));
    }
    QStringList expected;
    for (int i = 0; i < 10; ++i) expected.append(QStringLiteral("line %1").arg(i));
    QCOMPARE(lines, expected);
    // The runtime notes when it started the replica; the tail asks for the newest lines only.
    QCOMPARE(record_of(runtime->log_tail(41, QStringLiteral("talk"), 0, 100).first()).value(QStringLiteral("stream")).toString(),
             QStringLiteral("runtime"));
    QCOMPARE(runtime->log_tail(41, QStringLiteral("talk"), 0, 2).size(), 2);
    // Another service's lines are its own.
    for (const QByteArray& record : runtime->log_tail(41, QStringLiteral("web"), -1, 100))
        QCOMPARE(record_of(record).value(QStringLiteral("service")).toString(), QStringLiteral("web"));
    QVERIFY(runtime->log_tail(41, QStringLiteral("talk"), 1, 100).isEmpty());
}

void TestReplicaLogs::endlessOutputStaysWithinTheCap()
{
    if (!have_python()) QSKIP("python3 is not installed");
    QTemporaryDir logs;
    QVERIFY(logs.isValid());
    auto runtime = make_runtime();
    runtime->set_allow_commands(true);
    runtime->set_log_directory(logs.path());
    // 50 MB of lines, then one megabyte without a newline, then a last line to know it is done.
    const QString flood = QStringLiteral("sys.stdout.write(('x' * 99 + '\\n') * 524288)\n"
                                         "sys.stdout.write('y' * 1048576)\n"
                                         "sys.stdout.flush()\n"
                                         "print('done', file=sys.stderr, flush=True)\n");
    // Counted, not kept: a spy holding half a million records would measure itself.
    int records = 0;
    bool done = false;
    connect(runtime.get(), &WorkloadRuntime::logged, this, [&](std::uint64_t, const QString&, int, const QByteArray& record) {
        ++records;
        done = done || record.contains("\"line\":\"done\"");
    });
    const QList<ReplicaStatus> replicas =
        deploy_and_wait(*runtime, 42, manifest_of({command_service(QStringLiteral("loud"), python_printing(flood))}), 1);
    QCOMPARE(replicas.size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(done, 120000);
    QVERIFY2(records > 524288, qPrintable(QString::number(records)));
    const qint64 kept = bytes_under(logs.path());
    QVERIFY2(kept <= ReplicaLog::default_max_bytes, qPrintable(QStringLiteral("%1 bytes kept").arg(kept)));
    // The long line was cut into pieces of at most max_line_bytes.
    int pieces = 0;
    for (const QByteArray& record : runtime->log_tail(42, QString(), -1, 1000)) {
        const QString line = record_of(record).value(QStringLiteral("line")).toString();
        QVERIFY(line.size() <= ReplicaLog::max_line_bytes);
        if (line.startsWith(QLatin1Char('y'))) ++pieces;
    }
    QCOMPARE(pieces, 1048576 / ReplicaLog::max_line_bytes);
    // The workload was never held up: it still answers.
    QCOMPARE(m_client.get(replicas[0].url).body, QByteArray("ok"));
}

void TestReplicaLogs::exitedReplicaIsRestartedAndCounted()
{
    if (!have_python()) QSKIP("python3 is not installed");
    auto runtime = make_runtime();
    runtime->set_allow_commands(true);
    const QList<ReplicaStatus> replicas =
        deploy_and_wait(*runtime, 43, manifest_of({command_service(QStringLiteral("api"), python_printing(QString()))}), 1);
    QCOMPARE(replicas.size(), 1);
    QCOMPARE(runtime->status(43).value(0).restarts, 0);
    QVERIFY(runtime->status(43).value(0).healthy);

    QSignalSpy exited(runtime.get(), &WorkloadRuntime::replicaExited);
    ::kill(static_cast<pid_t>(runtime->pids(43).value(0)), SIGKILL);
    QVERIFY(!exited.isEmpty() || exited.wait(wait_ms));
    QCOMPARE(runtime->status(43).value(0).exit_reason, QStringLiteral("was killed by a signal"));
    // Back after its backoff, behind the same public address.
    QTRY_VERIFY_WITH_TIMEOUT(runtime->status(43).value(0).healthy, wait_ms);
    const ReplicaStatus back = runtime->status(43).value(0);
    QCOMPARE(back.restarts, 1);
    QCOMPARE(back.state, ReplicaStatus::State::Running);
    QCOMPARE(back.url, replicas[0].url);
    QCOMPARE(m_client.get(back.url).body, QByteArray("ok"));
    QStringList notes;
    for (const QByteArray& record : runtime->log_tail(43, QString(), -1, 100))
        if (record_of(record).value(QStringLiteral("stream")).toString() == QLatin1String("runtime"))
            notes.append(record_of(record).value(QStringLiteral("line")).toString().section(QLatin1Char(' '), 0, 1));
    QCOMPARE(notes, (QStringList{QStringLiteral("started as"), QStringLiteral("was killed"), QStringLiteral("restarting in"),
                                 QStringLiteral("started as"), QStringLiteral("healthy")}));
}

void TestReplicaLogs::logsGoWithTheLease()
{
    QTemporaryDir logs;
    QVERIFY(logs.isValid());
    auto runtime = make_runtime();
    runtime->set_log_directory(logs.path());
    const QList<ReplicaStatus> replicas =
        deploy_and_wait(*runtime, 44, manifest_of({static_service(QStringLiteral("web"), {{QStringLiteral("/"), "hi"}})}), 1);
    QCOMPARE(replicas.size(), 1);
    QVERIFY(!runtime->log_tail(44, QString(), -1, 10).isEmpty());
    QVERIFY(QDir(logs.filePath(QStringLiteral("lease-44"))).exists());
    QSignalSpy removed(runtime.get(), &WorkloadRuntime::logsRemoved);
    runtime->stop(44);
    runtime->remove_logs(44);
    QCOMPARE(removed.size(), 1);
    QVERIFY(!QDir(logs.filePath(QStringLiteral("lease-44"))).exists());
    QVERIFY(runtime->log_tail(44, QString(), -1, 10).isEmpty());
}

BERTH_QTEST_GUILESS(TestReplicaLogs)
#include "tst_replicalogs.moc"
