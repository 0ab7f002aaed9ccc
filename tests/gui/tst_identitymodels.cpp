#include <accountlistmodel.h>
#include <historylistmodel.h>
#include <historyrow.h>
#include <offerlistmodel.h>
#include <spendseriesmodel.h>

#include <price.h>
#include <privatekey.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace berth;
using namespace berth::gui;

/**
 * The Wallet, Provider and Settings pages' models without a node, each watched by Qt's model
 * tester: the history reads events from one account's side and stays bounded and newest
 * first; the offer list merges a provider's offers with inserts, removals and in-place
 * changes only; the account list inserts new keys in name order and moves the "current" mark;
 * the chart's series keeps a flat stretch as one moving point and drops its oldest samples.
 */
class TestIdentityModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void historyReadsEventsFromOneSide();
    void historyIsBoundedAndNewestFirst();
    void offersMergeWithoutReset();
    void accountsInsertInOrder();
    void spendSeriesSamples();
};

namespace {

Address fresh_address()
{
    return Address::of(PrivateKey::generate().public_key());
}

HistoryRow row(std::uint64_t height, const QString& title)
{
    HistoryRow r;
    r.height = height;
    r.title = title;
    return r;
}

} // namespace

void TestIdentityModels::historyReadsEventsFromOneSide()
{
    const Address alice = fresh_address();
    const Address bob = fresh_address();
    Event transfer{EventName::Transferred, 0, alice, {{"to", bob.str()}, {"denom", "USDC"}, {"amount", "2500000"}}};
    const auto sent = HistoryRow::from(7, transfer, alice);
    QVERIFY(sent);
    QCOMPARE(sent->title, QStringLiteral("Sent"));
    QCOMPARE(sent->amount, QStringLiteral("\u22122.5 USDC"));
    QCOMPARE(sent->direction, QStringLiteral("out"));
    const auto received = HistoryRow::from(7, transfer, bob);
    QVERIFY(received);
    QCOMPARE(received->amount, QStringLiteral("+2.5 USDC"));
    QCOMPARE(received->direction, QStringLiteral("in"));
    QVERIFY(!HistoryRow::from(7, transfer, fresh_address()));

    // A closed lease refunds its owner and pays its provider what it spent.
    Event closed{EventName::LeaseClosed, 4, alice, {{"reason", "user"}, {"provider", bob.str()}, {"spent", "1200"}, {"refunded", "3000000"}}};
    const auto owner = HistoryRow::from(9, closed, alice);
    QVERIFY(owner);
    QCOMPARE(owner->amount, QStringLiteral("+3 USDC"));
    QCOMPARE(owner->lease_id, QStringLiteral("4"));
    const auto provider = HistoryRow::from(9, closed, bob);
    QVERIFY(provider);
    QCOMPARE(provider->title, QStringLiteral("Lease served"));
    QCOMPARE(provider->amount, QStringLiteral("+0.0012 USDC"));

    Event slashed{EventName::Slashed, 4, bob, {{"provider", bob.str()}, {"amount", "10000000000000000000"}, {"reason", "faults"}}};
    const auto slash = HistoryRow::from(10, slashed, bob);
    QVERIFY(slash);
    QCOMPARE(slash->amount, QStringLiteral("\u221210 POND"));
    // Events that move no money of the account are not history.
    QVERIFY(!HistoryRow::from(10, Event{EventName::LeaseReady, 4, alice, {{"provider", bob.str()}}}, alice));
}

void TestIdentityModels::historyIsBoundedAndNewestFirst()
{
    HistoryListModel model(3);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.load({row(5, QStringLiteral("e")), row(4, QStringLiteral("d"))});
    QCOMPARE(model.rowCount(), 2);
    model.append({row(6, QStringLiteral("f")), row(6, QStringLiteral("g"))});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0).data(HistoryListModel::TitleRole).toString(), QStringLiteral("g"));
    QCOMPARE(model.index(1).data(HistoryListModel::TitleRole).toString(), QStringLiteral("f"));
    QCOMPARE(model.index(2).data(HistoryListModel::TitleRole).toString(), QStringLiteral("e"));
    QCOMPARE(model.index(2).data(HistoryListModel::HeightRole).toString(), QStringLiteral("5"));
    QCOMPARE(resets.size(), 1);
}

void TestIdentityModels::offersMergeWithoutReset()
{
    OfferListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removals(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    model.apply({OfferRow{QStringLiteral("cpu.large"), price::from_base_units(40), 2, 0},
                 OfferRow{QStringLiteral("cpu.small"), price::from_base_units(9), 4, 1}});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1).data(OfferListModel::PricePerSecondRole).toString(), QStringLiteral("0.000009"));
    QCOMPARE(model.index(1).data(OfferListModel::PricePerHourRole).toString(), QStringLiteral("0.0324"));
    QCOMPARE(model.index(1).data(OfferListModel::FreeRole).toInt(), 3);

    // cpu.large goes, gpu.a100 arrives, cpu.small changes its price: no reset, one change.
    model.apply({OfferRow{QStringLiteral("cpu.small"), price::from_base_units(10), 4, 1},
                 OfferRow{QStringLiteral("gpu.a100"), price::from_base_units(320), 1, 0}});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0).data(OfferListModel::InstanceTypeRole).toString(), QStringLiteral("cpu.small"));
    QCOMPARE(model.index(0).data(OfferListModel::PricePerSecondRole).toString(), QStringLiteral("0.00001"));
    QCOMPARE(model.index(1).data(OfferListModel::InstanceTypeRole).toString(), QStringLiteral("gpu.a100"));
    QCOMPARE(changes.size(), 1);
    model.apply({});
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(inserts.size(), 3);
    QCOMPARE(removals.size(), 2);
}

void TestIdentityModels::accountsInsertInOrder()
{
    AccountListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.load({AccountRow{QStringLiteral("alice"), QStringLiteral("berth1a"), true},
                AccountRow{QStringLiteral("faucet"), QStringLiteral("berth1f"), true}});
    model.set_current(QStringLiteral("alice"));
    QVERIFY(model.index(0).data(AccountListModel::CurrentRole).toBool());
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    model.apply({AccountRow{QStringLiteral("alice"), QStringLiteral("berth1a"), true},
                 AccountRow{QStringLiteral("carol"), QStringLiteral("berth1c"), false},
                 AccountRow{QStringLiteral("faucet"), QStringLiteral("berth1f"), true}});
    QCOMPARE(inserts.size(), 1);
    QCOMPARE(model.index(1).data(AccountListModel::NameRole).toString(), QStringLiteral("carol"));
    QVERIFY(!model.index(1).data(AccountListModel::DemoRole).toBool());
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    model.set_current(QStringLiteral("carol"));
    QCOMPARE(changes.size(), 2);
    QVERIFY(!model.index(0).data(AccountListModel::CurrentRole).toBool());
    QVERIFY(model.index(1).data(AccountListModel::CurrentRole).toBool());
}

void TestIdentityModels::spendSeriesSamples()
{
    SpendSeriesModel model(4);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.sample(1000, 5'000'000, 0);
    model.sample(2000, 5'000'000, 0);
    QCOMPARE(model.rowCount(), 2);
    // A flat stretch moves its last point instead of adding one.
    model.sample(3000, 5'000'000, 0);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1, SpendSeriesModel::TimeColumn).data().toDouble(), 3000.0);
    model.sample(4000, 4'500'000, 500'000);
    model.sample(5000, 4'000'000, 1'000'000);
    model.sample(6000, 3'500'000, 1'500'000);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.index(0, SpendSeriesModel::TimeColumn).data().toDouble(), 3000.0);
    QCOMPARE(model.index(3, SpendSeriesModel::EscrowColumn).data().toDouble(), 3.5);
    QCOMPARE(model.index(3, SpendSeriesModel::SpentColumn).data().toDouble(), 1.5);
    QCOMPARE(model.maxValue(), 5.0);
    QCOMPARE(model.minTime().toMSecsSinceEpoch(), 3000);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestIdentityModels)
#include "tst_identitymodels.moc"
