#include "devnetsession.h"
#include "e2etestsupport.h"

#include <amount.h>

#include <testcase.h>

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QtTest>

#include <memory>

using berth::Amount;
using berth::test::DevnetSession;
using berth::test::text;

namespace {

const QString hello_root = QStringLiteral("<!doctype html><h1>Hello from Berth</h1>");
const QString hello_about = QStringLiteral("Served by a Berth provider.\n");
// 5 USDC, the deposit of every lease that is not meant to run out.
constexpr qulonglong five_usdc = 5'000'000;

qulonglong base_units(const QJsonValue& value)
{
    bool ok = false;
    const qulonglong n = value.toString().toULongLong(&ok);
    return ok ? n : ~0ULL;
}

Amount big_units(const QJsonValue& value)
{
    return berth::parse_base_units(value.toString().toStdString());
}

} // namespace

/**
 * The whole deployment lifecycle with real processes: a berthd devnet (its provider and
 * auditor agents, and the berth-workload processes they start), berth-cli for every user
 * action, mTLS manifest uploads from the CLI, from the node itself after a reassignment and
 * from curl, and plain HTTP to the deployed workloads. It follows a lease from order to
 * DEPLOYMENT_CONFIRMED, through an update and a close, and checks that the workloads are
 * really gone afterwards and that escrow, spend and earnings match the block times to the
 * base unit; it covers the other ways a lease ends (escrow exhausted, provider exit, no
 * manifest in time), a faulty provider that is slashed and replaced with billing stopping at
 * the slash, and the manifest endpoint's answers to wrong, missing and revoked client
 * certificates, wrong hashes, oversized bodies and leases that are not ready.
 */
class TestDeployment : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void happyPath();
    void escrowRunsOut();
    void providerExit();
    void faultyProviderIsSlashedAndReplaced();
    void realCurlClient();
    void manifestTimeout();

private:
    using Result = DevnetSession::Result;
    using HttpAnswer = DevnetSession::HttpAnswer;
    using CurlAnswer = DevnetSession::CurlAnswer;

    std::unique_ptr<DevnetSession> m_devnet;
    QString m_manifest;
};

void TestDeployment::initTestCase()
{
    m_manifest = DevnetSession::manifest();
    QVERIFY(QFile::exists(m_manifest));
}

void TestDeployment::init()
{
    // A block every 500 ms: block times are wall clock, so short blocks and time parameters keep
    // every lifecycle step within seconds.
    m_devnet = std::make_unique<DevnetSession>(500);
}

void TestDeployment::cleanup()
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

void TestDeployment::happyPath()
{
    QVERIFY(m_devnet->start({QStringLiteral("job_startup_s=3"), QStringLiteral("min_escrow_seconds=5")}));
    QCOMPARE(m_devnet->cli(QStringLiteral("alice"), {QStringLiteral("cert"), QStringLiteral("create")}).exit_code, 0);
    const qulonglong alice_before = base_units(m_devnet->account(QStringLiteral("alice"))[QStringLiteral("usdc")]);
    const QString provider2 = m_devnet->account(QStringLiteral("provider2"))[QStringLiteral("address")].toString();
    QVERIFY(!provider2.isEmpty());
    QCOMPARE(m_devnet->account(QStringLiteral("provider2"))[QStringLiteral("earnings")].toString(), QStringLiteral("0"));

    const QString id = m_devnet->order(QStringLiteral("alice"), QStringLiteral("10"), QStringLiteral("5"));
    QVERIFY(!id.isEmpty());
    const QJsonObject ready = m_devnet->wait_for_event(id, QStringLiteral("LEASE_READY"));
    QVERIFY(!ready.isEmpty());
    {
        const QJsonArray so_far = m_devnet->events(id);
        // cpu.small offers at or under 10: provider1 9, provider2 7, provider3 8, provider5 10.
        QCOMPARE(DevnetSession::named(so_far, QStringLiteral("CREATE_BID")).size(), 4);
        const QList<QJsonObject> created = DevnetSession::named(so_far, QStringLiteral("CREATE_LEASE"));
        QCOMPARE(created.size(), 1);
        QCOMPARE(created[0][QStringLiteral("data")][QStringLiteral("provider")].toString(), provider2);
        QCOMPARE(created[0][QStringLiteral("data")][QStringLiteral("price_per_s")].toString(), QStringLiteral("7"));
        QCOMPARE(m_devnet->lease(id)[QStringLiteral("state")].toString(), QStringLiteral("LEASE_READY"));
    }

    const Result upload =
        m_devnet->cli(QStringLiteral("alice"), {QStringLiteral("lease"), QStringLiteral("manifest"), id, QStringLiteral("--file"), m_manifest});
    QCOMPARE(upload.exit_code, 0);
    QCOMPARE(upload.json[QStringLiteral("http_status")].toInt(), 202);
    const QJsonObject confirmed = m_devnet->wait_for_event(id, QStringLiteral("DEPLOYMENT_CONFIRMED"));
    QVERIFY(!confirmed.isEmpty());
    QJsonObject shown = m_devnet->lease(id);
    QCOMPARE(shown[QStringLiteral("state")].toString(), QStringLiteral("DEPLOYMENT_CONFIRMED"));
    QCOMPARE(shown[QStringLiteral("price_per_s")].toString(), QStringLiteral("7"));
    const QJsonArray first_urls = shown[QStringLiteral("access")][QStringLiteral("urls")].toArray();
    QCOMPARE(first_urls.size(), 1);
    const QUrl first_url(first_urls[0].toString());
    QCOMPARE(first_url.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(confirmed[QStringLiteral("data")][QStringLiteral("urls")].toString(), first_url.toString());
    HttpAnswer answer = m_devnet->http_get(first_url);
    QCOMPARE(answer.error, QNetworkReply::NoError);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.body, hello_root);
    answer = m_devnet->http_get(first_url.resolved(QUrl(QStringLiteral("/about.txt"))));
    QCOMPARE(answer.body, hello_about);
    QCOMPARE(m_devnet->workload_pids(id).size(), 1);

    const QJsonObject status = m_devnet->cli(QStringLiteral("alice"), {QStringLiteral("lease"), QStringLiteral("status"), id}).json.object();
    QCOMPARE(status[QStringLiteral("http_status")].toInt(), 200);
    QCOMPARE(status[QStringLiteral("deployment")].toString(), QStringLiteral("running"));
    QCOMPARE(status[QStringLiteral("urls")].toArray(), first_urls);

    // A new "/" page, twice the replicas and a higher ceiling: provider2 prices it at 2 × 7.
    const QString updated_root = QStringLiteral("<!doctype html><h1>Updated by its owner</h1>");
    const QString second = m_devnet->write_file(QStringLiteral("hello-updated.json"), DevnetSession::manifest_with_root(updated_root));
    QVERIFY(!second.isEmpty());
    const Result update = m_devnet->cli(
        QStringLiteral("alice"), {QStringLiteral("lease"), QStringLiteral("update"), id, QStringLiteral("--manifest"), second,
                                  QStringLiteral("--replicas"), QStringLiteral("2"), QStringLiteral("--max-price-per-s"), QStringLiteral("20")});
    QVERIFY2(update.exit_code == 0, qPrintable(update.stderr_text));
    QCOMPARE(update.json[QStringLiteral("manifest_upload")][QStringLiteral("http_status")].toInt(), 202);
    const QJsonObject updated = m_devnet->wait_for_event(id, QStringLiteral("LEASE_UPDATED"));
    QVERIFY(!updated.isEmpty());
    QCOMPARE(updated[QStringLiteral("data")][QStringLiteral("price_per_s")].toString(), QStringLiteral("14"));
    QCOMPARE(DevnetSession::named(m_devnet->events(id), QStringLiteral("UPDATE_LEASE")).size(), 1);
    shown = m_devnet->lease(id);
    QCOMPARE(shown[QStringLiteral("state")].toString(), QStringLiteral("DEPLOYMENT_CONFIRMED"));
    QCOMPARE(shown[QStringLiteral("price_per_s")].toString(), QStringLiteral("14"));
    QCOMPARE(shown[QStringLiteral("replicas")].toInt(), 2);
    QCOMPARE(shown[QStringLiteral("max_price_per_s")].toString(), QStringLiteral("20"));
    QStringList urls;
    for (const QJsonValue& url : shown[QStringLiteral("access")][QStringLiteral("urls")].toArray()) urls << url.toString();
    QCOMPARE(urls.size(), 2);
    QVERIFY(urls[0] != urls[1]);
    for (const QString& url : urls) {
        answer = m_devnet->http_get(QUrl(url));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.body, updated_root);
    }
    // The replaced replica drains for a few seconds, then only the two new ones run.
    QVERIFY(DevnetSession::poll([&] { return m_devnet->workload_pids(id).size() == 2; }, 15000));

    const Result close = m_devnet->cli(QStringLiteral("alice"), {QStringLiteral("lease"), QStringLiteral("close"), id});
    QVERIFY2(close.exit_code == 0, qPrintable(close.stderr_text));
    const QJsonObject closed = m_devnet->wait_for_event(id, QStringLiteral("LEASE_CLOSED"));
    QVERIFY(!closed.isEmpty());
    QCOMPARE(closed[QStringLiteral("data")][QStringLiteral("reason")].toString(), QStringLiteral("user"));
    shown = m_devnet->lease(id);
    QCOMPARE(shown[QStringLiteral("state")].toString(), QStringLiteral("LEASE_CLOSED"));
    QCOMPARE(shown[QStringLiteral("close_reason")].toString(), QStringLiteral("user"));
    QCOMPARE(shown[QStringLiteral("escrow")].toString(), QStringLiteral("0"));
    QVERIFY2(m_devnet->workload_gone(id, urls + QStringList{first_url.toString()}), "the lease's workloads still run after LEASE_CLOSED");

    QStringList lifecycle;
    for (const QJsonValue& e : m_devnet->events(id)) {
        const QString name = e[QStringLiteral("name")].toString();
        if (lifecycle.isEmpty() || lifecycle.last() != name) lifecycle << name;
    }
    QStringList expected{QStringLiteral("PROVIDER_LOOKUP"), QStringLiteral("CREATE_BID"),         QStringLiteral("CREATE_LEASE"),
                         QStringLiteral("LEASE_READY"),     QStringLiteral("MANIFEST_DELIVERED"), QStringLiteral("DEPLOYMENT_CONFIRMED"),
                         QStringLiteral("UPDATE_LEASE"),    QStringLiteral("LEASE_UPDATED"),      QStringLiteral("CLOSE_LEASE"),
                         QStringLiteral("LEASE_CLOSED")};
    // The manifest's receipt goes on chain only while the lease is LEASE_READY: a provider that
    // confirms the deployment before berth-cli posts it makes it unneeded.
    if (!lifecycle.contains(QStringLiteral("MANIFEST_DELIVERED"))) expected.removeAll(QStringLiteral("MANIFEST_DELIVERED"));
    QCOMPARE(lifecycle, expected);

    // Settlement charges whole seconds and carries the partial second into the next period, so the
    // 14/s period starts where the 7/s one's last whole second ended.
    const QList<QJsonObject> closing = DevnetSession::named(m_devnet->events(id), QStringLiteral("CLOSE_LEASE"));
    QCOMPARE(closing.size(), 1);
    const quint64 t_confirmed = m_devnet->block_time(confirmed);
    const quint64 t_updated = m_devnet->block_time(updated);
    const quint64 t_closing = m_devnet->block_time(closing[0]);
    QVERIFY(t_confirmed > 0 && t_confirmed <= t_updated && t_updated <= t_closing);
    const quint64 at_7 = (t_updated - t_confirmed) / 1000;
    const quint64 at_14 = (t_closing - (t_confirmed + at_7 * 1000)) / 1000;
    const qulonglong spent = 7 * at_7 + 14 * at_14;
    QVERIFY(spent > 0);
    QCOMPARE(base_units(shown[QStringLiteral("spent")]), spent);
    QCOMPARE(base_units(closed[QStringLiteral("data")][QStringLiteral("spent")]), spent);
    QCOMPARE(base_units(closing[0][QStringLiteral("data")][QStringLiteral("refunded")]), five_usdc - spent);
    QCOMPARE(base_units(m_devnet->account(QStringLiteral("provider2"))[QStringLiteral("earnings")]), spent);
    QCOMPARE(base_units(m_devnet->account(QStringLiteral("alice"))[QStringLiteral("usdc")]), alice_before - spent);
    QCOMPARE(m_devnet->provider(provider2)[QStringLiteral("stake_locked")].toString(), QStringLiteral("0"));
}

void TestDeployment::escrowRunsOut()
{
    QVERIFY(m_devnet->start({QStringLiteral("job_startup_s=3"), QStringLiteral("min_escrow_seconds=5")}));
    QCOMPARE(m_devnet->cli(QStringLiteral("alice"), {QStringLiteral("cert"), QStringLiteral("create")}).exit_code, 0);
    const qulonglong alice_before = base_units(m_devnet->account(QStringLiteral("alice"))[QStringLiteral("usdc")]);

    // 84 base units at provider2's 7/s last exactly 12 s, and are above the minimum of 5 s × 10.
    const QString id = m_devnet->deploy(QStringLiteral("alice"), QStringLiteral("10"), QStringLiteral("0.000084"));
    QVERIFY(!id.isEmpty());
    const QJsonObject confirmed = DevnetSession::named(m_devnet->events(id), QStringLiteral("DEPLOYMENT_CONFIRMED")).value(0);
    const quint64 t_confirmed = m_devnet->block_time(confirmed);
    QJsonObject shown = m_devnet->lease(id);
    QCOMPARE(shown[QStringLiteral("price_per_s")].toString(), QStringLiteral("7"));
    QCOMPARE(base_units(shown[QStringLiteral("exhausts_at_ms")]), t_confirmed + 12000);
    const QString url = shown[QStringLiteral("access")][QStringLiteral("urls")][0].toString();
    QCOMPARE(m_devnet->http_get(QUrl(url)).body, hello_root);

    const QJsonObject closed = m_devnet->wait_for_event(id, QStringLiteral("LEASE_CLOSED"));
    QVERIFY(!closed.isEmpty());
    QCOMPARE(closed[QStringLiteral("data")][QStringLiteral("reason")].toString(), QStringLiteral("insufficient_funds"));
    QVERIFY(m_devnet->block_time(closed) >= t_confirmed + 12000);
    QVERIFY2(m_devnet->workload_gone(id, {url}), "the workload still runs after its escrow ran out");
    shown = m_devnet->lease(id);
    QCOMPARE(shown[QStringLiteral("state")].toString(), QStringLiteral("LEASE_CLOSED"));
    QCOMPARE(shown[QStringLiteral("close_reason")].toString(), QStringLiteral("insufficient_funds"));
    QCOMPARE(shown[QStringLiteral("escrow")].toString(), QStringLiteral("0"));
    QCOMPARE(shown[QStringLiteral("spent")].toString(), QStringLiteral("84"));
    QCOMPARE(closed[QStringLiteral("data")][QStringLiteral("refunded")].toString(), QStringLiteral("0"));
    QCOMPARE(m_devnet->account(QStringLiteral("provider2"))[QStringLiteral("earnings")].toString(), QStringLiteral("84"));
    QCOMPARE(base_units(m_devnet->account(QStringLiteral("alice"))[QStringLiteral("usdc")]), alice_before - 84);
}

void TestDeployment::providerExit()
{
    QVERIFY(
        m_devnet->start({QStringLiteral("job_startup_s=3"), QStringLiteral("min_escrow_seconds=5"), QStringLiteral("job_exit_cooldown_s=5")}));
    QCOMPARE(m_devnet->cli(QStringLiteral("alice"), {QStringLiteral("cert"), QStringLiteral("create")}).exit_code, 0);
    const qulonglong alice_before = base_units(m_devnet->account(QStringLiteral("alice"))[QStringLiteral("usdc")]);
    const QString id = m_devnet->deploy(QStringLiteral("alice"), QStringLiteral("10"), QStringLiteral("5"));
    QVERIFY(!id.isEmpty());
    const quint64 t_confirmed =
        m_devnet->block_time(DevnetSession::named(m_devnet->events(id), QStringLiteral("DEPLOYMENT_CONFIRMED")).value(0));
    const QString url = m_devnet->lease(id)[QStringLiteral("access")][QStringLiteral("urls")][0].toString();
    QCOMPARE(m_devnet->workload_pids(id).size(), 1);

    const Result exit = m_devnet->cli(QStringLiteral("provider2"), {QStringLiteral("lease"), QStringLiteral("exit"), id});
    QVERIFY2(exit.exit_code == 0, qPrintable(exit.stderr_text));
    const QList<QJsonObject> requested = DevnetSession::named(m_devnet->events(id), QStringLiteral("EXIT_REQUESTED"));
    QCOMPARE(requested.size(), 1);
    const quint64 exit_at = base_units(requested[0][QStringLiteral("data")][QStringLiteral("exit_at_ms")]);
    QCOMPARE(exit_at, m_devnet->block_time(requested[0]) + 5000);
    // The cooldown is the user's time to move: the workload keeps serving through it.
    const HttpAnswer during = m_devnet->http_get(QUrl(url));
    const QJsonObject cooling = m_devnet->lease(id);
    if (cooling[QStringLiteral("state")].toString() == QLatin1String("EXIT_COOLDOWN"))
        QCOMPARE(during.body, hello_root);
    else
        QCOMPARE(cooling[QStringLiteral("state")].toString(), QStringLiteral("LEASE_CLOSED"));

    const QJsonObject closed = m_devnet->wait_for_event(id, QStringLiteral("LEASE_CLOSED"));
    QVERIFY(!closed.isEmpty());
    QCOMPARE(closed[QStringLiteral("data")][QStringLiteral("reason")].toString(), QStringLiteral("provider_exit"));
    QVERIFY(m_devnet->block_time(closed) >= exit_at);
    QVERIFY2(m_devnet->workload_gone(id, {url}), "the workload still runs after the provider's exit");

    // Billing ends at exit_at_ms even when the closing block comes later.
    const qulonglong spent = 7 * ((exit_at - t_confirmed) / 1000);
    const QJsonObject shown = m_devnet->lease(id);
    QCOMPARE(shown[QStringLiteral("state")].toString(), QStringLiteral("LEASE_CLOSED"));
    QCOMPARE(shown[QStringLiteral("close_reason")].toString(), QStringLiteral("provider_exit"));
    QCOMPARE(shown[QStringLiteral("escrow")].toString(), QStringLiteral("0"));
    QCOMPARE(base_units(shown[QStringLiteral("spent")]), spent);
    QCOMPARE(base_units(closed[QStringLiteral("data")][QStringLiteral("refunded")]), five_usdc - spent);
    QCOMPARE(base_units(m_devnet->account(QStringLiteral("alice"))[QStringLiteral("usdc")]), alice_before - spent);
    QCOMPARE(base_units(m_devnet->account(QStringLiteral("provider2"))[QStringLiteral("earnings")]), spent);
    const QJsonObject p2 = m_devnet->provider(m_devnet->account(QStringLiteral("provider2"))[QStringLiteral("address")].toString());
    QCOMPARE(p2[QStringLiteral("stake_locked")].toString(), QStringLiteral("0"));
    QCOMPARE(p2[QStringLiteral("slashes")].toInt(), 0);
}

void TestDeployment::faultyProviderIsSlashedAndReplaced()
{
    // provider2's workloads die 4 s after they start; the auditors start probing 3 s after a deployment.
    QVERIFY(m_devnet->start({QStringLiteral("job_startup_s=3"), QStringLiteral("min_escrow_seconds=5")},
                            {QStringLiteral("--faulty-provider"), QStringLiteral("provider2:4")}));
    QCOMPARE(m_devnet->cli(QStringLiteral("alice"), {QStringLiteral("cert"), QStringLiteral("create")}).exit_code, 0);
    const qulonglong alice_before = base_units(m_devnet->account(QStringLiteral("alice"))[QStringLiteral("usdc")]);
    const QString provider2 = m_devnet->account(QStringLiteral("provider2"))[QStringLiteral("address")].toString();
    const QString provider3 = m_devnet->account(QStringLiteral("provider3"))[QStringLiteral("address")].toString();
    const Amount stake_before = big_units(m_devnet->provider(provider2)[QStringLiteral("stake")]);
    const QJsonObject params = m_devnet->genesis_params();
    const Amount penalty =
        big_units(params[QStringLiteral("stake_per_job")]) * params[QStringLiteral("slash_fraction_bps")].toString().toULongLong() / 10000;
    QVERIFY(penalty > 0);

    const QString id = m_devnet->deploy(QStringLiteral("alice"), QStringLiteral("10"), QStringLiteral("5"));
    QVERIFY(!id.isEmpty());
    const QJsonObject first_confirm = DevnetSession::named(m_devnet->events(id), QStringLiteral("DEPLOYMENT_CONFIRMED")).value(0);
    QCOMPARE(first_confirm[QStringLiteral("data")][QStringLiteral("provider")].toString(), provider2);
    const QString first_url = first_confirm[QStringLiteral("data")][QStringLiteral("urls")].toString();

    const QJsonObject slashed = m_devnet->wait_for_event(id, QStringLiteral("SLASHED"), 1, 60000);
    QVERIFY(!slashed.isEmpty());
    QCOMPARE(slashed[QStringLiteral("data")][QStringLiteral("provider")].toString(), provider2);
    QCOMPARE(slashed[QStringLiteral("data")][QStringLiteral("amount")].toString(), text(penalty));
    QVERIFY(DevnetSession::refuses_connection(QUrl(first_url)));

    const QJsonObject second_confirm = m_devnet->wait_for_event(id, QStringLiteral("DEPLOYMENT_CONFIRMED"), 2, 60000);
    QVERIFY(!second_confirm.isEmpty());
    QCOMPARE(second_confirm[QStringLiteral("data")][QStringLiteral("provider")].toString(), provider3);
    const QString second_url = second_confirm[QStringLiteral("data")][QStringLiteral("urls")].toString();
    QVERIFY(!second_url.isEmpty());
    QVERIFY(second_url != first_url);
    const HttpAnswer answer = m_devnet->http_get(QUrl(second_url));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.body, hello_root);

    const QJsonArray history = m_devnet->events(id);
    const qulonglong slash_height = slashed[QStringLiteral("height")].toString().toULongLong();
    const QList<QJsonObject> faults = DevnetSession::named(history, QStringLiteral("FAULT_REPORTED"));
    const qulonglong quorum = params[QStringLiteral("auditor_quorum")].toString().toULongLong();
    QCOMPARE(static_cast<qulonglong>(faults.size()), quorum);
    QStringList auditors;
    for (const QJsonObject& f : faults) {
        QVERIFY(f[QStringLiteral("height")].toString().toULongLong() <= slash_height);
        QCOMPARE(f[QStringLiteral("data")][QStringLiteral("provider")].toString(), provider2);
        auditors << f[QStringLiteral("account")].toString();
    }
    auditors.removeDuplicates();
    QCOMPARE(static_cast<qulonglong>(auditors.size()), quorum);
    QCOMPARE(DevnetSession::named(history, QStringLiteral("SLASHED")).size(), 1);
    const QList<QJsonObject> reassigned = DevnetSession::named(history, QStringLiteral("JOB_REASSIGNED"));
    QCOMPARE(reassigned.size(), 1);
    QCOMPARE(reassigned[0][QStringLiteral("data")][QStringLiteral("from")].toString(), provider2);
    QCOMPARE(reassigned[0][QStringLiteral("height")].toString(), slashed[QStringLiteral("height")].toString());
    const QList<QJsonObject> created = DevnetSession::named(history, QStringLiteral("CREATE_LEASE"));
    QCOMPARE(created.size(), 2);
    QCOMPARE(created[1][QStringLiteral("data")][QStringLiteral("provider")].toString(), provider3);
    QCOMPARE(created[1][QStringLiteral("data")][QStringLiteral("price_per_s")].toString(), QStringLiteral("8"));
    QVERIFY(created[1][QStringLiteral("height")].toString().toULongLong() > slash_height);
    QCOMPARE(DevnetSession::named(history, QStringLiteral("LEASE_READY")).size(), 2);

    // provider2 is paid up to the slashing block and not a second beyond it, and the rest of the
    // escrow moved with the job.
    const quint64 t_first = m_devnet->block_time(first_confirm);
    const quint64 t_slashed = m_devnet->block_time(slashed);
    const qulonglong earned_by_2 = 7 * ((t_slashed - t_first) / 1000);
    QCOMPARE(base_units(m_devnet->account(QStringLiteral("provider2"))[QStringLiteral("earnings")]), earned_by_2);
    QCOMPARE(base_units(reassigned[0][QStringLiteral("data")][QStringLiteral("escrow")]), five_usdc - earned_by_2);
    const QJsonObject p2 = m_devnet->provider(provider2);
    QCOMPARE(text(big_units(p2[QStringLiteral("stake")])), text(stake_before - penalty));
    QCOMPARE(p2[QStringLiteral("stake_locked")].toString(), QStringLiteral("0"));
    QCOMPARE(p2[QStringLiteral("slashes")].toInt(), 1);

    QJsonObject shown = m_devnet->lease(id);
    QCOMPARE(shown[QStringLiteral("state")].toString(), QStringLiteral("DEPLOYMENT_CONFIRMED"));
    QCOMPARE(shown[QStringLiteral("provider")].toString(), provider3);
    QCOMPARE(shown[QStringLiteral("price_per_s")].toString(), QStringLiteral("8"));
    QCOMPARE(shown[QStringLiteral("reassignments")].toInt(), 1);
    QCOMPARE(shown[QStringLiteral("excluded")].toArray(), QJsonArray{provider2});

    // Closing settles provider3's share; together the two providers got exactly what left the escrow.
    QCOMPARE(m_devnet->cli(QStringLiteral("alice"), {QStringLiteral("lease"), QStringLiteral("close"), id}).exit_code, 0);
    QVERIFY(!m_devnet->wait_for_event(id, QStringLiteral("LEASE_CLOSED")).isEmpty());
    const QJsonObject closing = DevnetSession::named(m_devnet->events(id), QStringLiteral("CLOSE_LEASE")).value(0);
    const qulonglong earned_by_3 = 8 * ((m_devnet->block_time(closing) - m_devnet->block_time(second_confirm)) / 1000);
    QCOMPARE(base_units(m_devnet->account(QStringLiteral("provider3"))[QStringLiteral("earnings")]), earned_by_3);
    QCOMPARE(base_units(m_devnet->account(QStringLiteral("provider2"))[QStringLiteral("earnings")]), earned_by_2);
    shown = m_devnet->lease(id);
    QCOMPARE(shown[QStringLiteral("close_reason")].toString(), QStringLiteral("user"));
    QCOMPARE(base_units(shown[QStringLiteral("spent")]), earned_by_2 + earned_by_3);
    QCOMPARE(base_units(m_devnet->account(QStringLiteral("alice"))[QStringLiteral("usdc")]), alice_before - earned_by_2 - earned_by_3);
    QVERIFY2(m_devnet->workload_gone(id, {first_url, second_url}), "a workload of the lease still runs after LEASE_CLOSED");
}

void TestDeployment::realCurlClient()
{
    if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty()) QSKIP("curl is not installed");
    QVERIFY(m_devnet->start({QStringLiteral("job_startup_s=3"), QStringLiteral("min_escrow_seconds=5")}));
    QCOMPARE(m_devnet->cli(QStringLiteral("alice"), {QStringLiteral("cert"), QStringLiteral("create")}).exit_code, 0);
    QCOMPARE(m_devnet->cli(QStringLiteral("bob"), {QStringLiteral("cert"), QStringLiteral("create")}).exit_code, 0);
    const QString provider2 = m_devnet->account(QStringLiteral("provider2"))[QStringLiteral("address")].toString();

    const QString id = m_devnet->order(QStringLiteral("alice"), QStringLiteral("10"), QStringLiteral("5"));
    QVERIFY(!id.isEmpty());
    QVERIFY(!m_devnet->wait_for_event(id, QStringLiteral("LEASE_READY")).isEmpty());
    QCOMPARE(m_devnet->lease(id)[QStringLiteral("provider")].toString(), provider2);
    const QString endpoint = m_devnet->provider(provider2)[QStringLiteral("endpoint")].toString();
    QVERIFY(endpoint.startsWith(QLatin1String("https://127.0.0.1:")));
    const QString manifest_url = endpoint + QStringLiteral("/lease/%1/manifest").arg(id);

    // bob's certificate is on chain, but he has no lease at provider2: not a client it trusts.
    CurlAnswer answer = m_devnet->curl(QStringLiteral("PUT"), manifest_url, QStringLiteral("bob"), m_manifest);
    QVERIFY2(answer.exit_code != 0 || answer.http_status < 200 || answer.http_status > 299,
             qPrintable(QStringLiteral("curl %1, HTTP %2").arg(answer.exit_code).arg(answer.http_status)));
    QVERIFY(answer.exit_code != 0);
    QCOMPARE(answer.http_status, 0);

    answer = m_devnet->curl(QStringLiteral("PUT"), manifest_url, {}, m_manifest);
    QVERIFY(answer.exit_code != 0);
    QCOMPARE(answer.http_status, 0);

    // Another manifest than the order's: refused with both hashes named.
    const QByteArray other = DevnetSession::manifest_with_root(QStringLiteral("<h1>not what was ordered</h1>"));
    const QString other_file = m_devnet->write_file(QStringLiteral("other.json"), other);
    answer = m_devnet->curl(QStringLiteral("PUT"), manifest_url, QStringLiteral("alice"), other_file);
    QCOMPARE(answer.exit_code, 0);
    QCOMPARE(answer.http_status, 422);
    QCOMPARE(answer.body[QStringLiteral("error")][QStringLiteral("code")].toString(), QStringLiteral("manifest_hash_mismatch"));
    const QString message = answer.body[QStringLiteral("error")][QStringLiteral("message")].toString();
    QVERIFY2(message.contains(QString::fromLatin1(QCryptographicHash::hash(other, QCryptographicHash::Sha256).toHex())), qPrintable(message));
    QVERIFY2(message.contains(m_devnet->lease(id)[QStringLiteral("manifest_hash")].toString()), qPrintable(message));

    const QString big_file = m_devnet->write_file(QStringLiteral("big.json"), QByteArray(64 * 1024 + 1, ' '));
    answer = m_devnet->curl(QStringLiteral("PUT"), manifest_url, QStringLiteral("alice"), big_file);
    QCOMPARE(answer.exit_code, 0);
    QCOMPARE(answer.http_status, 413);
    QCOMPARE(answer.body[QStringLiteral("error")][QStringLiteral("code")].toString(), QStringLiteral("manifest_too_large"));
    QCOMPARE(m_devnet->lease(id)[QStringLiteral("state")].toString(), QStringLiteral("LEASE_READY"));

    answer = m_devnet->curl(QStringLiteral("PUT"), manifest_url, QStringLiteral("alice"), m_manifest);
    QCOMPARE(answer.exit_code, 0);
    QCOMPARE(answer.http_status, 202);
    QCOMPARE(answer.body[QStringLiteral("lease_id")].toString(), id);
    const QJsonObject confirmed = m_devnet->wait_for_event(id, QStringLiteral("DEPLOYMENT_CONFIRMED"));
    QVERIFY(!confirmed.isEmpty());
    const QString url = confirmed[QStringLiteral("data")][QStringLiteral("urls")].toString();
    QCOMPARE(m_devnet->http_get(QUrl(url)).body, hello_root);

    answer = m_devnet->curl(QStringLiteral("GET"), endpoint + QStringLiteral("/lease/%1/status").arg(id), QStringLiteral("alice"));
    QCOMPARE(answer.http_status, 200);
    QCOMPARE(answer.body[QStringLiteral("state")].toString(), QStringLiteral("DEPLOYMENT_CONFIRMED"));
    QCOMPARE(answer.body[QStringLiteral("urls")].toArray(), QJsonArray{url});

    // Once bob holds a lease at provider2 his certificate passes the handshake, and alice's lease
    // is still not his.
    const QString bobs = m_devnet->order(QStringLiteral("bob"), QStringLiteral("10"), QStringLiteral("5"));
    QVERIFY(!bobs.isEmpty());
    QVERIFY(!m_devnet->wait_for_event(bobs, QStringLiteral("LEASE_READY")).isEmpty());
    QCOMPARE(m_devnet->lease(bobs)[QStringLiteral("provider")].toString(), provider2);
    answer = m_devnet->curl(QStringLiteral("PUT"), manifest_url, QStringLiteral("bob"), m_manifest);
    QCOMPARE(answer.exit_code, 0);
    QCOMPARE(answer.http_status, 403);
    QCOMPARE(answer.body[QStringLiteral("error")][QStringLiteral("code")].toString(), QStringLiteral("not_lease_owner"));
    answer = m_devnet->curl(QStringLiteral("PUT"), endpoint + QStringLiteral("/lease/%1/manifest").arg(bobs), QStringLiteral("bob"), m_manifest);
    QCOMPARE(answer.http_status, 202);

    // A closed lease of alice's at provider2, while her other lease keeps her certificate trusted.
    const QString ended = m_devnet->order(QStringLiteral("alice"), QStringLiteral("10"), QStringLiteral("5"));
    QVERIFY(!ended.isEmpty());
    QVERIFY(!m_devnet->wait_for_event(ended, QStringLiteral("LEASE_READY")).isEmpty());
    QCOMPARE(m_devnet->lease(ended)[QStringLiteral("provider")].toString(), provider2);
    QCOMPARE(m_devnet->cli(QStringLiteral("alice"), {QStringLiteral("lease"), QStringLiteral("close"), ended}).exit_code, 0);
    QVERIFY(!m_devnet->wait_for_event(ended, QStringLiteral("LEASE_CLOSED")).isEmpty());
    answer =
        m_devnet->curl(QStringLiteral("PUT"), endpoint + QStringLiteral("/lease/%1/manifest").arg(ended), QStringLiteral("alice"), m_manifest);
    QCOMPARE(answer.exit_code, 0);
    QCOMPARE(answer.http_status, 409);
    QCOMPARE(answer.body[QStringLiteral("error")][QStringLiteral("code")].toString(), QStringLiteral("lease_not_ready"));

    // An order no provider can take (1/s is under every offer) has no provider yet, and an id that
    // was never used is no lease at all.
    const QString unmatched = m_devnet->order(QStringLiteral("alice"), QStringLiteral("1"), QStringLiteral("5"));
    QVERIFY(!unmatched.isEmpty());
    answer = m_devnet->curl(QStringLiteral("PUT"), endpoint + QStringLiteral("/lease/%1/manifest").arg(unmatched), QStringLiteral("alice"),
                            m_manifest);
    QCOMPARE(answer.http_status, 404);
    QCOMPARE(answer.body[QStringLiteral("error")][QStringLiteral("code")].toString(), QStringLiteral("unknown_lease"));
    answer = m_devnet->curl(QStringLiteral("PUT"), endpoint + QStringLiteral("/lease/987654/manifest"), QStringLiteral("alice"), m_manifest);
    QCOMPARE(answer.http_status, 404);
    QCOMPARE(answer.body[QStringLiteral("error")][QStringLiteral("code")].toString(), QStringLiteral("unknown_lease"));

    // Revoked on chain: her old key pair no longer opens a connection, though her lease still runs.
    const Result revoke = m_devnet->cli(QStringLiteral("alice"), {QStringLiteral("cert"), QStringLiteral("revoke")});
    QVERIFY2(revoke.exit_code == 0, qPrintable(revoke.stderr_text));
    QCOMPARE(m_devnet->account(QStringLiteral("alice"))[QStringLiteral("certificate")].toString(), QString());
    // The provider's agent applies the revocation when it handles the block, just after inclusion.
    QVERIFY(DevnetSession::poll(
        [&] { return m_devnet->curl(QStringLiteral("PUT"), manifest_url, QStringLiteral("alice"), m_manifest).exit_code != 0; }, 10000));
    answer = m_devnet->curl(QStringLiteral("PUT"), manifest_url, QStringLiteral("alice"), m_manifest);
    QVERIFY(answer.exit_code != 0);
    QCOMPARE(answer.http_status, 0);
    QCOMPARE(m_devnet->lease(id)[QStringLiteral("state")].toString(), QStringLiteral("DEPLOYMENT_CONFIRMED"));
}

void TestDeployment::manifestTimeout()
{
    QVERIFY(
        m_devnet->start({QStringLiteral("job_startup_s=3"), QStringLiteral("min_escrow_seconds=5"), QStringLiteral("manifest_timeout_s=3")}));
    QVERIFY(m_devnet->genesis_params()[QStringLiteral("job_bootstrapping_s")].toString().toULongLong() > 3);
    const qulonglong alice_before = base_units(m_devnet->account(QStringLiteral("alice"))[QStringLiteral("usdc")]);
    const QString provider2 = m_devnet->account(QStringLiteral("provider2"))[QStringLiteral("address")].toString();
    const QString stake_before = m_devnet->provider(provider2)[QStringLiteral("stake")].toString();

    const QString id = m_devnet->order(QStringLiteral("alice"), QStringLiteral("10"), QStringLiteral("5"));
    QVERIFY(!id.isEmpty());
    QCOMPARE(base_units(m_devnet->account(QStringLiteral("alice"))[QStringLiteral("usdc")]), alice_before - five_usdc);
    const QJsonObject ready = m_devnet->wait_for_event(id, QStringLiteral("LEASE_READY"));
    QVERIFY(!ready.isEmpty());
    const QJsonObject closed = m_devnet->wait_for_event(id, QStringLiteral("LEASE_CLOSED"));
    QVERIFY(!closed.isEmpty());
    QCOMPARE(closed[QStringLiteral("data")][QStringLiteral("reason")].toString(), QStringLiteral("manifest_timeout"));
    QCOMPARE(closed[QStringLiteral("data")][QStringLiteral("refunded")].toString(), QString::number(five_usdc));
    const QJsonObject created = DevnetSession::named(m_devnet->events(id), QStringLiteral("CREATE_LEASE")).value(0);
    QVERIFY(m_devnet->block_time(closed) >= m_devnet->block_time(created) + 3000);

    const QJsonObject shown = m_devnet->lease(id);
    QCOMPARE(shown[QStringLiteral("state")].toString(), QStringLiteral("LEASE_CLOSED"));
    QCOMPARE(shown[QStringLiteral("close_reason")].toString(), QStringLiteral("manifest_timeout"));
    QCOMPARE(shown[QStringLiteral("escrow")].toString(), QStringLiteral("0"));
    QCOMPARE(shown[QStringLiteral("spent")].toString(), QStringLiteral("0"));
    QCOMPARE(base_units(m_devnet->account(QStringLiteral("alice"))[QStringLiteral("usdc")]), alice_before);
    const QJsonArray history = m_devnet->events(id);
    QVERIFY(DevnetSession::named(history, QStringLiteral("SLASHED")).isEmpty());
    QVERIFY(DevnetSession::named(history, QStringLiteral("DEPLOYMENT_CONFIRMED")).isEmpty());
    const QJsonObject p2 = m_devnet->provider(provider2);
    QCOMPARE(p2[QStringLiteral("stake")].toString(), stake_before);
    QCOMPARE(p2[QStringLiteral("stake_locked")].toString(), QStringLiteral("0"));
    QCOMPARE(p2[QStringLiteral("slashes")].toInt(), 0);
    QCOMPARE(m_devnet->account(QStringLiteral("provider2"))[QStringLiteral("earnings")].toString(), QStringLiteral("0"));
    QVERIFY(m_devnet->workload_pids(id).isEmpty());
}

BERTH_QTEST_GUILESS(TestDeployment)
#include "tst_deployment.moc"
