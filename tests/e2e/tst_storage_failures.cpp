#include "berthdprocess.h"
#include "storedchain.h"
#include "txload.h"

#include <devnet.h>

#include <testcase.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>
#include <linux/capability.h>
#include <sys/prctl.h>

using namespace berth;
using berth::test::BerthdProcess;
using berth::test::StoredChain;
using berth::test::TxLoad;

/**
 * A real berthd whose disk fills up under load, and one whose data directory or store is
 * read-only, stops with an error that names the problem; what it leaves on disk passes
 * integrity_check, reproduces the last block's state root and keeps every transaction it
 * reported as included; and a restart on a healthy directory resumes from there.
 */
class TestStorageFailures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void stopsCleanlyWhenTheDiskIsFull();
    void refusesAReadOnlyDataDirectory();
    void refusesAReadOnlyStore();

private:
    /** A devnet node in `dir` that has committed some blocks under load and was stopped. */
    void make_chain(const QString& dir, TxLoad& load);
    /** The node resumes at the stored tip, keeps every included transaction and produces further blocks. */
    void resumes(const QString& dir, const TxLoad& load);
    /** berthd exits with status 1 and an error that contains `what` and says "read-only". */
    void refuses_start(const QString& dir, const QString& what);

    static QStringList node_args()
    {
        return {QStringLiteral("--devnet"),         QStringLiteral("--block-ms"), QStringLiteral("20"),
                QStringLiteral("--demo-providers"), QStringLiteral("2"),          QStringLiteral("--no-agents")};
    }
};

void TestStorageFailures::initTestCase()
{
    // Root ignores file permissions. Dropping the override from the bounding set takes it from
    // every berthd this test starts, so that read-only means read-only, as for any other user.
    if (::geteuid() == 0 && (::prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0 ||
                             ::prctl(PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0) != 0 || ::prctl(PR_CAPBSET_DROP, CAP_FOWNER, 0, 0, 0) != 0))
        QFAIL("running as root without CAP_SETPCAP: berthd would ignore the read-only permissions under test");
}

void TestStorageFailures::make_chain(const QString& dir, TxLoad& load)
{
    BerthdProcess node(dir, node_args());
    QVERIFY2(node.start(), qPrintable(node.log()));
    load.run_for(node, 800);
    QCOMPARE(node.terminate(), 0);
    QVERIFY(!load.included().empty());
}

void TestStorageFailures::resumes(const QString& dir, const TxLoad& load)
{
    const StoredChain stored = StoredChain::check(dir);
    QVERIFY2(stored.problem.isEmpty(), qPrintable(stored.problem));
    QVERIFY(stored.tip.height >= load.reported_height());

    BerthdProcess node(dir, node_args());
    QVERIFY2(node.start(), qPrintable(node.log()));
    const auto block = node.get(QStringLiteral("/blocks/%1").arg(stored.tip.height));
    QCOMPARE(block.body.object().value("hash").toString(), QString::fromStdString(stored.tip.hash().hex()));
    const QString lost = load.lost_transaction(node);
    QVERIFY2(lost.isEmpty(), qPrintable(lost));
    const auto reply = TxLoad::submit(node, QStringLiteral("alice"),
                                      tx::Transfer{Address::of(Devnet::demo_key(QStringLiteral("bob")).public_key()), Denom::USDC, Amount(5)});
    QCOMPARE(reply.status, 202);
    QTRY_COMPARE_WITH_TIMEOUT(
        node.get(QStringLiteral("/tx/") + reply.body.object().value("id").toString()).body.object().value("status").toString(),
        QStringLiteral("included"), 20000);
    QCOMPARE(node.terminate(), 0);
}

void TestStorageFailures::refuses_start(const QString& dir, const QString& what)
{
    BerthdProcess node(dir, node_args());
    QVERIFY2(!node.start(), "berthd started on a data directory it cannot write");
    QCOMPARE(node.wait_for_exit(), 1);
    QVERIFY2(node.log().contains(what), qPrintable(node.log()));
    QVERIFY2(node.log().contains(QStringLiteral("read-only")), qPrintable(node.log()));
}

void TestStorageFailures::stopsCleanlyWhenTheDiskIsFull()
{
    QTemporaryDir dir;
    TxLoad load(7);
    make_chain(dir.path(), load);

    // Room for a few dozen blocks in the write-ahead log, then every write fails as on a full disk.
    const qint64 room = QFileInfo(QDir(dir.path()).filePath(QStringLiteral("chain.sqlite"))).size() + 64 * 1024;
    BerthdProcess node(dir.path(), node_args());
    node.limit_file_size(room);
    QVERIFY2(node.start(), qPrintable(node.log()));
    for (int i = 0; i < 60 && node.is_running(); ++i) load.run_for(node, 500);
    QCOMPARE(node.wait_for_exit(), 1);
    QVERIFY2(node.log().contains(QStringLiteral("cannot commit block")), qPrintable(node.log()));
    QVERIFY2(node.log().contains(QStringLiteral("the disk is full")), qPrintable(node.log()));
    load.forget_pending();

    resumes(dir.path(), load);
}

void TestStorageFailures::refusesAReadOnlyDataDirectory()
{
    QTemporaryDir dir;
    TxLoad load(8);
    make_chain(dir.path(), load);
    const auto writable = QFile::permissions(dir.path());
    QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner));
    refuses_start(dir.path(), QStringLiteral("cannot write in the data directory %1").arg(dir.path()));
    QVERIFY(QFile::setPermissions(dir.path(), writable));
    resumes(dir.path(), load);
}

void TestStorageFailures::refusesAReadOnlyStore()
{
    QTemporaryDir dir;
    TxLoad load(9);
    make_chain(dir.path(), load);
    const QString store = QDir(dir.path()).filePath(QStringLiteral("chain.sqlite"));
    const auto writable = QFile::permissions(store);
    QVERIFY(QFile::setPermissions(store, QFile::ReadOwner | QFile::ReadGroup));
    refuses_start(dir.path(), QStringLiteral("cannot open %1 for writing").arg(store));
    QVERIFY(QFile::setPermissions(store, writable));
    resumes(dir.path(), load);
}

BERTH_QTEST_GUILESS(TestStorageFailures)
#include "tst_storage_failures.moc"
