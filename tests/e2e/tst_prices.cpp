#include "devnetsession.h"
#include "e2etestsupport.h"

#include <amount.h>
#include <price.h>

#include <testcase.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

#include <memory>

using berth::Amount;
using berth::test::DevnetSession;
using berth::test::text;

namespace {

Amount units(const QJsonValue& value)
{
    return berth::parse_base_units(value.toString().toStdString());
}

/** 0.0123 USDC per hour as the chain keeps it: floor(0.0123 × 10^18 / 3600) = 3416666666666. */
const QString rate_per_s = QStringLiteral("3.416666666666");
const QString rate_per_hour = QStringLiteral("0.0123");

} // namespace

/**
 * Prices finer than a base unit per second, end to end with real processes: a fresh provider
 * account set up as the README's "become a provider" steps offers 0.0123 USDC per hour with
 * `--price-per-hour`, and its hand-typed bid wins an order placed with `--max-price-per-hour`,
 * on an instance type the demo providers do not offer; berth-cli and the RPC show the price as
 * 3.416666666666 base units per second and 0.0123 USDC per hour. A demo provider whose agent
 * deploys offers the same price on another such instance type, its lease is deployed, serves
 * its page and is closed, and the settlement at close is exact: spent = floor(rate × billed
 * whole seconds / 10^12) from the block times, and deposit = spent + refund to the base unit,
 * in `lease show`, in the events and in the balances.
 */
class TestPrices : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void freshProviderWinsAtAPerHourPrice();
    void deployedLeaseSettlesExactly();

private:
    using Result = DevnetSession::Result;

    /** `order create` of `instance_type` from `from` with --max-price-per-hour; the order id or "". */
    QString order(const QString& from, const QString& instance_type, const QString& max_per_hour, const QString& deposit);

    std::unique_ptr<DevnetSession> m_devnet;
};

void TestPrices::init()
{
    m_devnet = std::make_unique<DevnetSession>(500);
}

void TestPrices::cleanup()
{
    if (!m_devnet || !m_devnet->has_node()) {
        m_devnet.reset();
        return;
    }
    const int code = m_devnet->terminate();
    if (QTest::currentTestFailed()) qWarning().noquote() << "berthd output (last part):\n" << m_devnet->log().right(8000);
    m_devnet.reset();
    QCOMPARE(code, 0);
}

QString TestPrices::order(const QString& from, const QString& instance_type, const QString& max_per_hour, const QString& deposit)
{
    const Result r = m_devnet->cli(from, {QStringLiteral("order"), QStringLiteral("create"), QStringLiteral("--instance-type"), instance_type,
                                          QStringLiteral("--max-price-per-hour"), max_per_hour, QStringLiteral("--manifest"),
                                          DevnetSession::manifest(), QStringLiteral("--deposit"), deposit});
    if (r.exit_code != 0) qWarning().noquote() << "order create failed:" << r.stderr_text;
    return r.json[QStringLiteral("order_id")].toString();
}

void TestPrices::freshProviderWinsAtAPerHourPrice()
{
    // Up to 40 lookup windows of 2 blocks (about 40 s) leave time for hand-typed bids.
    QVERIFY(m_devnet->start({QStringLiteral("min_escrow_seconds=5"), QStringLiteral("max_lookup_windows=40")}));
    // A new key is never encrypted with the devnet's public passphrase: carol brings her own.
    const QString passphrase = QStringLiteral("carol's own passphrase");
    const auto carol = [&](const QStringList& args) { return m_devnet->cli(QStringLiteral("carol"), args, passphrase); };
    QCOMPARE(m_devnet->cli({}, {QStringLiteral("keys"), QStringLiteral("add"), QStringLiteral("carol")}, passphrase).exit_code, 0);
    QCOMPARE(m_devnet
                 ->cli({}, {QStringLiteral("faucet"), QStringLiteral("carol"), QStringLiteral("--usdc"), QStringLiteral("100"),
                            QStringLiteral("--pond"), QStringLiteral("1000")})
                 .exit_code,
             0);
    QCOMPARE(carol({QStringLiteral("provider"), QStringLiteral("stake"), QStringLiteral("100")}).exit_code, 0);
    QCOMPARE(
        carol({QStringLiteral("provider"), QStringLiteral("register"), QStringLiteral("--name"), QStringLiteral("carol"),
               QStringLiteral("--region"), QStringLiteral("eu-north"), QStringLiteral("--endpoint"), QStringLiteral("https://127.0.0.1:9443")})
            .exit_code,
        0);
    const Result offered =
        carol({QStringLiteral("provider"), QStringLiteral("offer"), QStringLiteral("--instance-type"), QStringLiteral("cpu.tiny"),
               QStringLiteral("--price-per-hour"), rate_per_hour, QStringLiteral("--capacity"), QStringLiteral("2")});
    QCOMPARE(offered.exit_code, 0);
    QCOMPARE(offered.json[QStringLiteral("price_per_s")].toString(), rate_per_s);
    QCOMPARE(offered.json[QStringLiteral("price_per_hour")].toString(), rate_per_hour);

    // The RPC's provider JSON shows the offer in both forms.
    const QString address = m_devnet->account(QStringLiteral("carol"))[QStringLiteral("address")].toString();
    QJsonObject offer;
    for (const QJsonValue& o : m_devnet->provider(address)[QStringLiteral("offers")].toArray())
        if (o[QStringLiteral("instance_type")].toString() == QStringLiteral("cpu.tiny")) offer = o.toObject();
    QCOMPARE(offer[QStringLiteral("price_per_s")].toString(), rate_per_s);
    QCOMPARE(offer[QStringLiteral("price_per_hour")].toString(), rate_per_hour);

    // bob's order at most 0.0123 USDC/h: its minimum escrow is ceil(5 × 3.416666666666) = 18 base units.
    const QString id = order(QStringLiteral("bob"), QStringLiteral("cpu.tiny"), rate_per_hour, QStringLiteral("1"));
    QVERIFY(!id.isEmpty());
    QCOMPARE(m_devnet->lease(id)[QStringLiteral("max_price_per_s")].toString(), rate_per_s);
    QCOMPARE(m_devnet->lease(id)[QStringLiteral("max_price_per_hour")].toString(), rate_per_hour);
    // One rate above the max is refused by the ledger: prices compare as rates.
    const Result above =
        carol({QStringLiteral("bid"), QStringLiteral("create"), id, QStringLiteral("--price-per-s"), QStringLiteral("3.416666666667")});
    QVERIFY(above.exit_code != 0);
    QVERIFY2(above.stderr_text.contains(QStringLiteral("price_above_max")), qPrintable(above.stderr_text));
    const Result bid = carol({QStringLiteral("bid"), QStringLiteral("create"), id, QStringLiteral("--price-per-hour"), rate_per_hour});
    QCOMPARE(bid.exit_code, 0);
    QCOMPARE(bid.json[QStringLiteral("price_per_s")].toString(), rate_per_s);

    const QJsonObject created = m_devnet->wait_for_event(id, QStringLiteral("CREATE_LEASE"));
    QVERIFY(!created.isEmpty());
    QCOMPARE(created[QStringLiteral("data")][QStringLiteral("provider")].toString(), address);
    QCOMPARE(created[QStringLiteral("data")][QStringLiteral("price_per_s")].toString(), rate_per_s);
    const Result shown = m_devnet->cli({}, {QStringLiteral("lease"), QStringLiteral("show"), id});
    QCOMPARE(shown.exit_code, 0);
    QCOMPARE(shown.json[QStringLiteral("price_per_s")].toString(), rate_per_s);
    QCOMPARE(shown.json[QStringLiteral("price_per_hour")].toString(), rate_per_hour);
    QCOMPARE(shown.json[QStringLiteral("provider")].toString(), address);
}

void TestPrices::deployedLeaseSettlesExactly()
{
    QVERIFY(m_devnet->start({QStringLiteral("job_startup_s=3"), QStringLiteral("min_escrow_seconds=5")}));
    QCOMPARE(m_devnet->cli(QStringLiteral("alice"), {QStringLiteral("cert"), QStringLiteral("create")}).exit_code, 0);
    // provider1's agent deploys; it alone offers cpu.micro, at 0.0123 USDC per hour.
    const Result offered =
        m_devnet->cli(QStringLiteral("provider1"),
                      {QStringLiteral("provider"), QStringLiteral("offer"), QStringLiteral("--instance-type"), QStringLiteral("cpu.micro"),
                       QStringLiteral("--price-per-hour"), rate_per_hour, QStringLiteral("--capacity"), QStringLiteral("1")});
    QCOMPARE(offered.exit_code, 0);
    const QString provider1 = m_devnet->account(QStringLiteral("provider1"))[QStringLiteral("address")].toString();
    const Amount alice_before = units(m_devnet->account(QStringLiteral("alice"))[QStringLiteral("usdc")]);
    const Amount earnings_before = units(m_devnet->account(QStringLiteral("provider1"))[QStringLiteral("earnings")]);
    const Amount deposit = 2'000'000; // 2 USDC

    const QString id = order(QStringLiteral("alice"), QStringLiteral("cpu.micro"), QStringLiteral("0.02"), QStringLiteral("2"));
    QVERIFY(!id.isEmpty());
    const QJsonObject created = m_devnet->wait_for_event(id, QStringLiteral("CREATE_LEASE"));
    QVERIFY(!created.isEmpty());
    QCOMPARE(created[QStringLiteral("data")][QStringLiteral("provider")].toString(), provider1);
    QCOMPARE(created[QStringLiteral("data")][QStringLiteral("price_per_s")].toString(), rate_per_s);
    QVERIFY(!m_devnet->wait_for_event(id, QStringLiteral("LEASE_READY")).isEmpty());
    const Result upload = m_devnet->cli(
        QStringLiteral("alice"), {QStringLiteral("lease"), QStringLiteral("manifest"), id, QStringLiteral("--file"), DevnetSession::manifest()});
    QCOMPARE(upload.exit_code, 0);
    const QJsonObject confirmed = m_devnet->wait_for_event(id, QStringLiteral("DEPLOYMENT_CONFIRMED"));
    QVERIFY(!confirmed.isEmpty());
    const QJsonObject running = m_devnet->lease(id);
    QCOMPARE(running[QStringLiteral("price_per_s")].toString(), rate_per_s);
    QCOMPARE(running[QStringLiteral("price_per_hour")].toString(), rate_per_hour);
    const QJsonArray urls = running[QStringLiteral("access")][QStringLiteral("urls")].toArray();
    QCOMPARE(urls.size(), 1);
    const DevnetSession::HttpAnswer answer = m_devnet->http_get(QUrl(urls[0].toString()));
    QCOMPARE(answer.status, 200);
    QVERIFY(answer.body.contains(QStringLiteral("Hello from Berth")));

    // Let it run for several seconds (long enough that rounding each second would lose base units), then close.
    QTest::qWait(7000);
    const Result closed = m_devnet->cli(QStringLiteral("alice"), {QStringLiteral("lease"), QStringLiteral("close"), id});
    QCOMPARE(closed.exit_code, 0);
    const QJsonObject close_event = m_devnet->wait_for_event(id, QStringLiteral("CLOSE_LEASE"));
    QVERIFY(!close_event.isEmpty());
    const QJsonObject lease_closed = m_devnet->wait_for_event(id, QStringLiteral("LEASE_CLOSED"));
    QVERIFY(!lease_closed.isEmpty());

    // Billed: the whole seconds from the DEPLOYMENT_CONFIRMED block to the CLOSE_LEASE block.
    const quint64 billed_ms = m_devnet->block_time(close_event) - m_devnet->block_time(confirmed);
    const std::uint64_t seconds = billed_ms / 1000;
    QVERIFY2(seconds >= 7, qPrintable(QString::number(billed_ms)));
    const Amount rate = berth::price::parse_per_s(rate_per_s.toStdString());
    const Amount expected = rate * seconds / Amount("1000000000000");
    // Rounding each second on its own would have charged 3 per second.
    QVERIFY(expected > Amount(3 * seconds));

    const Result shown = m_devnet->cli({}, {QStringLiteral("lease"), QStringLiteral("show"), id});
    QCOMPARE(shown.exit_code, 0);
    QCOMPARE(shown.json[QStringLiteral("state")].toString(), QStringLiteral("LEASE_CLOSED"));
    QCOMPARE(shown.json[QStringLiteral("spent")].toString(), text(expected));
    QCOMPARE(shown.json[QStringLiteral("escrow")].toString(), QStringLiteral("0"));
    QCOMPARE(lease_closed[QStringLiteral("data")][QStringLiteral("spent")].toString(), text(expected));
    const Amount refunded = units(close_event[QStringLiteral("data")][QStringLiteral("refunded")]);
    QCOMPARE(text(expected + refunded), text(deposit));
    QCOMPARE(text(alice_before - units(m_devnet->account(QStringLiteral("alice"))[QStringLiteral("usdc")])), text(expected));
    QCOMPARE(text(units(m_devnet->account(QStringLiteral("provider1"))[QStringLiteral("earnings")]) - earnings_before), text(expected));
}

BERTH_QTEST_GUILESS(TestPrices)
#include "tst_prices.moc"
