#include "guisession.h"

#include <nodehost.h>

#include <devnet.h>
#include <price.h>
#include <transaction.h>

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <atomic>

#include <unistd.h>
#include <sys/resource.h>

using namespace berth;
using namespace berth::gui;

/**
 * A real NodeHost running a devnet node with short blocks in a temporary data directory: the
 * snapshot and the market's chunks bring the demo providers, blocks arrive as deltas, a transaction handed to the
 * host reaches the node and comes back as events, every signal reaches the GUI thread, the
 * Node itself lives on the node thread, below the GUI thread's priority, and shutdown joins that thread.
 */
class TestNodeHost : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runsTheNodeOnItsOwnThread();
    void startFailureIsReportedNotThrown();
};

void TestNodeHost::runsTheNodeOnItsOwnThread()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const NodeConfig config = berth::test::GuiSession::devnet_config(dir.filePath(QStringLiteral("devnet")), 100);
    NodeHost host(config);
    QThread* const gui_thread = QThread::currentThread();
    std::atomic<int> off_thread_deliveries = 0;
    auto on_gui_thread = [&] {
        if (QThread::currentThread() != gui_thread) ++off_thread_deliveries;
    };
    connect(&host, &NodeHost::snapshotLoaded, this, on_gui_thread, Qt::DirectConnection);
    connect(&host, &NodeHost::blockApplied, this, on_gui_thread, Qt::DirectConnection);
    connect(&host, &NodeHost::actionFinished, this, on_gui_thread, Qt::DirectConnection);
    connect(&host, &NodeHost::blockChanged, this, on_gui_thread, Qt::DirectConnection);
    connect(&host, &NodeHost::runningChanged, this, on_gui_thread, Qt::DirectConnection);
    connect(&host, &NodeHost::errorChanged, this, on_gui_thread, Qt::DirectConnection);

    QSignalSpy snapshots(&host, &NodeHost::snapshotLoaded);
    QSignalSpy blocks(&host, &NodeHost::blockApplied);
    QSignalSpy submissions(&host, &NodeHost::actionFinished);
    QSignalSpy resets(host.providers(), &QAbstractItemModel::modelReset);

    QVERIFY(host.loading());
    host.start();
    QVERIFY(snapshots.wait(20000));
    QCOMPARE(snapshots.size(), 1);
    QVERIFY2(host.error().isEmpty(), qPrintable(host.error()));
    QVERIFY(host.running());
    QVERIFY(!host.loading());

    // The market follows the snapshot, in chunks, before any block.
    QTRY_VERIFY(host.providers()->loaded());
    QCOMPARE(host.providers()->rowCount(), 5);
    QCOMPARE(host.blockTimeMs(), 100);
    QCOMPARE(host.chainId(), QStringLiteral("berth-devnet"));
    QVERIFY(host.rpcUrl().startsWith(QStringLiteral("http://127.0.0.1:")));
    QCOMPARE(host.dataDirectory(), config.datadir);
    QCOMPARE(host.stateRoot().size(), 64);
    QVERIFY(!host.providers()->index(0).data(ProviderListModel::MinPricePerSecondRole).toString().isEmpty());

    // The node object lives on a thread of its own, not on ours.
    QThread* const node_thread = host.node().node_thread();
    QVERIFY(node_thread != nullptr);
    QVERIFY(node_thread != gui_thread);
    QVERIFY(node_thread->isRunning());
    // ...below the GUI thread's priority, so that the window goes first on a busy machine.
    auto* on_node_thread = new QObject;
    on_node_thread->moveToThread(node_thread);
    int node_niceness = 0;
    QMetaObject::invokeMethod(
        on_node_thread, [&] { node_niceness = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())); }, Qt::BlockingQueuedConnection);
    QMetaObject::invokeMethod(on_node_thread, &QObject::deleteLater);
    QCOMPARE(node_niceness, std::min(getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())) + 5, 19));

    const qint64 first_height = host.height();
    QTRY_VERIFY_WITH_TIMEOUT(host.height() >= first_height + 3, 20000);
    QVERIFY(blocks.size() >= 3);

    // Alice orders cpu.small; the transaction is signed here and handed over encoded.
    const PrivateKey alice = Devnet::demo_key(QStringLiteral("alice"));
    tx::CreateOrder order;
    order.instance_type = "cpu.small";
    order.max_price_per_s = price::from_base_units(20);
    order.manifest_hash = Hash256::of(as_bytes("tst_nodehost manifest"));
    order.deposit = 1'000'000;
    const Transaction transaction = Transaction::make(host.chainId().toStdString(), alice, 0, order);
    const Bytes encoded = transaction.encode();
    host.submit(QByteArray(reinterpret_cast<const char*>(encoded.data()), static_cast<qsizetype>(encoded.size())));
    QVERIFY(submissions.wait(10000));
    const auto result = submissions.first().first().value<ActionOutcome>();
    QCOMPARE(result.action, NodeAction::Transaction);
    QCOMPARE(result.transaction_id, QString::fromStdString(transaction.id().hex()));
    QVERIFY2(result.ok(), qPrintable(result.message));

    // The order shows up in the event list, and bids and the lease follow as blocks commit.
    auto has_event = [&host](const QString& name) {
        const EventListModel* events = host.events();
        for (int r = 0; r < events->rowCount(); ++r)
            if (events->index(r).data(EventListModel::NameRole).toString() == name) return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(has_event(QStringLiteral("PROVIDER_LOOKUP")), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(has_event(QStringLiteral("CREATE_LEASE")), 20000);
    // The winner's row was resent with the block: one more active job, stake locked.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&host] {
            const ProviderListModel* providers = host.providers();
            for (int r = 0; r < providers->rowCount(); ++r)
                if (providers->index(r).data(ProviderListModel::ActiveJobsRole).toInt() == 1 &&
                    providers->index(r).data(ProviderListModel::StakeLockedRole).toString() != QStringLiteral("0"))
                    return true;
            return false;
        }(),
        20000);
    QCOMPARE(resets.size(), 1);

    // A bad transaction comes back as a rejection, not a crash.
    submissions.clear();
    host.submit(QByteArray("not a transaction"));
    QVERIFY(submissions.wait(10000));
    QCOMPARE(submissions.first().first().value<ActionOutcome>().code, QStringLiteral("malformed"));

    host.shutdown();
    QVERIFY(node_thread->isFinished());
    QVERIFY(!host.running());
    host.shutdown();
    QCOMPARE(off_thread_deliveries.load(), 0);
}

void TestNodeHost::startFailureIsReportedNotThrown()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A data directory that cannot be created: its parent is a regular file.
    QFile blocker(dir.filePath(QStringLiteral("file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    NodeConfig config;
    config.datadir = dir.filePath(QStringLiteral("file/devnet"));
    config.devnet = true;

    NodeHost host(config);
    QSignalSpy errors(&host, &NodeHost::errorChanged);
    host.start();
    QVERIFY(errors.wait(10000));
    QVERIFY(!host.error().isEmpty());
    QVERIFY(!host.running());
    QVERIFY(!host.loading());
    host.shutdown();
    QCOMPARE(host.node().node_thread(), nullptr);
}

QTEST_GUILESS_MAIN(TestNodeHost)
#include "tst_nodehost.moc"
