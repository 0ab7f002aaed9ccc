#include "berthdprocess.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using berth::test::BerthdProcess;

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

private:
    struct Result {
        int exit_code = -1;
        QJsonDocument json;
        QString stderr_text;
    };
    Result cli(const QString& from, const QStringList& args);
    QJsonArray lease_events(const QString& id);
    QString order(const QString& from, const QString& max_price);
    /** Polls the lease's events until one named `name` appears; returns it. */
    QJsonObject wait_for_event(const QString& lease, const QString& name, int timeout_ms = 20000);

    QTemporaryDir m_dir;
    std::unique_ptr<BerthdProcess> m_node;
    QString m_manifest;
};

void TestDevnet::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_node = std::make_unique<BerthdProcess>(m_dir.filePath(QStringLiteral("node")),
                                             QStringList{QStringLiteral("--devnet"), QStringLiteral("--block-ms"), QStringLiteral("1000")});
    QVERIFY2(m_node->start(), qPrintable(m_node->log()));
    m_manifest = QStringLiteral(BERTH_MANIFEST_DIR "/hello-static.json");
}

void TestDevnet::cleanupTestCase()
{
    if (m_node) QCOMPARE(m_node->terminate(), 0);
}

TestDevnet::Result TestDevnet::cli(const QString& from, const QStringList& args)
{
    QProcess process;
    QStringList all{QStringLiteral("--rpc"), m_node->rpc_url().toString(), QStringLiteral("--datadir"), m_dir.filePath(QStringLiteral("node")),
                    QStringLiteral("--json")};
    if (!from.isEmpty()) all << QStringLiteral("--from") << from;
    process.start(QStringLiteral(BERTH_CLI_PATH), all + args);
    if (!process.waitForFinished(60000)) return {};
    return Result{process.exitCode(), QJsonDocument::fromJson(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

QJsonArray TestDevnet::lease_events(const QString& id)
{
    return cli({}, {QStringLiteral("events"), QStringLiteral("--lease"), id}).json.array();
}

QJsonObject TestDevnet::wait_for_event(const QString& lease, const QString& name, int timeout_ms)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeout_ms) {
        for (const QJsonValue& e : lease_events(lease))
            if (e[QStringLiteral("name")].toString() == name) return e.toObject();
        QThread::msleep(200);
    }
    return {};
}

QString TestDevnet::order(const QString& from, const QString& max_price)
{
    const Result r = cli(from, {QStringLiteral("order"), QStringLiteral("create"), QStringLiteral("--instance-type"), QStringLiteral("cpu.small"),
                                QStringLiteral("--replicas"), QStringLiteral("1"), QStringLiteral("--max-price-per-s"), max_price,
                                QStringLiteral("--manifest"), m_manifest, QStringLiteral("--deposit"), QStringLiteral("5")});
    if (r.exit_code != 0) qWarning().noquote() << "order create failed:" << r.stderr_text;
    return r.json.object().value(QStringLiteral("order_id")).toString();
}

void TestDevnet::lowestEligibleBidWinsAndLeaseGetsReady()
{
    const Result status = cli({}, {QStringLiteral("status")});
    QCOMPARE(status.exit_code, 0);
    QCOMPARE(status.json[QStringLiteral("chain_id")].toString(), QStringLiteral("berth-devnet"));

    // The lowest cpu.small offer among the demo providers decides who should win.
    const Result providers = cli({}, {QStringLiteral("providers")});
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
    const QJsonObject ready = wait_for_event(id, QStringLiteral("LEASE_READY"));
    QVERIFY2(!ready.isEmpty(), "the lease never reached LEASE_READY");

    const QJsonArray events = lease_events(id);
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

    const Result lease = cli(QStringLiteral("alice"), {QStringLiteral("lease"), QStringLiteral("show"), id});
    QCOMPARE(lease.exit_code, 0);
    QCOMPARE(lease.json[QStringLiteral("state")].toString(), QStringLiteral("LEASE_READY"));
    QCOMPARE(lease.json[QStringLiteral("provider")].toString(), cheapest);
    QCOMPARE(lease.json[QStringLiteral("order_id")].toString(), id);

    // Closing it: the provider's agent acknowledges and the lease ends.
    QCOMPARE(cli(QStringLiteral("alice"), {QStringLiteral("lease"), QStringLiteral("close"), id}).exit_code, 0);
    QVERIFY(!wait_for_event(id, QStringLiteral("LEASE_CLOSED")).isEmpty());
}

void TestDevnet::providerWithTooLittleStakeCannotWin()
{
    QCOMPARE(cli({}, {QStringLiteral("keys"), QStringLiteral("add"), QStringLiteral("carol")}).exit_code, 0);
    QCOMPARE(cli({}, {QStringLiteral("faucet"), QStringLiteral("carol"), QStringLiteral("--usdc"), QStringLiteral("10"), QStringLiteral("--pond"),
                      QStringLiteral("1000")}).exit_code, 0);
    QCOMPARE(cli(QStringLiteral("carol"), {QStringLiteral("provider"), QStringLiteral("stake"), QStringLiteral("100")}).exit_code, 0);
    QCOMPARE(cli(QStringLiteral("carol"), {QStringLiteral("provider"), QStringLiteral("register"), QStringLiteral("--name"), QStringLiteral("carol"),
                                          QStringLiteral("--region"), QStringLiteral("eu-north"), QStringLiteral("--endpoint"),
                                          QStringLiteral("https://127.0.0.1:9443")}).exit_code, 0);
    QCOMPARE(cli(QStringLiteral("carol"), {QStringLiteral("provider"), QStringLiteral("offer"), QStringLiteral("--instance-type"),
                                          QStringLiteral("cpu.small"), QStringLiteral("--price-per-s"), QStringLiteral("1"),
                                          QStringLiteral("--capacity"), QStringLiteral("4")}).exit_code, 0);
    // Below stake_per_job (100 POND) once half is withdrawn.
    QCOMPARE(cli(QStringLiteral("carol"), {QStringLiteral("provider"), QStringLiteral("unstake"), QStringLiteral("50")}).exit_code, 0);

    const QString id = order(QStringLiteral("bob"), QStringLiteral("50"));
    QVERIFY(!id.isEmpty());
    const Result bid = cli(QStringLiteral("carol"), {QStringLiteral("bid"), QStringLiteral("create"), id, QStringLiteral("--price-per-s"), QStringLiteral("1")});
    QVERIFY(bid.exit_code != 0);
    const QJsonObject error = QJsonDocument::fromJson(bid.stderr_text.toUtf8()).object().value(QStringLiteral("error")).toObject();
    QCOMPARE(error[QStringLiteral("code")].toString(), QStringLiteral("insufficient_stake"));

    const QJsonObject created = wait_for_event(id, QStringLiteral("CREATE_LEASE"));
    QVERIFY(!created.isEmpty());
    const Result carol = cli({}, {QStringLiteral("account"), QStringLiteral("show"), QStringLiteral("carol")});
    QVERIFY(!carol.json[QStringLiteral("address")].toString().isEmpty());
    QVERIFY(created[QStringLiteral("data")][QStringLiteral("provider")].toString() != carol.json[QStringLiteral("address")].toString());
    QVERIFY(created[QStringLiteral("data")][QStringLiteral("price_per_s")].toString().toULongLong() > 1);
}

QTEST_GUILESS_MAIN(TestDevnet)
#include "tst_devnet.moc"
