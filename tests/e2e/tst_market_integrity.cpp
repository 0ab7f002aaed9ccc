// Market integrity end to end, with a real berthd devnet, berth-cli, curl and workloads: an
// honest provider is never slashed for ordinary events (a kill -9 and restart, a stopped devnet,
// an update it cannot run, an update it rolls out), time the devnet did not run is not billed,
// leaving before deployment is a failed bootstrap, replicas take capacity, and a confirmation
// without probeable URLs is refused.

#include "devnetsession.h"
#include "txload.h"

#include <testcase.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>
#include <QThread>

using namespace berth;
using berth::test::BerthdProcess;
using berth::test::DevnetSession;
using berth::test::TxLoad;

namespace {

const QStringList fast_params{QStringLiteral("job_startup_s=3"), QStringLiteral("manifest_timeout_s=60")};

QString current_url(DevnetSession& devnet, const QString& lease)
{
    return devnet.lease(lease).value("access").toObject().value("urls").toArray().first().toString();
}

int count_named(DevnetSession& devnet, const QString& lease, const QString& name)
{
    return static_cast<int>(DevnetSession::named(devnet.events(lease), name).size());
}

} // namespace

class TestMarketIntegrity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void restartsAndAStoppedDevnetSlashNoOneAndBillNoGap();
    void updatesAreRefusedOrRolledOutWithoutAGap();
    void leavingBeforeDeploymentIsPenalizedAndReassigned();
    void replicasTakeCapacityAndConfirmationsNeedUrls();
};

void TestMarketIntegrity::restartsAndAStoppedDevnetSlashNoOneAndBillNoGap()
{
    DevnetSession devnet;
    QVERIFY(devnet.start(fast_params));
    QCOMPARE(devnet.cli(QStringLiteral("alice"), {"cert", "create"}).exit_code, 0);
    const QString id = devnet.deploy(QStringLiteral("alice"), QStringLiteral("20"), QStringLiteral("5"));
    QVERIFY2(!id.isEmpty(), qPrintable(devnet.log()));
    // berth-cli puts the provider's receipt of the manifest on chain while the lease is LEASE_READY;
    // a provider that confirms the deployment first makes it unneeded (the ledger then refuses it).
    QVERIFY(count_named(devnet, id, QStringLiteral("MANIFEST_DELIVERED")) <= 1);
    const QString url = current_url(devnet, id);
    QCOMPARE(devnet.http_get(QUrl(url)).status, 200);

    // kill -9 and start again: the workload comes back at the address on chain.
    devnet.node().kill();
    QVERIFY(devnet.start());
    QVERIFY(DevnetSession::poll([&] { return devnet.http_get(QUrl(url)).status == 200; }, 20000));
    QTest::qWait(12000); // well past job_startup_s and several probe rounds
    QCOMPARE(count_named(devnet, id, QStringLiteral("FAULT_REPORTED")), 0);
    QCOMPARE(count_named(devnet, id, QStringLiteral("SLASHED")), 0);
    QCOMPARE(devnet.lease(id).value("state").toString(), QStringLiteral("DEPLOYMENT_CONFIRMED"));
    QCOMPARE(current_url(devnet, id), url);

    // Stopped for 30 s: chain time resumes where it stopped, and the lease pays chain time only.
    const quint64 before_stop = devnet.node().get("/status").body.object().value("time_ms").toString().toULongLong();
    QCOMPARE(devnet.terminate(), 0);
    QThread::sleep(30);
    QVERIFY(devnet.start());
    QVERIFY(DevnetSession::poll([&] { return devnet.http_get(QUrl(url)).status == 200; }, 20000));
    QTest::qWait(8000);
    const QJsonObject status = devnet.node().get("/status").body.object();
    const quint64 now = status.value("time_ms").toString().toULongLong();
    const QJsonObject lease = devnet.lease(id);
    const quint64 confirmed = devnet.block_time(DevnetSession::named(devnet.events(id), QStringLiteral("DEPLOYMENT_CONFIRMED")).first());
    // Chain time ran only while the node did: less than the 30 s stop plus the ~8 s since.
    QVERIFY2(now - before_stop < 20000, qPrintable(QStringLiteral("chain time jumped %1 ms across the stop").arg(now - before_stop)));
    const quint64 price = lease.value("price_per_s").toString().toULongLong();
    const quint64 spent = lease.value("spent").toString().toULongLong();
    QVERIFY2(spent <= price * ((now - confirmed) / 1000 + 1),
             qPrintable(QStringLiteral("spent %1 for %2 ms of chain time").arg(spent).arg(now - confirmed)));
    QCOMPARE(count_named(devnet, id, QStringLiteral("SLASHED")), 0);
    QCOMPARE(count_named(devnet, id, QStringLiteral("FAULT_REPORTED")), 0);
}

void TestMarketIntegrity::updatesAreRefusedOrRolledOutWithoutAGap()
{
    DevnetSession devnet;
    QVERIFY(devnet.start(fast_params));
    QCOMPARE(devnet.cli(QStringLiteral("alice"), {"cert", "create"}).exit_code, 0);
    const QString id = devnet.deploy(QStringLiteral("alice"), QStringLiteral("20"), QStringLiteral("5"));
    QVERIFY2(!id.isEmpty(), qPrintable(devnet.log()));
    const QString url = current_url(devnet, id);

    // Commands are not allowed on this provider: refused at upload and on chain, nothing stops.
    const DevnetSession::Result refused =
        devnet.cli(QStringLiteral("alice"), {"lease", "update", id, "--manifest", QStringLiteral(BERTH_MANIFEST_DIR) + "/command-http.json"});
    QVERIFY(refused.exit_code != 0);
    QVERIFY2(refused.stderr_text.contains("refused the update"), qPrintable(refused.stderr_text));
    const QJsonObject refusal = devnet.wait_for_event(id, QStringLiteral("UPDATE_REFUSED"));
    QVERIFY(refusal.value("data").toObject().value("reason").toString().contains("command workloads are disabled"));
    QVERIFY(DevnetSession::poll([&] { return devnet.lease(id).value("state").toString() == "DEPLOYMENT_CONFIRMED"; }, 10000));
    QCOMPARE(devnet.http_get(QUrl(url)).status, 200);

    // An update it can run: the address on chain answers at every moment of the rollout.
    const QString v2 = devnet.write_file("v2.json", DevnetSession::manifest_with_root(QStringLiteral("<h1>version two</h1>")));
    QProcess update;
    update.start(QStringLiteral(BERTH_CLI_PATH), {"--rpc", devnet.node().rpc_url().toString(), "--datadir", devnet.datadir(), "--from", "alice",
                                                  "lease", "update", id, "--manifest", v2});
    int answers = 0, failures = 0;
    QString shown = url;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 40000) {
        const QJsonObject lease = devnet.lease(id);
        shown = lease.value("access").toObject().value("urls").toArray().first().toString();
        const DevnetSession::HttpAnswer answer = devnet.http_get(QUrl(shown));
        ++answers;
        if (answer.status != 200) ++failures;
        if (lease.value("state").toString() == "DEPLOYMENT_CONFIRMED" && answer.body.contains("version two")) break;
    }
    if (update.state() != QProcess::NotRunning) QVERIFY(update.waitForFinished(60000));
    QVERIFY2(update.exitCode() == 0, update.readAllStandardError().constData());
    QVERIFY2(failures == 0, qPrintable(QStringLiteral("%1 of %2 answers failed during the rollout").arg(failures).arg(answers)));
    QVERIFY(devnet.http_get(QUrl(shown)).body.contains("version two"));
    QCOMPARE(count_named(devnet, id, QStringLiteral("LEASE_UPDATED")), 1);
    // A price-only update restarts nothing: the same address serves on.
    QCOMPARE(devnet.cli(QStringLiteral("alice"), {"lease", "update", id, "--max-price-per-s", "25"}).exit_code, 0);
    QVERIFY(!devnet.wait_for_event(id, QStringLiteral("LEASE_UPDATED"), 2).isEmpty());
    QCOMPARE(current_url(devnet, id), shown);
    QCOMPARE(count_named(devnet, id, QStringLiteral("SLASHED")), 0);
}

void TestMarketIntegrity::leavingBeforeDeploymentIsPenalizedAndReassigned()
{
    DevnetSession devnet;
    QVERIFY(devnet.start(fast_params));
    const QString id = devnet.order(QStringLiteral("alice"), QStringLiteral("20"), QStringLiteral("5"));
    QVERIFY(!id.isEmpty());
    const QJsonObject ready = devnet.wait_for_event(id, QStringLiteral("LEASE_READY"));
    QVERIFY(!ready.isEmpty());
    const QString winner = devnet.lease(id).value("provider").toString();
    QString winner_name;
    for (int i = 1; i <= 5; ++i)
        if (devnet.account(QStringLiteral("provider%1").arg(i)).value("address").toString() == winner)
            winner_name = QStringLiteral("provider%1").arg(i);
    QVERIFY(!winner_name.isEmpty());
    const QString stake_before = devnet.account(winner_name).value("pond").toString();
    const DevnetSession::Result exit = devnet.cli(winner_name, {"lease", "exit", id});
    QVERIFY2(exit.exit_code == 0, qPrintable(exit.stderr_text));
    const QJsonObject slashed = devnet.wait_for_event(id, QStringLiteral("SLASHED"));
    QVERIFY(!slashed.isEmpty());
    QVERIFY(devnet.wait_for_event(id, QStringLiteral("JOB_REASSIGNED"))
                .value("data")
                .toObject()
                .value("reason")
                .toString()
                .contains("failed bootstrap"));
    // Another provider takes the job; the escrow carried over.
    QVERIFY(DevnetSession::poll([&] { return count_named(devnet, id, QStringLiteral("CREATE_LEASE")) == 2; }, 30000));
    QVERIFY(devnet.lease(id).value("provider").toString() != winner);
    QCOMPARE(devnet.lease(id).value("escrow").toString(), QStringLiteral("5000000"));
}

void TestMarketIntegrity::replicasTakeCapacityAndConfirmationsNeedUrls()
{
    DevnetSession devnet;
    QVERIFY(devnet.start(fast_params));
    const DevnetSession::Result order =
        devnet.cli(QStringLiteral("alice"), {"order", "create", "--instance-type", "cpu.small", "--replicas", "3", "--max-price-per-s", "60",
                                             "--manifest", DevnetSession::manifest(), "--deposit", "5"});
    QVERIFY2(order.exit_code == 0, qPrintable(order.stderr_text));
    const QString id = order.json.object().value("order_id").toString();
    QVERIFY(!devnet.wait_for_event(id, QStringLiteral("CREATE_LEASE")).isEmpty());
    const QString provider = devnet.lease(id).value("provider").toString();
    int used = -1;
    for (const QJsonValue& offer : devnet.provider(provider).value("offers").toArray())
        if (offer.toObject().value("instance_type").toString() == "cpu.small") used = offer.toObject().value("used").toInt();
    QCOMPARE(used, 3);

    // A provider's confirmation with no URL is refused by the chain, with the code that says why.
    QVERIFY(!devnet.wait_for_event(id, QStringLiteral("LEASE_READY")).isEmpty());
    QString name;
    for (int i = 1; i <= 5; ++i)
        if (devnet.account(QStringLiteral("provider%1").arg(i)).value("address").toString() == provider)
            name = QStringLiteral("provider%1").arg(i);
    const BerthdProcess::Reply submitted =
        TxLoad::submit(devnet.node(), name, tx::ConfirmDeployment{id.toULongLong(), Access{"127.0.0.1", {8080}, {}}});
    QCOMPARE(submitted.status, 202);
    const QString tx = submitted.body.object().value("id").toString();
    QJsonObject verdict;
    QVERIFY(DevnetSession::poll(
        [&] {
            verdict = devnet.node().get("/tx/" + tx).body.object();
            return verdict.value("status").toString() != "pending";
        },
        20000));
    QVERIFY2(QJsonDocument(verdict).toJson().contains("unprobeable_access"), QJsonDocument(verdict).toJson().constData());
}

BERTH_QTEST_GUILESS(TestMarketIntegrity)
#include "tst_market_integrity.moc"
