#include "berthdprocess.h"
#include "e2etestsupport.h"

#include <devnet.h>
#include <price.h>
#include <transaction.h>

#include <testcase.h>

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QWebSocket>
#include <QtTest>

#include <map>
#include <random>

using namespace berth;
using berth::test::BerthdProcess;
using berth::test::from_environment;

/**
 * Many concurrent leases on a real berthd for a while. The test plays the tenant and every
 * provider through RPC (the node runs no agents and no workloads, so that the load is the
 * chain's): it orders BERTH_LOAD_LEASES leases, bids, readies and confirms each, then keeps
 * topping up escrows for BERTH_LOAD_SECONDS. Every transaction must be included, every lease
 * must still be live at the end, and every event its transactions caused must have reached a
 * client of the live event stream. It reports berthd's RSS before and after the steady phase.
 * ctest runs a small smoke; scripts/stress runs 1,000 leases for 10 minutes.
 */
class TestLoad : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void holdsConcurrentLeases();

private:
    struct Sent {
        QString id;
        QString event; // the event its inclusion emits
        QString job;
    };
    /** Signs and submits with the sender's next nonce, waiting out a full mempool; false if refused. */
    bool submit(const QString& who, tx::Payload payload, const QString& event, JobId job);
    /** Waits until every sent transaction left the mempool; the first one not included, or "". */
    QString settle(std::map<QString, QString>* created_jobs = nullptr);
    qint64 rss_kib() const;

    std::unique_ptr<BerthdProcess> m_node;
    std::map<QString, std::uint64_t> m_nonces;
    std::vector<Sent> m_unsettled;
    std::map<std::pair<QString, QString>, int> m_expected; // (event, job) → how many
    std::map<std::pair<QString, QString>, int> m_streamed;
};

bool TestLoad::submit(const QString& who, tx::Payload payload, const QString& event, JobId job)
{
    const PrivateKey key = Devnet::demo_key(who);
    if (!m_nonces.count(who)) {
        const auto account = m_node->get(QStringLiteral("/accounts/") + QString::fromStdString(Address::of(key.public_key()).str()));
        m_nonces[who] = account.body.object().value("next_nonce").toString().toULongLong();
    }
    for (int attempt = 0; attempt < 600; ++attempt) {
        const auto reply = m_node->submit(Transaction::make("berth-devnet", key, m_nonces[who], payload));
        if (reply.status == 202) {
            ++m_nonces[who];
            m_unsettled.push_back({reply.body.object().value("id").toString(), event, job ? QString::number(job) : QString()});
            return true;
        }
        if (reply.status != 503) {
            qWarning() << "refused:" << reply.status << reply.body.toJson(QJsonDocument::Compact);
            return false;
        }
        QTest::qWait(100);
    }
    return false;
}

QString TestLoad::settle(std::map<QString, QString>* created_jobs)
{
    for (const Sent& sent : m_unsettled) {
        QJsonObject status;
        for (int i = 0; i < 1200; ++i) {
            status = m_node->get(QStringLiteral("/tx/") + sent.id).body.object();
            if (status.value("status") != QLatin1String("pending")) break;
            QTest::qWait(50);
        }
        if (status.value("status") != QLatin1String("included"))
            return QStringLiteral("%1 (%2) is not included: %3").arg(sent.id, sent.event, QString::fromUtf8(QJsonDocument(status).toJson()));
        const QString job = sent.job.isEmpty() ? status.value("order_id").toString() : sent.job;
        if (created_jobs) (*created_jobs)[sent.id] = job;
        ++m_expected[{sent.event, job}];
    }
    m_unsettled.clear();
    return {};
}

qint64 TestLoad::rss_kib() const
{
    QFile status(QStringLiteral("/proc/%1/status").arg(m_node->pid()));
    if (!status.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

void TestLoad::holdsConcurrentLeases()
{
    const int leases = from_environment("BERTH_LOAD_LEASES", 12);
    const int seconds = from_environment("BERTH_LOAD_SECONDS", 5);
    // Every demo provider offers at least 3 cpu.small; a few spare ones keep matching easy.
    const int providers = std::min(1000, leases / 3 + 2);
    qInfo("%d leases for %d s on %d providers", leases, seconds, providers);

    QTemporaryDir dir;
    m_node = std::make_unique<BerthdProcess>(dir.path(), QStringList{QStringLiteral("--devnet"), QStringLiteral("--block-ms"),
                                                                     QStringLiteral("500"), QStringLiteral("--demo-providers"),
                                                                     QString::number(providers), QStringLiteral("--no-agents"),
                                                                     QStringLiteral("--param"), QStringLiteral("max_lookup_windows=1000000")});
    QVERIFY2(m_node->start(60000), qPrintable(m_node->log()));
    QWebSocket stream;
    connect(&stream, &QWebSocket::textMessageReceived, this, [this](const QString& text) {
        const QJsonObject event = QJsonDocument::fromJson(text.toUtf8()).object();
        ++m_streamed[{event.value("name").toString(), event.value("lease_id").toString()}];
    });
    QUrl stream_url = m_node->rpc_url();
    stream_url.setScheme(QStringLiteral("ws"));
    stream_url.setPath(QStringLiteral("/events/stream"));
    stream.open(stream_url);
    QTRY_COMPARE_WITH_TIMEOUT(stream.state(), QAbstractSocket::ConnectedState, 10000);

    // Orders, paid for the whole run and a margin.
    const Amount max_price = price::from_base_units(12);
    for (int i = 0; i < leases; ++i) {
        const tx::CreateOrder order{"cpu.small", 1,
                                    max_price,   Hash256::of(as_bytes("load " + std::to_string(i))),
                                    "",          price::cover(max_price, static_cast<std::uint64_t>(seconds) + 600)};
        QVERIFY(submit(QStringLiteral("alice"), order, QStringLiteral("PROVIDER_LOOKUP"), 0));
    }
    std::map<QString, QString> orders;
    QString problem = settle(&orders);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // Each order gets one bid, from a provider with a free unit of cpu.small.
    std::vector<std::pair<QString, int>> free_units; // provider name → units left
    for (int p = 1; p <= providers; ++p) {
        const QString name = QStringLiteral("provider%1").arg(p);
        const auto reply =
            m_node->get(QStringLiteral("/providers/") + QString::fromStdString(Address::of(Devnet::demo_key(name).public_key()).str()));
        for (const QJsonValue offer : reply.body.object().value("offers").toArray())
            if (offer.toObject().value("instance_type") == QLatin1String("cpu.small"))
                free_units.emplace_back(name, offer.toObject().value("free").toInt());
    }
    std::map<JobId, QString> provider_of;
    std::size_t next_provider = 0;
    for (const auto& [tx_id, order] : orders) {
        while (next_provider < free_units.size() && free_units[next_provider].second == 0) ++next_provider;
        QVERIFY2(next_provider < free_units.size(), "the providers have too little capacity");
        const JobId job = order.toULongLong();
        provider_of[job] = free_units[next_provider].first;
        --free_units[next_provider].second;
        QVERIFY(submit(provider_of[job], tx::CreateBid{job, price::from_base_units(1)}, QStringLiteral("CREATE_BID"), job));
    }
    problem = settle();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    for (const auto& [job, provider] : provider_of)
        QTRY_VERIFY_WITH_TIMEOUT(m_streamed.count({QStringLiteral("CREATE_LEASE"), QString::number(job)}), 60000);
    for (const auto& [job, provider] : provider_of) QVERIFY(submit(provider, tx::LeaseReady{job}, QStringLiteral("LEASE_READY"), job));
    problem = settle();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    for (const auto& [job, provider] : provider_of) {
        const Access access{"127.0.0.1", {8080}, {"http://127.0.0.1:8080/" + std::to_string(job)}};
        QVERIFY(submit(provider, tx::ConfirmDeployment{job, access}, QStringLiteral("DEPLOYMENT_CONFIRMED"), job));
    }
    problem = settle();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // The steady phase: escrow top-ups on random leases, settled in batches.
    const qint64 rss_start = rss_kib();
    std::mt19937 random(1);
    std::vector<JobId> jobs;
    for (const auto& [job, provider] : provider_of) jobs.push_back(job);
    QElapsedTimer steady;
    steady.start();
    int deposits = 0;
    while (steady.elapsed() < seconds * 1000LL) {
        for (int i = 0; i < 50; ++i, ++deposits) {
            const JobId job = jobs[random() % jobs.size()];
            QVERIFY(submit(QStringLiteral("alice"), tx::DepositEscrow{job, 1 + random() % 100}, QStringLiteral("ESCROW_DEPOSITED"), job));
        }
        problem = settle();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
    const qint64 rss_end = rss_kib();

    int live = 0;
    for (const QJsonValue lease : m_node->get(QStringLiteral("/leases")).body.array())
        if (lease.toObject().value("state") == QLatin1String("DEPLOYMENT_CONFIRMED")) ++live;
    QCOMPARE(live, leases);
    // Every event of an included transaction reaches the stream; give the last block time to arrive.
    auto missing = [this] {
        for (const auto& [key, count] : m_expected)
            if (m_streamed[key] < count)
                return QStringLiteral("%1 of lease %2: %3 expected, %4 streamed").arg(key.first, key.second).arg(count).arg(m_streamed[key]);
        return QString();
    };
    QTRY_VERIFY_WITH_TIMEOUT(missing().isEmpty(), 10000);
    qInfo("%d leases live; %d deposits in %lld s; berthd RSS %lld KiB at the start of the steady phase, %lld KiB at its end", live, deposits,
          steady.elapsed() / 1000, rss_start, rss_end);
    std::printf("{\"leases\": %d, \"deposits\": %d, \"seconds\": %lld, \"rss_start_kib\": %lld, \"rss_end_kib\": %lld}\n", live, deposits,
                steady.elapsed() / 1000, rss_start, rss_end);
    QCOMPARE(m_node->terminate(), 0);
}

BERTH_QTEST_GUILESS(TestLoad)
#include "tst_load.moc"
