#include "devnetsession.h"

#include <testcase.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

#include <memory>

using berth::test::DevnetSession;

namespace {

// How long a lease's event may take to appear.
constexpr int event_timeout_ms = 20000;

} // namespace

/**
 * The devnet as a new user drives it: a real berthd with its demo providers' agents, and
 * berth-cli --json for every action. An order for an instance type several providers offer
 * gets their CREATE_BID events, the lowest eligible bid wins, and the lease reaches
 * LEASE_READY within bid_window_blocks + 2 blocks; a provider with too little unlocked
 * stake cannot take the order with a lower price.
 */
class TestDevnet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void lowestEligibleBidWinsAndLeaseGetsReady();
    void providerWithTooLittleStakeCannotWin();
    void theNodeAsksForHugePages();

private:
    using Result = DevnetSession::Result;
    QString order(const QString& from, const QString& max_price);

    std::unique_ptr<DevnetSession> m_devnet;
};

void TestDevnet::initTestCase()
{
    m_devnet = std::make_unique<DevnetSession>(1000);
    QVERIFY(m_devnet->is_valid());
    QVERIFY2(m_devnet->start(), qPrintable(m_devnet->log()));
}

void TestDevnet::cleanupTestCase()
{
    if (m_devnet && m_devnet->has_node()) QCOMPARE(m_devnet->terminate(), 0);
}

QString TestDevnet::order(const QString& from, const QString& max_price)
{
    const Result r =
        m_devnet->cli(from, {QStringLiteral("order"), QStringLiteral("create"), QStringLiteral("--instance-type"), QStringLiteral("cpu.small"),
                             QStringLiteral("--replicas"), QStringLiteral("1"), QStringLiteral("--max-price-per-s"), max_price,
                             QStringLiteral("--manifest"), DevnetSession::manifest(), QStringLiteral("--deposit"), QStringLiteral("5")});
    if (r.exit_code != 0) qWarning().noquote() << "order create failed:" << r.stderr_text;
    return r.json.object().value(QStringLiteral("order_id")).toString();
}

void TestDevnet::lowestEligibleBidWinsAndLeaseGetsReady()
{
    const Result status = m_devnet->cli({}, {QStringLiteral("status")});
    QCOMPARE(status.exit_code, 0);
    QCOMPARE(status.json[QStringLiteral("chain_id")].toString(), QStringLiteral("berth-devnet"));

    // The lowest cpu.small offer among the demo providers decides who should win.
    const Result providers = m_devnet->cli({}, {QStringLiteral("providers")});
    QCOMPARE(providers.exit_code, 0);
    QString cheapest;
    qulonglong cheapest_price = ~0ULL;
    int offering = 0;
    for (const QJsonValue& p : providers.json.array())
        for (const QJsonValue& o : p[QStringLiteral("offers")].toArray())
            if (o[QStringLiteral("instance_type")].toString() == QLatin1String("cpu.small")) {
                ++offering;
                const qulonglong price = o[QStringLiteral("price_per_s")].toString().toULongLong();
                if (price < cheapest_price) {
                    cheapest_price = price;
                    cheapest = p[QStringLiteral("address")].toString();
                }
            }
    QVERIFY(offering >= 3);

    const QString id = order(QStringLiteral("alice"), QStringLiteral("50"));
    QVERIFY(!id.isEmpty());
    const QJsonObject ready = m_devnet->wait_for_event(id, QStringLiteral("LEASE_READY"), 1, event_timeout_ms);
    QVERIFY2(!ready.isEmpty(), "the lease never reached LEASE_READY");

    const QJsonArray events = m_devnet->events(id);
    int bids = 0;
    qulonglong lookup_height = 0;
    QJsonObject created;
    for (const QJsonValue& e : events) {
        const QString name = e[QStringLiteral("name")].toString();
        if (name == QLatin1String("PROVIDER_LOOKUP") && lookup_height == 0) lookup_height = e[QStringLiteral("height")].toString().toULongLong();
        if (name == QLatin1String("CREATE_BID")) ++bids;
        if (name == QLatin1String("CREATE_LEASE")) created = e.toObject();
    }
    QCOMPARE(bids, offering);
    QCOMPARE(created[QStringLiteral("data")][QStringLiteral("provider")].toString(), cheapest);
    QCOMPARE(created[QStringLiteral("data")][QStringLiteral("price_per_s")].toString(), QString::number(cheapest_price));
    const qulonglong ready_height = ready[QStringLiteral("height")].toString().toULongLong();
    QVERIFY2(ready_height - lookup_height <= 2 + 2,
             qPrintable(QStringLiteral("LEASE_READY at %1, order at %2").arg(ready_height).arg(lookup_height)));

    const Result lease = m_devnet->cli(QStringLiteral("alice"), {QStringLiteral("lease"), QStringLiteral("show"), id});
    QCOMPARE(lease.exit_code, 0);
    QCOMPARE(lease.json[QStringLiteral("state")].toString(), QStringLiteral("LEASE_READY"));
    QCOMPARE(lease.json[QStringLiteral("provider")].toString(), cheapest);
    QCOMPARE(lease.json[QStringLiteral("order_id")].toString(), id);

    // Closing it: the provider's agent acknowledges and the lease ends.
    QCOMPARE(m_devnet->cli(QStringLiteral("alice"), {QStringLiteral("lease"), QStringLiteral("close"), id}).exit_code, 0);
    QVERIFY(!m_devnet->wait_for_event(id, QStringLiteral("LEASE_CLOSED"), 1, event_timeout_ms).isEmpty());
}

void TestDevnet::providerWithTooLittleStakeCannotWin()
{
    // A new key has a passphrase of its own; the devnet's public one is only for its demo accounts.
    const QString passphrase = QStringLiteral("carol's own passphrase");
    QCOMPARE(m_devnet->cli({}, {QStringLiteral("keys"), QStringLiteral("add"), QStringLiteral("carol")}, passphrase).exit_code, 0);
    QCOMPARE(m_devnet
                 ->cli({}, {QStringLiteral("faucet"), QStringLiteral("carol"), QStringLiteral("--usdc"), QStringLiteral("10"),
                            QStringLiteral("--pond"), QStringLiteral("1000")})
                 .exit_code,
             0);
    QCOMPARE(m_devnet->cli(QStringLiteral("carol"), {QStringLiteral("provider"), QStringLiteral("stake"), QStringLiteral("100")}, passphrase)
                 .exit_code,
             0);
    QCOMPARE(m_devnet
                 ->cli(QStringLiteral("carol"),
                       {QStringLiteral("provider"), QStringLiteral("register"), QStringLiteral("--name"), QStringLiteral("carol"),
                        QStringLiteral("--region"), QStringLiteral("eu-north"), QStringLiteral("--endpoint"),
                        QStringLiteral("https://127.0.0.1:9443")},
                       passphrase)
                 .exit_code,
             0);
    QCOMPARE(m_devnet
                 ->cli(QStringLiteral("carol"),
                       {QStringLiteral("provider"), QStringLiteral("offer"), QStringLiteral("--instance-type"), QStringLiteral("cpu.small"),
                        QStringLiteral("--price-per-s"), QStringLiteral("1"), QStringLiteral("--capacity"), QStringLiteral("4")},
                       passphrase)
                 .exit_code,
             0);
    // Below stake_per_job (100 POND) once half is withdrawn.
    QCOMPARE(m_devnet->cli(QStringLiteral("carol"), {QStringLiteral("provider"), QStringLiteral("unstake"), QStringLiteral("50")}, passphrase)
                 .exit_code,
             0);

    const QString id = order(QStringLiteral("bob"), QStringLiteral("50"));
    QVERIFY(!id.isEmpty());
    const Result bid =
        m_devnet->cli(QStringLiteral("carol"),
                      {QStringLiteral("bid"), QStringLiteral("create"), id, QStringLiteral("--price-per-s"), QStringLiteral("1")}, passphrase);
    QVERIFY(bid.exit_code != 0);
    const QJsonObject error = QJsonDocument::fromJson(bid.stderr_text.toUtf8()).object().value(QStringLiteral("error")).toObject();
    QCOMPARE(error[QStringLiteral("code")].toString(), QStringLiteral("insufficient_stake"));

    const QJsonObject created = m_devnet->wait_for_event(id, QStringLiteral("CREATE_LEASE"), 1, event_timeout_ms);
    QVERIFY(!created.isEmpty());
    const Result carol = m_devnet->cli({}, {QStringLiteral("account"), QStringLiteral("show"), QStringLiteral("carol")});
    QVERIFY(!carol.json[QStringLiteral("address")].toString().isEmpty());
    QVERIFY(created[QStringLiteral("data")][QStringLiteral("provider")].toString() != carol.json[QStringLiteral("address")].toString());
    QVERIFY(created[QStringLiteral("data")][QStringLiteral("price_per_s")].toString().toULongLong() > 1);
}

void TestDevnet::theNodeAsksForHugePages()
{
    // berthd re-executes itself with glibc's tunable (HugePageHeap); the kernel keeps the
    // environment it was executed with.
    QFile environment(QStringLiteral("/proc/%1/environ").arg(m_devnet->node().pid()));
    QVERIFY(environment.open(QIODevice::ReadOnly));
    QByteArray tunables;
    for (const QByteArray& entry : environment.readAll().split('\0'))
        if (entry.startsWith("GLIBC_TUNABLES=")) tunables = entry.mid(15);
    QFile mode(QStringLiteral("/sys/kernel/mm/transparent_hugepage/enabled"));
    const bool kernel_has_huge_pages = mode.open(QIODevice::ReadOnly) && !mode.readAll().contains("[never]");
    QCOMPARE(tunables.contains("glibc.malloc.hugetlb=1"), kernel_has_huge_pages);
}

BERTH_QTEST_GUILESS(TestDevnet)
#include "tst_devnet.moc"
