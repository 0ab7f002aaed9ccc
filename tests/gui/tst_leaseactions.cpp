#include "guisession.h"

#include <nodehost.h>

#include <devnet.h>
#include <price.h>
#include <transaction.h>

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace berth;
using namespace berth::gui;

/**
 * Lease actions against a real devnet node with short blocks: alice's order shows up in the
 * lease model and reaches LEASE_READY; a top-up raises its escrow by exactly the amount; bad
 * amounts are refused on the GUI thread without anything being sent; a close goes through
 * CLOSE_LEASE to LEASE_CLOSED with the reason "user", acknowledged by the demo provider's
 * agent running inside the node.
 */
class TestLeaseActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void orderTopUpAndClose();
};

void TestLeaseActions::orderTopUpAndClose()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    NodeHost host(berth::test::GuiSession::devnet_config(dir.filePath(QStringLiteral("devnet")), 100));
    QCOMPARE(host.identity(), QStringLiteral("alice"));
    LeaseListModel* leases = host.leases();
    QSignalSpy resets(leases, &QAbstractItemModel::modelReset);
    QSignalSpy inserts(leases, &QAbstractItemModel::rowsInserted);
    QSignalSpy changes(leases, &QAbstractItemModel::dataChanged);
    QSignalSpy actions(&host, &NodeHost::leaseActionFinished);
    QStringList states_seen;
    connect(leases, &QAbstractItemModel::dataChanged, this, [&](const QModelIndex& from) {
        const QString state = from.data(LeaseListModel::StateRole).toString();
        if (states_seen.isEmpty() || states_seen.last() != state) states_seen.append(state);
    });

    host.start();
    QTRY_VERIFY_WITH_TIMEOUT(host.running(), 20000);
    QVERIFY(leases->loaded());
    QCOMPARE(leases->rowCount(), 0);

    const PrivateKey alice = Devnet::demo_key(QStringLiteral("alice"));
    tx::CreateOrder order;
    order.instance_type = "cpu.small";
    order.max_price_per_s = price::from_base_units(20);
    order.manifest_hash = Hash256::of(as_bytes("tst_leaseactions manifest"));
    order.deposit = 5'000'000;
    const Bytes encoded = Transaction::make(host.chainId().toStdString(), alice, 0, order).encode();
    host.submit(QByteArray(reinterpret_cast<const char*>(encoded.data()), static_cast<qsizetype>(encoded.size())));

    QTRY_COMPARE_WITH_TIMEOUT(leases->rowCount(), 1, 20000);
    const QModelIndex row = leases->index(0);
    const QString id = row.data(LeaseListModel::LeaseIdRole).toString();
    QTRY_COMPARE_WITH_TIMEOUT(leases->index(0).data(LeaseListModel::StateRole).toString(), QStringLiteral("LEASE_READY"), 20000);
    QCOMPARE(leases->index(0).data(LeaseListModel::EscrowRole).toString(), QStringLiteral("5"));
    QVERIFY(!leases->index(0).data(LeaseListModel::ProviderNameRole).toString().isEmpty());
    QVERIFY(!leases->index(0).data(LeaseListModel::PricePerHourRole).toString().isEmpty());

    // Bad amounts never leave the GUI thread.
    for (const QString& bad : {QStringLiteral("1.1234567"), QStringLiteral("-1"), QStringLiteral("abc"), QStringLiteral("0"), QString()})
        QVERIFY2(!host.topUpLease(id, bad).isEmpty(), qPrintable(bad));
    QVERIFY(!host.topUpLease(QStringLiteral("999"), QStringLiteral("1")).isEmpty());
    QTest::qWait(300);
    QCOMPARE(actions.size(), 0);

    // Not billing yet (no manifest was uploaded), so the escrow rises by exactly the top-up.
    QCOMPARE(host.topUpLease(id, QStringLiteral("1.5")), QString());
    QVERIFY(actions.wait(10000));
    QVERIFY2(actions.first().at(1).toString().isEmpty(), qPrintable(actions.first().at(2).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(leases->index(0).data(LeaseListModel::EscrowRole).toString(), QStringLiteral("6.5"), 20000);

    actions.clear();
    QCOMPARE(host.closeLease(id), QString());
    QVERIFY(actions.wait(10000));
    QVERIFY2(actions.first().at(1).toString().isEmpty(), qPrintable(actions.first().at(2).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(leases->index(0).data(LeaseListModel::StateRole).toString(), QStringLiteral("LEASE_CLOSED"), 30000);
    QCOMPARE(leases->index(0).data(LeaseListModel::CloseReasonRole).toString(), QStringLiteral("user"));
    QVERIFY2(states_seen.contains(QStringLiteral("CLOSE_LEASE")), qPrintable(states_seen.join(QLatin1Char(','))));
    QVERIFY(states_seen.indexOf(QStringLiteral("CLOSE_LEASE")) < states_seen.indexOf(QStringLiteral("LEASE_CLOSED")));

    QCOMPARE(resets.size(), 1);
    QCOMPARE(inserts.size(), 1);
    QVERIFY(changes.size() >= 3);
    host.shutdown();
}

QTEST_GUILESS_MAIN(TestLeaseActions)
#include "tst_leaseactions.moc"
