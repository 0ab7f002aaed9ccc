#include "berthdprocess.h"
#include "e2etestsupport.h"
#include "storedchain.h"
#include "txload.h"

#include <testcase.h>

#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace berth;
using berth::test::BerthdProcess;
using berth::test::StoredChain;
using berth::test::TxLoad;
using berth::test::from_environment;

/**
 * Crash safety of a real berthd: while a load of signed transactions flows in through RPC,
 * the node is killed with SIGKILL at random moments and restarted. After each kill the
 * SQLite file passes integrity_check, the stored state reproduces the last block's state
 * root and satisfies the invariants, the chain resumes from the last committed block, and
 * every transaction RPC reported as included is still included at the same height.
 * BERTH_CRASH_KILLS and BERTH_CRASH_MAX_LOAD_MS (scripts/stress) make the run longer.
 */
class TestCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void survivesKillsUnderLoad();
};

void TestCrash::survivesKillsUnderLoad()
{
    const int kills = from_environment("BERTH_CRASH_KILLS", 30);
    const int max_load_ms = from_environment("BERTH_CRASH_MAX_LOAD_MS", 400);
    const auto seed = static_cast<std::uint32_t>(from_environment("BERTH_CRASH_SEED", 20261123));
    qInfo("%d kills, up to %d ms of load before each, seed %u", kills, max_load_ms, seed);

    QTemporaryDir dir;
    BerthdProcess node(dir.path(), {QStringLiteral("--devnet"), QStringLiteral("--block-ms"), QStringLiteral("20"),
                                    QStringLiteral("--demo-providers"), QStringLiteral("3")});
    QVERIFY2(node.start(), qPrintable(node.log()));

    std::mt19937 random(seed);
    TxLoad load(seed);
    for (int round = 0; round < kills; ++round) {
        // From a few milliseconds (a kill during start-up or the first commit) to a few hundred blocks.
        load.run_for(node, std::uniform_int_distribution<int>(5, max_load_ms)(random));
        node.kill();
        load.forget_pending();

        const StoredChain stored = StoredChain::check(dir.path());
        QVERIFY2(stored.problem.isEmpty(), qPrintable(QStringLiteral("after kill %1: %2").arg(round + 1).arg(stored.problem)));
        QVERIFY2(stored.tip.height >= load.reported_height(),
                 qPrintable(QStringLiteral("stored tip %1 is below the reported height %2").arg(stored.tip.height).arg(load.reported_height())));

        QVERIFY2(node.start(), qPrintable(node.log()));
        // The restarted node resumes at the stored block: it serves that very block, and nothing below it changed.
        const auto resumed = node.get(QStringLiteral("/blocks/%1").arg(stored.tip.height));
        QCOMPARE(resumed.body.object().value("hash").toString(), QString::fromStdString(stored.tip.hash().hex()));
        QCOMPARE(resumed.body.object().value("state_root").toString(), QString::fromStdString(stored.tip.state_root.hex()));
        QVERIFY(node.get(QStringLiteral("/status")).body.object().value("height").toString().toULongLong() >= stored.tip.height);
        const QString lost = load.lost_transaction(node);
        QVERIFY2(lost.isEmpty(), qPrintable(lost));
    }
    QVERIFY2(load.included().size() >= 20,
             qPrintable(QStringLiteral("only %1 transactions were included under load").arg(load.included().size())));
    QCOMPARE(node.terminate(), 0);
    const StoredChain stored = StoredChain::check(dir.path());
    QVERIFY2(stored.problem.isEmpty(), qPrintable(stored.problem));
}

BERTH_QTEST_GUILESS(TestCrash)
#include "tst_crash.moc"
