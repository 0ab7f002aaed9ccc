#include <auditoragent.h>
#include <devnet.h>
#include <node.h>
#include <price.h>

#include <replicafront.h>
#include <testcase.h>

#include <QDateTime>
#include <QDir>

#include <QHttpServer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <set>

using namespace berth;

/**
 * The auditor agent against a real node and real HTTP: a deployment whose endpoint answers is
 * left alone, one whose endpoint goes away is reported by every auditor until the chain's
 * quorum slashes the provider and reassigns the job, and nothing is reported (or refused as
 * too early) within job_startup_s of the confirmation. The provider's side is scripted here
 * from the block events so that the test controls the access URL.
 */
class TestAuditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void healthyEndpointIsNotReported();
    void deadEndpointIsReportedUntilSlashed();
    void nothingIsReportedWithinStartup();
    void errorStatusAndSilenceAreFaults();
    void pageOfAnotherLeaseIsAFault();

private:
    struct Seen {
        std::uint64_t height = 0;
        std::uint64_t time_ms = 0;
        Event event;
    };

    static constexpr std::uint64_t job_startup_s = 2;
    static constexpr int probe_interval_ms = 100;

    void start_node();
    AuditorAgent& add_auditor(const QString& name);
    /**
     * Listens on 127.0.0.1 and answers GET /health with 200, behind a runtime's front that
     * answers the lease-bound health check for `lease` (0: the next job); returns the URL.
     */
    QString start_endpoint(JobId lease = 0);
    /** A URL on a port nothing listens on. */
    static QString dead_url();
    /** The order goes to provider1, which confirms the deployment with `url`; returns the job once it is confirmed. */
    JobId deploy(const QString& url);
    void on_block(const BlockHeader& header, const std::vector<Event>& events);
    bool send(const QString& who, tx::Payload payload, Hash256* id = nullptr);
    std::vector<Seen> seen(JobId job, EventName name) const;
    const Job& job(JobId id) const { return *m_node->ledger().state().jobs.find(id); }
    Address address(const QString& name) const { return *m_node->named(name); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Node> m_node;
    std::vector<std::unique_ptr<AuditorAgent>> m_auditors;
    std::unique_ptr<QHttpServer> m_http;
    std::unique_ptr<ReplicaFront> m_front;
    std::vector<Seen> m_events;
    std::map<JobId, QString> m_urls;
    /** Block time at each request the endpoint served. */
    std::vector<std::uint64_t> m_hits;
    std::vector<std::pair<JobId, Hash256>> m_reports;
};

void TestAuditor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_events.clear();
    m_urls.clear();
    m_hits.clear();
    m_reports.clear();
    start_node();
}

void TestAuditor::cleanup()
{
    // The agents hold the node; they go first.
    m_auditors.clear();
    m_front.reset();
    m_http.reset();
    if (m_node) m_node->stop();
    m_node.reset();
    m_dir.reset();
}

void TestAuditor::start_node()
{
    // The devnet genesis with a short job_startup_s, written where the node looks for an existing one.
    GenesisFile genesis = Devnet::create(3, 50, static_cast<std::uint64_t>(QDateTime::currentMSecsSinceEpoch()));
    genesis.genesis.params.job_startup_s = job_startup_s;
    genesis.genesis.params.validate();
    genesis.save(QDir(m_dir->path()).filePath(QStringLiteral("genesis.json")));

    NodeConfig config;
    config.datadir = m_dir->path();
    config.devnet = true;
    config.block_ms = 50;
    config.demo_providers = 3;
    config.rpc_enabled = false;
    // The node's own agents stay off: the test plays the provider and runs the auditors itself.
    config.run_agents = false;
    m_node = std::make_unique<Node>(config);
    connect(m_node.get(), &Node::blockCommitted, this, &TestAuditor::on_block);
    m_node->start();
    QCOMPARE(m_node->ledger().params().job_startup_s, job_startup_s);
    QCOMPARE(m_node->ledger().state().globals().auditors.size(), std::size_t{3});
}

AuditorAgent& TestAuditor::add_auditor(const QString& name)
{
    auto agent = std::make_unique<AuditorAgent>(*m_node, name, Devnet::demo_key(name));
    agent->set_probe_interval_ms(probe_interval_ms);
    // Generous: a loaded machine must not turn a healthy answer into a timeout.
    agent->set_probe_timeout_ms(10000);
    connect(agent.get(), &AuditorAgent::faultReportSubmitted, this,
            [this](JobId job, const Hash256& tx, const QString&) { m_reports.emplace_back(job, tx); });
    m_auditors.push_back(std::move(agent));
    return *m_auditors.back();
}

QString TestAuditor::start_endpoint(JobId lease)
{
    m_http = std::make_unique<QHttpServer>();
    m_http->route(QStringLiteral("/health"), [this] {
        m_hits.push_back(m_node->tip().timestamp_ms);
        return QStringLiteral("ok");
    });
    const quint16 port = m_http->listen(QHostAddress::LocalHost, 0);
    if (port == 0) return {};
    m_front = std::make_unique<ReplicaFront>(lease != 0 ? lease : m_node->ledger().state().globals().next_job_id, QStringLiteral("web"), 0);
    if (!m_front->listen(QHostAddress::LocalHost, 0)) return {};
    m_front->set_target(port);
    return QStringLiteral("http://127.0.0.1:%1/health").arg(m_front->port());
}

QString TestAuditor::dead_url()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0)) return {};
    const quint16 port = probe.serverPort();
    probe.close();
    return QStringLiteral("http://127.0.0.1:%1/health").arg(port);
}

bool TestAuditor::send(const QString& who, tx::Payload payload, Hash256* id)
{
    const PrivateKey key = Devnet::demo_key(who);
    const Transaction t =
        Transaction::make(m_node->ledger().params().chain_id, key, m_node->next_nonce(Address::of(key.public_key())), std::move(payload));
    if (auto rejection = m_node->submit(t)) {
        qWarning() << who << "transaction refused:" << QString::fromStdString(rejection->message);
        return false;
    }
    if (id) *id = t.id();
    return true;
}

void TestAuditor::on_block(const BlockHeader& header, const std::vector<Event>& events)
{
    const Address provider1 = address(QStringLiteral("provider1"));
    for (const Event& e : events) {
        m_events.push_back({header.height, header.timestamp_ms, e});
        auto url = m_urls.find(e.job);
        if (url == m_urls.end()) continue;
        const Job& j = job(e.job);
        // provider1's side of the lifecycle, answered in the block after each step like its agent would.
        if (e.name == EventName::ProviderLookup && j.state == JobState::ProviderLookup &&
            std::find(j.excluded.begin(), j.excluded.end(), provider1) == j.excluded.end()) {
            send(QStringLiteral("provider1"), tx::CreateBid{e.job, price::from_base_units(9)});
        } else if (e.name == EventName::CreateLease && j.state == JobState::CreateLease && j.provider == provider1) {
            send(QStringLiteral("provider1"), tx::LeaseReady{e.job});
        } else if (e.name == EventName::LeaseReady && j.state == JobState::LeaseReady && j.provider == provider1) {
            const QUrl u(url->second);
            send(QStringLiteral("provider1"),
                 tx::ConfirmDeployment{e.job, Access{"127.0.0.1", {static_cast<std::uint32_t>(u.port())}, {url->second.toStdString()}}});
        }
    }
}

JobId TestAuditor::deploy(const QString& url)
{
    tx::CreateOrder order;
    order.instance_type = "cpu.small";
    order.max_price_per_s = price::from_base_units(20);
    order.manifest_hash = Hash256::of(as_bytes("auditor test manifest"));
    order.deposit = 1'000'000;
    Hash256 id;
    if (!send(QStringLiteral("alice"), order, &id)) return 0;
    // The order's first lookup window opens in the block that includes it, before this sees the job id;
    // the URL is registered against the next job id so the scripted provider bids in that window.
    const JobId expected = m_node->ledger().state().globals().next_job_id;
    m_urls[expected] = url;
    if (!QTest::qWaitFor([&] { return m_node->status(id).kind == TxStatus::Kind::Included; }, 10000)) return 0;
    const JobId created = m_node->status(id).created_job;
    if (created != expected) return 0;
    if (!QTest::qWaitFor([&] { return job(created).state == JobState::DeploymentConfirmed; }, 15000)) return 0;
    return created;
}

std::vector<TestAuditor::Seen> TestAuditor::seen(JobId job, EventName name) const
{
    std::vector<Seen> out;
    for (const Seen& s : m_events)
        if (s.event.job == job && s.event.name == name) out.push_back(s);
    return out;
}

void TestAuditor::healthyEndpointIsNotReported()
{
    AuditorAgent& first = add_auditor(QStringLiteral("auditor1"));
    const QString url = start_endpoint();
    QVERIFY(!url.isEmpty());
    const JobId id = deploy(url);
    QVERIFY(id != 0);
    QVERIFY(first.watches(id));
    // An agent started on a running deployment finds it in the state.
    AuditorAgent& second = add_auditor(QStringLiteral("auditor2"));
    QVERIFY(second.watches(id));

    const std::uint64_t due_ms = job(id).confirmed_at_ms + job_startup_s * 1000;
    // Well past job_startup_s, and both agents have probed a good number of times.
    QTRY_VERIFY_WITH_TIMEOUT(m_node->tip().timestamp_ms >= due_ms + 10 * probe_interval_ms && m_hits.size() >= 20, 30000);
    const std::uint64_t until_ms = m_node->tip().timestamp_ms;
    QVERIFY(seen(id, EventName::FaultReported).empty());
    QVERIFY(m_reports.empty());
    QCOMPARE(job(id).state, JobState::DeploymentConfirmed);
    QCOMPARE(job(id).provider, address(QStringLiteral("provider1")));
    // No probe went out before the startup time, in block time.
    for (std::uint64_t hit : m_hits) QVERIFY(hit >= due_ms);
    QVERIFY(until_ms >= due_ms);
}

void TestAuditor::deadEndpointIsReportedUntilSlashed()
{
    add_auditor(QStringLiteral("auditor1"));
    const QString url = start_endpoint();
    QVERIFY(!url.isEmpty());
    const JobId id = deploy(url);
    QVERIFY(id != 0);
    add_auditor(QStringLiteral("auditor2"));

    const Address provider1 = address(QStringLiteral("provider1"));
    const Amount stake_before = m_node->ledger().state().accounts.find(provider1)->stake;
    const std::uint64_t due_ms = job(id).confirmed_at_ms + job_startup_s * 1000;
    // Healthy first: both agents probe it past the startup time without a report.
    QTRY_VERIFY_WITH_TIMEOUT(m_node->tip().timestamp_ms >= due_ms && m_hits.size() >= 4, 30000);
    QVERIFY(seen(id, EventName::FaultReported).empty());

    m_http.reset();
    const std::size_t shut_at = m_events.size();
    QTRY_VERIFY_WITH_TIMEOUT(!seen(id, EventName::JobReassigned).empty(), 30000);

    const Params& params = m_node->ledger().params();
    const auto reports = seen(id, EventName::FaultReported);
    const auto slashes = seen(id, EventName::Slashed);
    const auto reassignments = seen(id, EventName::JobReassigned);
    QCOMPARE(reports.size(), std::size_t{params.auditor_quorum});
    QCOMPARE(slashes.size(), std::size_t{1});
    QCOMPARE(reassignments.size(), std::size_t{1});
    const std::set<Address> reporters{reports[0].event.account, reports[1].event.account};
    QCOMPARE(reporters, (std::set<Address>{address(QStringLiteral("auditor1")), address(QStringLiteral("auditor2"))}));
    for (const Seen& r : reports) {
        QCOMPARE(r.event.field("provider"), provider1.str());
        QVERIFY2(r.event.field("reason").find("GET " + url.toStdString()) == 0, r.event.field("reason").c_str());
    }

    // FAULT_REPORTED, then at quorum SLASHED and JOB_REASSIGNED, all after the endpoint went away.
    auto index_of = [&](JobId job, EventName name) {
        for (std::size_t i = shut_at; i < m_events.size(); ++i)
            if (m_events[i].event.job == job && m_events[i].event.name == name) return i;
        return m_events.size();
    };
    QVERIFY(index_of(id, EventName::FaultReported) < index_of(id, EventName::Slashed));
    QVERIFY(index_of(id, EventName::Slashed) < index_of(id, EventName::JobReassigned));
    QCOMPARE(slashes[0].height, reports.back().height);
    QCOMPARE(reassignments[0].event.field("from"), provider1.str());

    const Amount penalty = params.stake_per_job * params.slash_fraction_bps / 10000;
    QCOMPARE(slashes[0].event.field("amount"), to_string(penalty));
    QCOMPARE(m_node->ledger().state().accounts.find(provider1)->stake, stake_before - penalty);
    QVERIFY(std::find(job(id).excluded.begin(), job(id).excluded.end(), provider1) != job(id).excluded.end());

    // Each submitted report made it into a block; the agents let go of the job.
    QCOMPARE(m_reports.size(), std::size_t{2});
    for (const auto& [job_id, tx] : m_reports) {
        QCOMPARE(job_id, id);
        QCOMPARE(m_node->status(tx).kind, TxStatus::Kind::Included);
    }
    for (const auto& agent : m_auditors) QVERIFY(!agent->watches(id));
    const std::uint64_t height = m_node->tip().height;
    QTRY_VERIFY_WITH_TIMEOUT(m_node->tip().height >= height + 10, 10000);
    QCOMPARE(seen(id, EventName::FaultReported).size(), reports.size());
    QCOMPARE(m_reports.size(), std::size_t{2});
}

void TestAuditor::nothingIsReportedWithinStartup()
{
    // The endpoint is down from the start: a report before job_startup_s would be refused as too early.
    add_auditor(QStringLiteral("auditor1"));
    add_auditor(QStringLiteral("auditor2"));
    add_auditor(QStringLiteral("auditor3"));
    const QString url = dead_url();
    QVERIFY(!url.isEmpty());
    const JobId id = deploy(url);
    QVERIFY(id != 0);
    const std::uint64_t due_ms = job(id).confirmed_at_ms + job_startup_s * 1000;

    QTRY_VERIFY_WITH_TIMEOUT(!seen(id, EventName::JobReassigned).empty(), 30000);
    const auto reports = seen(id, EventName::FaultReported);
    QVERIFY(!reports.empty());
    for (const Seen& r : reports) QVERIFY(r.time_ms >= due_ms);
    QVERIFY(seen(id, EventName::Slashed).front().time_ms >= due_ms);

    // No report the agents sent was refused as too early. A third auditor may lose the race to
    // the quorum and be told the job is no longer monitored; that is the only refusal allowed.
    QVERIFY(m_reports.size() >= 2);
    for (const auto& [job_id, tx] : m_reports) {
        QCOMPARE(job_id, id);
        QTRY_VERIFY_WITH_TIMEOUT(m_node->status(tx).kind != TxStatus::Kind::Pending, 10000);
        const TxStatus status = m_node->status(tx);
        if (status.kind == TxStatus::Kind::Rejected)
            QCOMPARE(status.code, std::string("wrong_state"));
        else
            QCOMPARE(status.kind, TxStatus::Kind::Included);
    }
}

void TestAuditor::errorStatusAndSilenceAreFaults()
{
    // One endpoint answers 503; the other accepts connections and never says a word.
    m_http = std::make_unique<QHttpServer>();
    m_http->route(QStringLiteral("/health"), [] { return QHttpServerResponse(QHttpServerResponse::StatusCode::ServiceUnavailable); });
    const quint16 port = m_http->listen(QHostAddress::LocalHost, 0);
    QVERIFY(port != 0);
    const QString failing = QStringLiteral("http://127.0.0.1:%1/health").arg(port);
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    const QString hanging = QStringLiteral("http://127.0.0.1:%1/health").arg(silent.serverPort());

    for (const QString& name : {QStringLiteral("auditor1"), QStringLiteral("auditor2")}) add_auditor(name).set_probe_timeout_ms(500);
    const JobId answered = deploy(failing);
    QVERIFY(answered != 0);
    const JobId unanswered = deploy(hanging);
    QVERIFY(unanswered != 0);

    QTRY_VERIFY_WITH_TIMEOUT(!seen(answered, EventName::JobReassigned).empty() && !seen(unanswered, EventName::JobReassigned).empty(), 30000);
    for (const Seen& r : seen(answered, EventName::FaultReported))
        QCOMPARE(r.event.field("reason"), "GET " + failing.toStdString() + " answered HTTP 503");
    for (const Seen& r : seen(unanswered, EventName::FaultReported))
        QCOMPARE(r.event.field("reason"), "GET " + hanging.toStdString() + " timed out after 500 ms");
    QCOMPARE(seen(answered, EventName::Slashed).size(), std::size_t{1});
    QCOMPARE(seen(unanswered, EventName::Slashed).size(), std::size_t{1});
}

void TestAuditor::pageOfAnotherLeaseIsAFault()
{
    // The URL answers 200, but its origin says it serves another lease: the provider pointed the
    // auditors at something other than this lease's deployment.
    const JobId other = m_node->ledger().state().globals().next_job_id + 100;
    const QString url = start_endpoint(other);
    QVERIFY(!url.isEmpty());
    for (const QString& name : {QStringLiteral("auditor1"), QStringLiteral("auditor2")}) add_auditor(name);
    const JobId id = deploy(url);
    QVERIFY(id != 0);
    QTRY_VERIFY_WITH_TIMEOUT(!seen(id, EventName::JobReassigned).empty(), 30000);
    QVERIFY(!m_hits.empty());
    const std::string expected = "serves lease " + std::to_string(other) + ", not lease " + std::to_string(id);
    for (const Seen& r : seen(id, EventName::FaultReported)) {
        const std::string reason = r.event.field("reason");
        QVERIFY2(reason.find("/.well-known/berth/lease?challenge=") != std::string::npos && reason.find(expected) != std::string::npos,
                 reason.c_str());
    }
    QCOMPARE(seen(id, EventName::Slashed).size(), std::size_t{1});
}

BERTH_QTEST_GUILESS(TestAuditor)
#include "tst_auditor.moc"
