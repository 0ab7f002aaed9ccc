// A Berth network across hosts: three network namespaces joined by veth pairs to one bridge,
// each host running one etcd member and one berthd node that reach each other only over their
// non-loopback addresses, as on real machines. The RPC of each node stays on its own host's
// loopback; the test reaches it from there.

#include "berthdprocess.h"
#include "e2etestsupport.h"
#include "etcdcluster.h"
#include "hostnetwork.h"

#include <testcase.h>

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <map>
#include <memory>

using namespace berth;
using berth::test::BerthdProcess;
using berth::test::EtcdCluster;
using berth::test::HostNetwork;
using berth::test::wait_until;

namespace {

struct HostCliResult {
    int exit_code = -1;
    QJsonObject json;
    QString err;
};

HostCliResult cli_on_host(const QStringList& prefix, const QStringList& args)
{
    QProcess p;
    const QStringList full = QStringList{QStringLiteral(BERTH_CLI_PATH), QStringLiteral("--json")} + args;
    if (prefix.isEmpty())
        p.start(full.first(), full.mid(1));
    else
        p.start(prefix.first(), prefix.mid(1) + full);
    HostCliResult r;
    if (!p.waitForFinished(90000)) {
        p.kill();
        r.err = QStringLiteral("berth-cli timed out");
        return r;
    }
    r.exit_code = p.exitCode();
    r.json = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class TestNetworkHosts : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<HostNetwork> m_hosts;
    std::unique_ptr<EtcdCluster> m_etcd;
    std::vector<std::unique_ptr<BerthdProcess>> m_nodes;
    QString m_genesis;

    QString datadir(int host) const { return m_dir.filePath(QStringLiteral("host%1").arg(host)); }
    std::uint64_t height(std::size_t host) { return m_nodes[host]->get("/status").body.object().value("height").toString().toULongLong(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("BERTH_PASSPHRASE", QByteArrayLiteral("hosts-test-passphrase"));
        m_hosts = std::make_unique<HostNetwork>(3);
        QVERIFY2(m_hosts->create(), qPrintable(m_hosts->error()));

        QStringList addresses;
        QList<QStringList> prefixes;
        for (int i = 0; i < 3; ++i) {
            addresses << m_hosts->address(i);
            prefixes << m_hosts->exec_prefix(i);
        }
        m_etcd = std::make_unique<EtcdCluster>(3, addresses);
        m_etcd->run_members_in(prefixes);
        QVERIFY2(m_etcd->start(), qPrintable(m_etcd->error()));
        for (const QUrl& url : m_etcd->client_urls()) QVERIFY2(!url.host().startsWith("127."), qPrintable(url.toString()));

        // Keys are made on each host's own data directory; only public halves travel.
        QJsonArray accounts, auditors;
        QStringList producers;
        for (int i = 0; i < 3; ++i) {
            for (const QString& key : {QStringLiteral("node"), QStringLiteral("user"), QStringLiteral("auditor")})
                QCOMPARE(cli_on_host({}, {"--datadir", datadir(i), "keys", "add", key}).exit_code, 0);
            const QJsonObject user = cli_on_host({}, {"--datadir", datadir(i), "keys", "show", "user"}).json;
            const QJsonObject auditor = cli_on_host({}, {"--datadir", datadir(i), "keys", "show", "auditor"}).json;
            accounts.append(QJsonObject{
                {"name", QStringLiteral("user%1").arg(i)}, {"address", user.value("address")}, {"usdc", "1000000000"}, {"pond", "0"}});
            accounts.append(
                QJsonObject{{"name", QStringLiteral("auditor%1").arg(i)}, {"address", auditor.value("address")}, {"usdc", "0"}, {"pond", "0"}});
            auditors.append(QStringLiteral("auditor%1").arg(i));
            if (i < 2) producers << cli_on_host({}, {"--datadir", datadir(i), "keys", "show", "node"}).json.value("public_key").toString();
        }
        // A provider on host 1, staked from the start.
        QCOMPARE(cli_on_host({}, {"--datadir", datadir(1), "keys", "add", "provider"}).exit_code, 0);
        accounts.append(QJsonObject{{"name", "provider"},
                                    {"address", cli_on_host({}, {"--datadir", datadir(1), "keys", "show", "provider"}).json.value("address")},
                                    {"usdc", "0"},
                                    {"pond", "1000000000000000000000"},
                                    {"stake", "100000000000000000000"}});
        QFile balances(m_dir.filePath("balances.json"));
        QVERIFY(balances.open(QIODevice::WriteOnly));
        balances.write(QJsonDocument(QJsonObject{{"accounts", accounts}, {"auditors", auditors}}).toJson());
        balances.close();
        m_genesis = m_dir.filePath("genesis.json");
        const HostCliResult init = cli_on_host({}, {"network", "init", "--chain-id", "berth-hosts", "--balances", balances.fileName(),
                                                    "--producers", producers.join(','), "--params", "block_ms=400", "--out", m_genesis});
        QVERIFY2(init.exit_code == 0, qPrintable(init.err));

        for (int i = 0; i < 3; ++i) {
            QStringList args{"--network", m_genesis, "--etcd", m_etcd->endpoints()};
            if (i < 2)
                args << "--producer"
                     << "node";
            // Host 1's provider serves manifests and workloads on its own address.
            if (i == 1) args << "--listen" << m_hosts->address(1) << "--public-host" << m_hosts->address(1);
            m_nodes.push_back(std::make_unique<BerthdProcess>(datadir(i), args));
            m_nodes.back()->run_in(m_hosts->exec_prefix(i));
            QVERIFY2(m_nodes.back()->start(), qPrintable(m_nodes.back()->log()));
        }
    }

    void aTransactionCrossesHostsAndEveryHostAgrees()
    {
        QVERIFY2(wait_until([&] { return height(2) >= 3; }, 30000), "host 2 follows no blocks");
        const QString to = cli_on_host({}, {"--datadir", datadir(0), "keys", "show", "user"}).json.value("address").toString();
        // user2's key and the node it talks to live on host 2, which does not produce.
        const QString rpc = m_nodes[2]->rpc_url().toString();
        const HostCliResult sent =
            cli_on_host(m_hosts->exec_prefix(2), {"--rpc", rpc, "--datadir", datadir(2), "--from", "user", "transfer", to, "--usdc", "2"});
        QVERIFY2(sent.exit_code == 0, qPrintable(sent.err));
        QVERIFY(wait_until([&] { return m_nodes[0]->get("/accounts/" + to).body.object().value("usdc").toString() == "1002000000"; }, 30000));

        const std::uint64_t top = height(2);
        for (std::size_t i = 0; i < 3; ++i) QVERIFY(wait_until([&] { return height(i) >= top; }, 30000));
        for (std::uint64_t h = 1; h <= top; ++h) {
            const QString hash = m_nodes[0]->get(QStringLiteral("/blocks/%1").arg(h)).body.object().value("hash").toString();
            QVERIFY(!hash.isEmpty());
            for (std::size_t i = 1; i < 3; ++i)
                QCOMPARE(m_nodes[i]->get(QStringLiteral("/blocks/%1").arg(h)).body.object().value("hash").toString(), hash);
        }
        // Each node knows etcd by its members' host addresses, not by loopback.
        const QJsonArray members = m_nodes[1]->get("/status").body.object().value("ordering").toObject().value("members").toArray();
        QCOMPARE(members.size(), 3);
        for (const QJsonValue& m : members) QVERIFY2(m.toString().contains("10.213."), qPrintable(m.toString()));
    }

    void aTenantOnOneHostDeploysOnAProviderOnAnother()
    {
        const QString provider_rpc = m_nodes[1]->rpc_url().toString();
        const QString endpoint = QStringLiteral("https://%1:%2").arg(m_hosts->address(1)).arg(BerthdProcess::free_port());
        HostCliResult r = cli_on_host(m_hosts->exec_prefix(1), {"--rpc", provider_rpc, "--datadir", datadir(1), "--from", "provider", "provider",
                                                                "register", "--name", "host1", "--region", "lab", "--endpoint", endpoint});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        r = cli_on_host(m_hosts->exec_prefix(1), {"--rpc", provider_rpc, "--datadir", datadir(1), "--from", "provider", "provider", "offer",
                                                  "--instance-type", "cpu.small", "--price-per-s", "8", "--capacity", "2"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));

        // The tenant is on host 0; its node learns the provider's endpoint from the chain.
        const QStringList tenant{"--rpc", m_nodes[0]->rpc_url().toString(), "--datadir", datadir(0), "--from", "user"};
        QVERIFY(wait_until(
            [&] {
                const QJsonArray providers = m_nodes[0]->get("/providers").body.array();
                return !providers.isEmpty() && providers.first().toObject().value("endpoint").toString().contains(m_hosts->address(1));
            },
            30000));
        r = cli_on_host(m_hosts->exec_prefix(0), tenant + QStringList{"cert", "create"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        const QString manifest = QStringLiteral(BERTH_MANIFEST_DIR) + "/hello-static.json";
        r = cli_on_host(m_hosts->exec_prefix(0), tenant + QStringList{"order", "create", "--instance-type", "cpu.small", "--max-price-per-s",
                                                                      "20", "--manifest", manifest, "--deposit", "5"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        const QString id = r.json.value("order_id").toString();
        const auto state = [&] { return m_nodes[0]->get("/leases/" + id).body.object().value("state").toString(); };
        QVERIFY2(wait_until([&] { return state() == "LEASE_READY"; }, 30000), qPrintable(state()));
        r = cli_on_host(m_hosts->exec_prefix(0), tenant + QStringList{"lease", "manifest", id, "--file", manifest});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QVERIFY2(wait_until([&] { return state() == "DEPLOYMENT_CONFIRMED"; }, 30000), qPrintable(state()));

        // The access URL names host 1's address, and host 0 reaches it across the link.
        const QJsonObject lease = m_nodes[2]->get("/leases/" + id).body.object();
        const QString url = lease.value("access").toObject().value("urls").toArray().first().toString();
        QVERIFY2(url.contains(m_hosts->address(1)), qPrintable(url));
        QProcess curl;
        curl.start(m_hosts->exec_prefix(0).first(), m_hosts->exec_prefix(0).mid(1) + QStringList{"curl", "-s", "-m", "10", url});
        QVERIFY(curl.waitForFinished(15000));
        QVERIFY2(curl.readAllStandardOutput().contains("Hello from Berth"), "host 0 did not get the workload's page");
        // Host 2's auditor probes it over the link too: no report, no slash.
        QTest::qWait(6000);
        const QJsonArray events = m_nodes[2]->get("/events?lease=" + id).body.array();
        for (const QJsonValue& e : events) QVERIFY2(e.toObject().value("name").toString() != "SLASHED", "the provider was slashed");
    }
};

BERTH_QTEST_GUILESS(TestNetworkHosts)
#include "tst_network_hosts.moc"
