#include <eventlistmodel.h>
#include <providerfilterproxy.h>
#include <providerlistmodel.h>

#include <price.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include <algorithm>
#include <memory>
#include <random>
#include <set>

using namespace berth;
using namespace berth::gui;

/**
 * The Marketplace's models without a node: the snapshot is the one reset, block deltas change
 * and insert rows in place, and over 100,000 synthetic providers the proxy's price order and
 * every filter match an independent computation on the 256-bit amounts. Qt's model tester
 * watches every model and proxy throughout.
 */
class TestProviderModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void snapshotThenDeltasNeverReset();
    void findsEachProviderByAddressWhateverTheOrder();
    void keepsTheSnapshotsChunksWithoutCopyingThem();
    void invalidMaxPriceFiltersNothing();
    void auditorScoreIsTheShareOfJobsServedWithoutASlash();
    void sortsAndFiltersHundredThousandProviders();
    void eventListIsBoundedAndNewestFirst();
};

namespace {

QString address_for(std::uint64_t i)
{
    return QStringLiteral("berth") + QStringLiteral("%1").arg(i, 2 * static_cast<int>(Address::size), 16, QLatin1Char('0'));
}

ProviderRow provider(std::uint64_t i, const QString& name, const QString& region, OfferRows offers)
{
    ProviderRow row;
    row.address = *Address::parse(address_for(i).toStdString());
    row.name = name;
    row.region = region;
    row.endpoint = QStringLiteral("https://127.0.0.1:%1").arg(9000 + i);
    row.offers = std::move(offers);
    row.stake = Amount(1000) * Amount("1000000000000000000");
    return row;
}

/** The proxy's rows, top to bottom, as source addresses. */
QStringList visible_addresses(const ProviderFilterProxy& proxy)
{
    QStringList out;
    out.reserve(proxy.rowCount());
    for (int r = 0; r < proxy.rowCount(); ++r) out.append(proxy.index(r, 0).data(ProviderListModel::AddressRole).toString());
    return out;
}

} // namespace

void TestProviderModel::snapshotThenDeltasNeverReset()
{
    ProviderListModel model;
    ProviderFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester model_tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester proxy_tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);

    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy proxy_resets(&proxy, &QAbstractItemModel::modelReset);

    std::vector<ProviderRow> snapshot{
        provider(1, QStringLiteral("provider1"), QStringLiteral("eu-west"), {{QStringLiteral("cpu.small"), price::from_base_units(9), 4, 0}}),
        provider(
            2, QStringLiteral("provider2"), QStringLiteral("us-east"),
            {{QStringLiteral("cpu.small"), price::from_base_units(7), 4, 0}, {QStringLiteral("gpu.a100"), price::from_base_units(320), 1, 0}}),
        provider(3, QStringLiteral("provider3"), QStringLiteral("ap-south"), {{QStringLiteral("cpu.large"), price::from_base_units(35), 2, 0}}),
    };
    model.load(snapshot);
    QCOMPARE(resets.size(), 1);
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.loaded());
    QCOMPARE(model.instanceTypes(), (QStringList{QStringLiteral("cpu.large"), QStringLiteral("cpu.small"), QStringLiteral("gpu.a100")}));
    // Default order: cheapest offer first.
    QCOMPARE(visible_addresses(proxy), (QStringList{address_for(2), address_for(1), address_for(3)}));
    const QModelIndex second = model.index(1);
    QCOMPARE(second.data(ProviderListModel::MinPricePerSecondRole).toString(), QStringLiteral("0.000007"));
    QCOMPARE(second.data(ProviderListModel::MinPricePerHourRole).toString(), QStringLiteral("0.0252"));
    QCOMPARE(second.data(ProviderListModel::StakeRole).toString(), QStringLiteral("1000"));
    QCOMPARE(second.data(ProviderListModel::FreeCapacityRole).toInt(), 5);
    QCOMPARE(second.data(ProviderListModel::MinPriceBaseUnitsRole).toString(), QStringLiteral("7"));

    resets.clear();
    proxy_resets.clear();
    QSignalSpy types_changed(&model, &ProviderListModel::instanceTypesChanged);
    QSignalSpy regions_changed(&model, &ProviderListModel::regionsChanged);

    // A block that leases provider2's only cheap unit and raises provider1's price...
    ProviderRow leased = snapshot[1];
    leased.offers[0].used = 4;
    leased.active_jobs = 1;
    leased.stake_locked = Amount("100000000000000000000");
    ProviderRow repriced = snapshot[0];
    repriced.offers[0].price_per_s = price::from_base_units(50);
    model.apply({leased, repriced});
    QCOMPARE(changes.size(), 2);
    QCOMPARE(inserts.size(), 0);
    QCOMPARE(model.index(1).data(ProviderListModel::ActiveJobsRole).toInt(), 1);
    QCOMPARE(model.index(1).data(ProviderListModel::StakeLockedRole).toString(), QStringLiteral("100"));
    QCOMPARE(visible_addresses(proxy), (QStringList{address_for(2), address_for(3), address_for(1)}));
    // provider1 is eu-west's only provider: updating it leaves the Marketplace's choices as they were.
    QCOMPARE(types_changed.size(), 0);
    QCOMPARE(regions_changed.size(), 0);

    // ...and a block where a new provider registers.
    changes.clear();
    model.apply({provider(4, QStringLiteral("newcomer"), QStringLiteral("eu-central"),
                          {{QStringLiteral("mem.large"), price::from_base_units(5), 2, 0}})});
    QCOMPARE(inserts.size(), 1);
    QCOMPARE(changes.size(), 0);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.instanceTypes().size(), 4);
    QCOMPARE(model.regions().size(), 4);
    QCOMPARE(types_changed.size(), 1);
    QCOMPARE(regions_changed.size(), 1);
    QCOMPARE(visible_addresses(proxy).first(), address_for(4));

    QCOMPARE(resets.size(), 0);
    QCOMPARE(proxy_resets.size(), 0);
    QCOMPARE(model.get(address_for(4)).value(QStringLiteral("name")).toString(), QStringLiteral("newcomer"));
}

void TestProviderModel::findsEachProviderByAddressWhateverTheOrder()
{
    ProviderListModel model;
    QAbstractItemModelTester model_tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    const OfferRows offers{{QStringLiteral("cpu.small"), price::from_base_units(9), 4, 0}};
    // A snapshot out of address order, then newcomers that sort first, between and last.
    model.load({provider(50, QStringLiteral("p50"), QStringLiteral("eu-west"), offers),
                provider(10, QStringLiteral("p10"), QStringLiteral("eu-west"), offers),
                provider(30, QStringLiteral("p30"), QStringLiteral("eu-west"), offers)});
    model.apply({provider(40, QStringLiteral("p40"), QStringLiteral("eu-west"), offers)});
    model.apply({provider(5, QStringLiteral("p5"), QStringLiteral("eu-west"), offers),
                 provider(60, QStringLiteral("p60"), QStringLiteral("eu-west"), offers),
                 provider(20, QStringLiteral("p20"), QStringLiteral("eu-west"), offers)});
    QCOMPARE(inserts.size(), 4);
    QCOMPARE(model.rowCount(), 7);
    for (const int i : {5, 10, 20, 30, 40, 50, 60}) {
        const int row = model.row_of(address_for(static_cast<std::uint64_t>(i)));
        QVERIFY2(row >= 0, qPrintable(address_for(static_cast<std::uint64_t>(i))));
        QCOMPARE(model.index(row).data(ProviderListModel::NameRole).toString(), QStringLiteral("p%1").arg(i));
    }
    QCOMPARE(model.row_of(address_for(25)), -1);
    QCOMPARE(model.row_of(address_for(70)), -1);
    QCOMPARE(model.row_of(QStringLiteral("not an address")), -1);

    // A newcomer's next change lands on its row, not a new one.
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    ProviderRow renamed = provider(20, QStringLiteral("p20 renamed"), QStringLiteral("eu-west"), offers);
    model.apply({renamed});
    QCOMPARE(inserts.size(), 4);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(model.get(address_for(20)).value(QStringLiteral("name")).toString(), QStringLiteral("p20 renamed"));
}

void TestProviderModel::auditorScoreIsTheShareOfJobsServedWithoutASlash()
{
    ProviderListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    ProviderRow fresh = provider(1, QStringLiteral("fresh"), QStringLiteral("eu-west"), {});
    ProviderRow clean = provider(2, QStringLiteral("clean"), QStringLiteral("eu-west"), {});
    clean.jobs_served = 3;
    ProviderRow slashed = provider(3, QStringLiteral("slashed"), QStringLiteral("eu-west"), {});
    slashed.jobs_served = 4;
    slashed.slashes = 1;
    model.load({fresh, clean, slashed});
    QCOMPARE(model.index(0).data(ProviderListModel::AuditorScoreRole).toString(), QStringLiteral("—"));
    QCOMPARE(model.index(1).data(ProviderListModel::AuditorScoreRole).toString(), QStringLiteral("100%"));
    QCOMPARE(model.index(2).data(ProviderListModel::AuditorScoreRole).toString(), QStringLiteral("75%"));

    // A second slash arrives as a delta: the row changes in place.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    slashed.slashes = 2;
    model.apply({slashed});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.index(2).data(ProviderListModel::AuditorScoreRole).toString(), QStringLiteral("50%"));
    QCOMPARE(model.get(slashed.address_text()).value(QStringLiteral("jobsServed")).toInt(), 4);
}

void TestProviderModel::keepsTheSnapshotsChunksWithoutCopyingThem()
{
    ProviderListModel model;
    QAbstractItemModelTester model_tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const OfferRows offers{{QStringLiteral("cpu.small"), price::from_base_units(9), 4, 0}};
    // Chunks of different sizes, as a node with another chunk size or a short last chunk sends them.
    std::vector<QList<ProviderRow>> chunks(3);
    for (std::uint64_t i = 0; i < 6; ++i)
        chunks[i < 2 ? 0 : i < 5 ? 1 : 2].push_back(provider(i + 1, QStringLiteral("p%1").arg(i + 1), QStringLiteral("eu-west"), offers));
    model.begin_load();
    for (std::size_t c = 0; c < chunks.size(); ++c) model.append_loaded(chunks[c], c + 1 == chunks.size());
    QCOMPARE(model.rowCount(), 6);
    for (int r = 0; r < 6; ++r) {
        QCOMPARE(model.provider(r).name, QStringLiteral("p%1").arg(r + 1));
        QCOMPARE(model.row_of(address_for(static_cast<std::uint64_t>(r + 1))), r);
    }
    // The model holds the chunks' own lists: the same rows, not copies of them.
    QCOMPARE(&model.provider(2), &chunks[1].at(0));
    QCOMPARE(&model.provider(5), &chunks[2].at(0));

    // A change to a row of a chunk still shared with its sender copies that chunk, not the sender's.
    ProviderRow changed = chunks[1].at(1);
    changed.name = QStringLiteral("renamed");
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    model.apply({changed, provider(7, QStringLiteral("p7"), QStringLiteral("us-east"), offers)});
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.front().front().toModelIndex().row(), 3);
    QCOMPARE(model.provider(3).name, QStringLiteral("renamed"));
    QCOMPARE(chunks[1].at(1).name, QStringLiteral("p4"));
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(model.provider(6).name, QStringLiteral("p7"));
    QCOMPARE(model.row_of(address_for(7)), 6);
    QCOMPARE(model.provider(5).name, QStringLiteral("p6"));
}

void TestProviderModel::invalidMaxPriceFiltersNothing()
{
    ProviderListModel model;
    ProviderFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester proxy_tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.load({provider(1, QStringLiteral("a"), QStringLiteral("eu-west"), {{QStringLiteral("cpu.small"), price::from_base_units(9), 4, 0}}),
                provider(2, QStringLiteral("b"), QStringLiteral("eu-west"), {{QStringLiteral("cpu.small"), price::from_base_units(12), 4, 0}})});

    proxy.setMaxPrice(QStringLiteral("0.00001"));
    QVERIFY(proxy.priceError().isEmpty());
    QCOMPARE(proxy.count(), 1);

    for (const QString& bad : {QStringLiteral("abc"), QStringLiteral("-1"), QStringLiteral("0.0000000000000000001"), QStringLiteral("1.2.3")}) {
        proxy.setMaxPrice(bad);
        QVERIFY2(!proxy.priceError().isEmpty(), qPrintable(bad));
        QCOMPARE(proxy.count(), 2);
    }
    proxy.setMaxPrice(QString());
    QVERIFY(proxy.priceError().isEmpty());
    QCOMPARE(proxy.count(), 2);
}

void TestProviderModel::sortsAndFiltersHundredThousandProviders()
{
    constexpr int n = 100'000;
    const QStringList types{QStringLiteral("cpu.small"), QStringLiteral("cpu.large"), QStringLiteral("gpu.a100"), QStringLiteral("mem.large")};
    const QStringList regions{QStringLiteral("eu-west"), QStringLiteral("us-east"), QStringLiteral("ap-south"), QStringLiteral("eu-central"),
                              QStringLiteral("us-west")};
    std::mt19937_64 random(42);
    // Prices span far beyond 64 bits and differ in digit count, so neither a 64-bit number nor a
    // string comparison would order them correctly.
    const Amount scale("1000000000000000000000000000000");
    std::vector<ProviderRow> rows;
    rows.reserve(n);
    for (int i = 0; i < n; ++i) {
        OfferRows offers;
        const std::size_t offer_count = 1 + random() % 2;
        for (std::size_t k = 0; k < offer_count; ++k) {
            const QString type = types[static_cast<qsizetype>((static_cast<std::size_t>(i) + k) % 4)];
            const Amount price = Amount(1 + random() % 1'000'000) * price::scale() * (random() % 2 ? scale : Amount(1));
            offers.push_back({type, price, static_cast<std::uint32_t>(random() % 8), 0});
        }
        rows.push_back(provider(static_cast<std::uint64_t>(i), QStringLiteral("node-%1").arg(random() % 50'000),
                                regions[static_cast<qsizetype>(random() % 5)], std::move(offers)));
    }

    ProviderListModel model;
    ProviderFilterProxy proxy;
    QAbstractItemModelTester model_tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    proxy.setSourceModel(&model);
    auto proxy_tester = std::make_unique<QAbstractItemModelTester>(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.load(rows);
    QCOMPARE(proxy.count(), n);

    // The expected order, computed from the rows alone: price ascending, then address.
    auto expected_by_price = [&](const std::vector<const ProviderRow*>& subset, const QString& type) {
        std::vector<std::pair<Amount, QString>> keyed;
        for (const ProviderRow* row : subset)
            keyed.emplace_back(type.isEmpty() ? *row->cheapest_price() : *row->price_of(type), row->address_text());
        std::sort(keyed.begin(), keyed.end());
        QStringList out;
        for (const auto& [price, address] : keyed) out.append(address);
        return out;
    };
    std::vector<const ProviderRow*> all;
    for (const ProviderRow& row : rows) all.push_back(&row);

    proxy.setSortKey(ProviderFilterProxy::SortByPrice);
    QCOMPARE(visible_addresses(proxy), expected_by_price(all, {}));

    proxy.setDescending(true);
    QStringList reversed = expected_by_price(all, {});
    std::reverse(reversed.begin(), reversed.end());
    QCOMPARE(visible_addresses(proxy), reversed);
    proxy.setDescending(false);

    // Filtering 100,000 rows removes thousands of separate ranges, and the tester re-walks every
    // row on each one; so from here it checks the proxy's state after each step instead.
    proxy_tester.reset();
    auto check_proxy = [&proxy] { QAbstractItemModelTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal); };

    // Instance type, region, maximum price and search together; the price is the chosen type's.
    const QString type = QStringLiteral("gpu.a100");
    const QString region = QStringLiteral("us-east");
    const Amount max_price = price::parse_usdc_per_s("0.5");
    const QString needle = QStringLiteral("node-12");
    auto matches = [&](const ProviderRow& row, bool by_type, bool by_region, bool by_price, bool by_search) {
        if (by_type && !row.price_of(type)) return false;
        if (by_region && row.region != region) return false;
        if (by_price && *(by_type ? row.price_of(type) : row.cheapest_price()) > max_price) return false;
        if (by_search && !row.name.contains(needle) && !row.region.contains(needle) && !row.address_text().contains(needle)) return false;
        return true;
    };
    auto expect = [&](bool by_type, bool by_region, bool by_price, bool by_search) {
        std::vector<const ProviderRow*> subset;
        for (const ProviderRow& row : rows)
            if (matches(row, by_type, by_region, by_price, by_search)) subset.push_back(&row);
        return expected_by_price(subset, by_type ? type : QString());
    };

    proxy.setInstanceType(type);
    check_proxy();
    QCOMPARE(visible_addresses(proxy), expect(true, false, false, false));
    proxy.setRegion(region);
    QCOMPARE(visible_addresses(proxy), expect(true, true, false, false));
    proxy.setMaxPrice(QStringLiteral("0.5"));
    QVERIFY(proxy.priceError().isEmpty());
    QCOMPARE(visible_addresses(proxy), expect(true, true, true, false));
    proxy.setInstanceType(QString());
    check_proxy();
    QCOMPARE(visible_addresses(proxy), expect(false, true, true, false));
    proxy.setSearch(needle);
    const QStringList searched = expect(false, true, true, true);
    QVERIFY(!searched.isEmpty());
    check_proxy();
    QCOMPARE(visible_addresses(proxy), searched);

    // Search also matches addresses, case-insensitively.
    proxy.clearFilters();
    proxy.setSearch(address_for(77'777).toUpper());
    QCOMPARE(visible_addresses(proxy), QStringList{address_for(77'777)});

    // Other sort keys, with the address as the tie-breaker.
    proxy.clearFilters();
    proxy.setSortKey(ProviderFilterProxy::SortByName);
    std::vector<const ProviderRow*> by_name = all;
    std::sort(by_name.begin(), by_name.end(), [](const ProviderRow* a, const ProviderRow* b) {
        const int c = a->name.compare(b->name, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : a->address < b->address;
    });
    QStringList expected_names;
    for (const ProviderRow* row : by_name) expected_names.append(row->address_text());
    QCOMPARE(visible_addresses(proxy), expected_names);

    proxy.setSortKey(ProviderFilterProxy::SortByFreeCapacity);
    std::vector<const ProviderRow*> by_free = all;
    std::sort(by_free.begin(), by_free.end(), [](const ProviderRow* a, const ProviderRow* b) {
        return a->free_capacity() != b->free_capacity() ? a->free_capacity() < b->free_capacity() : a->address < b->address;
    });
    QCOMPARE(visible_addresses(proxy).first(), by_free.front()->address_text());
    QCOMPARE(visible_addresses(proxy).last(), by_free.back()->address_text());
}

void TestProviderModel::eventListIsBoundedAndNewestFirst()
{
    EventListModel events(5);
    QAbstractItemModelTester tester(&events, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy resets(&events, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&events, &QAbstractItemModel::rowsRemoved);
    auto block = [](std::uint64_t height, int n) {
        std::vector<EventRow> rows;
        for (int i = 0; i < n; ++i) rows.push_back(EventRow{height, QStringLiteral("E%1").arg(i), {}, {}, {}});
        return rows;
    };
    events.append(block(1, 3));
    QCOMPARE(events.rowCount(), 3);
    QCOMPARE(events.index(0).data(EventListModel::NameRole).toString(), QStringLiteral("E2"));
    events.append(block(2, 4));
    QCOMPARE(events.rowCount(), 5);
    QCOMPARE(events.index(0).data(EventListModel::HeightRole).toString(), QStringLiteral("2"));
    QCOMPARE(events.index(0).data(EventListModel::NameRole).toString(), QStringLiteral("E3"));
    QCOMPARE(events.index(4).data(EventListModel::HeightRole).toString(), QStringLiteral("1"));
    QCOMPARE(removed.size(), 1);
    events.append(block(3, 9));
    QCOMPARE(events.rowCount(), 5);
    QCOMPARE(events.index(4).data(EventListModel::NameRole).toString(), QStringLiteral("E4"));
    QCOMPARE(resets.size(), 0);
}

QTEST_GUILESS_MAIN(TestProviderModel)
#include "tst_providermodel.moc"
