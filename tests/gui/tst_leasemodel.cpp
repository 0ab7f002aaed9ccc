#include <leaselistmodel.h>

#include <price.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace berth;
using namespace berth::gui;

/**
 * The Leases page's model without a node: the snapshot is the one reset; block deltas insert
 * new leases at the top and change known ones in place; the live escrow, spend and time left
 * follow core's settlement rule at the block time; the formatted strings are exact. Qt's
 * model tester watches throughout.
 */
class TestLeaseModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void snapshotThenDeltasNeverReset();
    void formatsDurations();
};

namespace {

Address provider_address()
{
    std::array<std::uint8_t, Address::size> bytes{};
    bytes.fill(0xab);
    return Address(bytes);
}

LeaseRow lease(JobId id, JobState state)
{
    LeaseRow row;
    row.job.id = id;
    row.job.instance_type = "cpu.small";
    row.job.state = state;
    row.job.max_price_per_s = price::from_base_units(20);
    row.job.escrow = 5'000'000;
    if (state != JobState::ProviderLookup) {
        row.job.provider = provider_address();
        row.job.price_per_s = price::from_base_units(12);
        row.provider_name = QStringLiteral("provider1");
    }
    return row;
}

QString role(const LeaseListModel& model, int row, int role)
{
    return model.index(row).data(role).toString();
}

} // namespace

void TestLeaseModel::snapshotThenDeltasNeverReset()
{
    LeaseListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);

    const std::uint64_t t0 = 1'700'000'000'000;
    model.load({lease(1, JobState::LeaseClosed)}, t0);
    QCOMPARE(resets.size(), 1);
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(model.loaded());

    // A new order appears at the top, without a reset.
    model.apply({lease(2, JobState::ProviderLookup)}, t0 + 1000);
    QCOMPARE(inserts.size(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(role(model, 0, LeaseListModel::LeaseIdRole), QStringLiteral("2"));
    QCOMPARE(role(model, 0, LeaseListModel::StateRole), QStringLiteral("PROVIDER_LOOKUP"));
    QCOMPARE(role(model, 0, LeaseListModel::PricePerHourRole), QString());
    QCOMPARE(role(model, 0, LeaseListModel::TimeLeftRole), QString());

    // It is matched and then deployed: both are changes in place.
    model.apply({lease(2, JobState::LeaseReady)}, t0 + 2000);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(role(model, 0, LeaseListModel::StateRole), QStringLiteral("LEASE_READY"));
    QCOMPARE(role(model, 0, LeaseListModel::ProviderNameRole), QStringLiteral("provider1"));
    QCOMPARE(role(model, 0, LeaseListModel::PricePerSecondRole), QStringLiteral("0.000012"));
    QCOMPARE(role(model, 0, LeaseListModel::PricePerHourRole), QStringLiteral("0.0432"));
    const QVariantList timeline = model.index(0).data(LeaseListModel::TimelineRole).toList();
    QCOMPARE(timeline.size(), 6);
    QCOMPARE(timeline.at(2).toMap().value(QStringLiteral("status")).toString(), QStringLiteral("current"));
    QCOMPARE(timeline.at(1).toMap().value(QStringLiteral("status")).toString(), QStringLiteral("done"));

    LeaseRow deployed = lease(2, JobState::DeploymentConfirmed);
    deployed.job.billing = true;
    deployed.job.settled_until_ms = t0 + 3000;
    deployed.job.segment_start_ms = t0 + 3000;
    deployed.job.access.urls = {"http://127.0.0.1:4000/"};
    model.apply({deployed}, t0 + 3000);
    QCOMPARE(changes.size(), 2);
    QCOMPARE(model.index(0).data(LeaseListModel::UrlsRole).toStringList(), QStringList{QStringLiteral("http://127.0.0.1:4000/")});
    QCOMPARE(role(model, 0, LeaseListModel::EscrowRole), QStringLiteral("5"));
    // 5 USDC at 12 base units per second lasts 416,666 whole seconds.
    QCOMPARE(role(model, 0, LeaseListModel::TimeLeftRole), QStringLiteral("4 d 19 h"));

    // A block that does not touch the lease still moves its live values: 10.5 s bill 10 whole seconds.
    model.apply({}, t0 + 13'500);
    QCOMPARE(changes.size(), 3);
    QCOMPARE(role(model, 0, LeaseListModel::EscrowRole), QStringLiteral("4.99988"));
    QCOMPARE(role(model, 0, LeaseListModel::SpentRole), QStringLiteral("0.00012"));
    QVERIFY(!model.index(0).data(LeaseListModel::LowEscrowRole).toBool());

    // Close to the end: 2 h 13 min left and then under ten minutes, which warns.
    LeaseRow low = deployed;
    low.job.escrow = 12 * (2 * 3600 + 13 * 60 + 5);
    model.apply({low}, t0 + 3000);
    QCOMPARE(role(model, 0, LeaseListModel::TimeLeftRole), QStringLiteral("2 h 13 min"));
    QVERIFY(!model.index(0).data(LeaseListModel::LowEscrowRole).toBool());
    model.apply({}, t0 + 3000 + (2 * 3600 + 5 * 60) * 1000);
    QCOMPARE(role(model, 0, LeaseListModel::TimeLeftRole), QStringLiteral("8 min"));
    QVERIFY(model.index(0).data(LeaseListModel::LowEscrowRole).toBool());

    // The provider refused an update: the card says why while the lease runs on its old terms.
    LeaseRow refused = low;
    refused.job.update_refusal = "command workloads are disabled on this provider";
    model.apply({refused}, t0 + 3000);
    QCOMPARE(role(model, 0, LeaseListModel::UpdateRefusalRole), QStringLiteral("command workloads are disabled on this provider"));
    refused.job.state = JobState::ExitCooldown;
    model.apply({refused}, t0 + 3000);
    QCOMPARE(role(model, 0, LeaseListModel::UpdateRefusalRole), QString());

    // Closed by the user: the reason shows and the actions are gone.
    LeaseRow closed = lease(2, JobState::LeaseClosed);
    closed.job.close_reason = CloseReason::User;
    model.apply({closed}, t0 + 20'000);
    QCOMPARE(role(model, 0, LeaseListModel::CloseReasonRole), QStringLiteral("user"));
    QVERIFY(model.index(0).data(LeaseListModel::ClosedRole).toBool());
    QVERIFY(!model.index(0).data(LeaseListModel::CanCloseRole).toBool());
    QVERIFY(!model.index(0).data(LeaseListModel::CanTopUpRole).toBool());
    QCOMPARE(role(model, 0, LeaseListModel::TimeLeftRole), QString());

    model.set_action_result(QStringLiteral("2"), QStringLiteral("Rejected"), true);
    QVERIFY(model.index(0).data(LeaseListModel::ActionFailedRole).toBool());
    QCOMPARE(resets.size(), 1);
    QCOMPARE(inserts.size(), 1);
    QCOMPARE(model.rowCount(), 2);
}

void TestLeaseModel::formatsDurations()
{
    QCOMPARE(format_duration(45'999), QStringLiteral("45 s"));
    QCOMPARE(format_duration(60'000), QStringLiteral("1 min"));
    QCOMPARE(format_duration((2 * 3600 + 13 * 60 + 59) * 1000), QStringLiteral("2 h 13 min"));
    QCOMPARE(format_duration((86400 + 3 * 3600) * 1000ull), QStringLiteral("1 d 3 h"));
}

QTEST_GUILESS_MAIN(TestLeaseModel)
#include "tst_leasemodel.moc"
