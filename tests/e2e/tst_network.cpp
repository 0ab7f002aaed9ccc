// A Berth network on one machine: a real 3-member etcd cluster orders the blocks of three real
// berthd nodes (two allowed to produce), with keys and genesis made by berth-cli as an operator
// would. Every node must agree on every block; the chain survives the loss of its producer and
// of an etcd member; a frozen node catches up; a forged block stops every node that reads it.

#include "berthdprocess.h"
#include "e2etestsupport.h"
#include "etcdcluster.h"

#include <block.h>
#include <etcdclient.h>
#include <etcdordering.h>
#include <keystore.h>
#include <privatekey.h>
#include <qtbytes.h>

#include <testcase.h>

#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <csignal>
#include <memory>

using namespace berth;
using berth::test::BerthdProcess;
using berth::test::EtcdCluster;
using berth::test::wait_until;

namespace {

const QString passphrase = QStringLiteral("network-test-passphrase");

struct CliResult {
    int exit_code = -1;
    QJsonDocument json;
    QString err;
};

CliResult cli(const QStringList& args, int timeout_ms = 60000)
{
    QProcess p;
    p.start(QStringLiteral(BERTH_CLI_PATH), QStringList{QStringLiteral("--json")} + args);
    CliResult r;
    if (!p.waitForFinished(timeout_ms)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("berth-cli timed out");
        return r;
    }
    r.exit_code = p.exitCode();
    r.json = QJsonDocument::fromJson(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

std::uint64_t height_of(BerthdProcess& node)
{
    return node.get(QStringLiteral("/status")).body.object().value("height").toString().toULongLong();
}

} // namespace

class TestNetwork : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<EtcdCluster> m_etcd;
    QString m_genesis;
    std::map<QString, std::unique_ptr<BerthdProcess>> m_nodes;
    QString m_alice, m_bob;

    QString datadir(const QString& node) const { return m_dir.filePath(node); }

    QString key_field(const QString& node, const QString& key, const char* field)
    {
        const CliResult r = cli({QStringLiteral("--datadir"), datadir(node), QStringLiteral("keys"), QStringLiteral("show"), key});
        return r.json.object().value(QLatin1String(field)).toString();
    }

    bool start_node(const QString& name, bool producer)
    {
        QStringList args{QStringLiteral("--network"), m_genesis, QStringLiteral("--etcd"), m_etcd->endpoints()};
        if (producer) args << QStringLiteral("--producer") << QStringLiteral("node");
        m_nodes[name] = std::make_unique<BerthdProcess>(datadir(name), args);
        return m_nodes[name]->start();
    }

    QString rpc(const QString& node) { return m_nodes.at(node)->rpc_url().toString(); }

    /** Every running node has the same block hash and state root at every height up to `height`. */
    void verify_agreement(std::uint64_t height)
    {
        for (auto& [name, node] : m_nodes)
            if (node->is_running())
                QVERIFY2(wait_until([&] { return height_of(*node) >= height; }, 30000), qPrintable(name + " did not reach the height"));
        for (std::uint64_t h = 1; h <= height; ++h) {
            QString hash, root;
            for (auto& [name, node] : m_nodes) {
                if (!node->is_running()) continue;
                const QJsonObject block = node->get(QStringLiteral("/blocks/%1").arg(h)).body.object();
                if (hash.isEmpty()) {
                    hash = block.value("hash").toString();
                    root = block.value("state_root").toString();
                }
                QVERIFY2(!hash.isEmpty(), qPrintable(QStringLiteral("no block %1 on %2").arg(h).arg(name)));
                QCOMPARE(block.value("hash").toString(), hash);
                QCOMPARE(block.value("state_root").toString(), root);
            }
        }
    }

    void transfer_and_expect_inclusion(const QString& via, const QString& from_node, const QString& from, const QString& to)
    {
        const CliResult r = cli({QStringLiteral("--rpc"), rpc(via), QStringLiteral("--datadir"), datadir(from_node), QStringLiteral("--from"),
                                 from, QStringLiteral("transfer"), to, QStringLiteral("--usdc"), QStringLiteral("1")});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("BERTH_PASSPHRASE", passphrase.toUtf8());
        m_etcd = std::make_unique<EtcdCluster>(3);
        QVERIFY2(m_etcd->start(), qPrintable(m_etcd->error()));
        // Each node makes its own keys; only public halves and addresses leave it.
        for (const QString& node : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
            for (const QString& key : {QStringLiteral("node"), QStringLiteral("auditor")}) {
                const CliResult r = cli({QStringLiteral("--datadir"), datadir(node), QStringLiteral("keys"), QStringLiteral("add"), key});
                QVERIFY2(r.exit_code == 0, qPrintable(r.err));
            }
        QCOMPARE(
            cli({QStringLiteral("--datadir"), datadir("a"), QStringLiteral("keys"), QStringLiteral("add"), QStringLiteral("alice")}).exit_code,
            0);
        QCOMPARE(
            cli({QStringLiteral("--datadir"), datadir("c"), QStringLiteral("keys"), QStringLiteral("add"), QStringLiteral("bob")}).exit_code, 0);
        m_alice = key_field("a", "alice", "address");
        m_bob = key_field("c", "bob", "address");
        QVERIFY(!m_alice.isEmpty() && !m_bob.isEmpty());

        QJsonArray accounts{QJsonObject{{"name", "alice"}, {"address", m_alice}, {"usdc", "1000000000"}, {"pond", "0"}},
                            QJsonObject{{"name", "bob"}, {"address", m_bob}, {"usdc", "1000000000"}, {"pond", "0"}}};
        QJsonArray auditors;
        for (const QString& node : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}) {
            const QString address = key_field(node, "auditor", "address");
            accounts.append(QJsonObject{{"name", "auditor-" + node}, {"address", address}, {"usdc", "0"}, {"pond", "0"}});
            auditors.append("auditor-" + node);
        }
        QFile balances(m_dir.filePath("balances.json"));
        QVERIFY(balances.open(QIODevice::WriteOnly));
        balances.write(QJsonDocument(QJsonObject{{"accounts", accounts}, {"auditors", auditors}}).toJson());
        balances.close();
        m_genesis = m_dir.filePath("genesis.json");
        const QString producers = key_field("a", "node", "public_key") + "," + key_field("b", "node", "public_key");
        const CliResult init =
            cli({QStringLiteral("network"), QStringLiteral("init"), QStringLiteral("--chain-id"), QStringLiteral("berth-test-net"),
                 QStringLiteral("--balances"), balances.fileName(), QStringLiteral("--producers"), producers, QStringLiteral("--params"),
                 QStringLiteral("block_ms=300"), QStringLiteral("--out"), m_genesis});
        QVERIFY2(init.exit_code == 0, qPrintable(init.err));

        QVERIFY2(start_node("a", true), qPrintable(m_nodes["a"]->log()));
        QVERIFY2(start_node("b", true), qPrintable(m_nodes["b"]->log()));
        QVERIFY2(start_node("c", false), qPrintable(m_nodes["c"]->log()));
    }

    void transactionOnAnyNodeIsIncludedEverywhere()
    {
        // bob's key lives on c, which does not produce: the transaction travels through etcd.
        transfer_and_expect_inclusion("c", "c", "bob", m_alice);
        const QJsonObject alice = m_nodes["a"]->get("/accounts/" + m_alice).body.object();
        QCOMPARE(alice.value("usdc").toString(), QStringLiteral("1001000000"));
        QCOMPARE(m_nodes["a"]->get("/status").body.object().value("ordering").toObject().value("kind").toString(), QStringLiteral("etcd"));
        verify_agreement(height_of(*m_nodes["c"]));
    }

    void anotherProducerTakesOverWhenTheLeaderDies()
    {
        const QString leader = m_nodes["c"]->get("/status").body.object().value("ordering").toObject().value("leader").toString();
        QString leader_node;
        for (const QString& n : {QStringLiteral("a"), QStringLiteral("b")})
            if (key_field(n, "node", "public_key") == leader) leader_node = n;
        QVERIFY2(!leader_node.isEmpty(), qPrintable("no producer holds the leader key: " + leader));
        const QString other = leader_node == "a" ? "b" : "a";
        m_nodes[leader_node]->kill();
        const std::uint64_t at_kill = height_of(*m_nodes["c"]);
        QVERIFY2(wait_until([&] { return height_of(*m_nodes["c"]) >= at_kill + 5; }, 30000), "no block after the leader died");
        // A transaction sent after the failover is included by the new leader, and nothing included before is lost.
        transfer_and_expect_inclusion("c", "c", "bob", m_alice);
        QCOMPARE(m_nodes[other]->get("/accounts/" + m_alice).body.object().value("usdc").toString(), QStringLiteral("1002000000"));
        QVERIFY2(start_node(leader_node, true), qPrintable(m_nodes[leader_node]->log()));
        verify_agreement(height_of(*m_nodes[other]));
    }

    void theChainGoesOnWithoutOneEtcdMember()
    {
        m_etcd->kill(0);
        const std::uint64_t at_kill = height_of(*m_nodes["c"]);
        QVERIFY2(wait_until([&] { return height_of(*m_nodes["c"]) >= at_kill + 5; }, 30000), "the chain stopped with an etcd member");
        transfer_and_expect_inclusion("a", "a", "alice", m_bob);
        verify_agreement(height_of(*m_nodes["c"]));
    }

    void aFrozenNodeCatchesUp()
    {
        const auto pid = static_cast<pid_t>(m_nodes["c"]->pid());
        ::kill(pid, SIGSTOP);
        QTest::qWait(20000);
        ::kill(pid, SIGCONT);
        const std::uint64_t target = height_of(*m_nodes["a"]);
        QVERIFY2(wait_until([&] { return height_of(*m_nodes["c"]) >= target; }, 30000), "the thawed node did not catch up");
        verify_agreement(target);
    }

    // Last: it stops every node.
    void aForgedBlockStopsEveryNodeThatReadsIt()
    {
        // The producers go, so that the forged block is the only candidate for the next height;
        // all three come back as plain members that must judge it.
        for (auto& [name, node] : m_nodes) node->kill();
        m_nodes.clear();
        for (const QString& n : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}) QVERIFY(start_node(n, false));
        // The members have read every block etcd holds when they are in step with it.
        auto in_step = [&] {
            const QJsonObject ordering = m_nodes["a"]->get("/status").body.object().value("ordering").toObject();
            return ordering.value("in_step").toBool() && ordering.value("known_height").toString().toULongLong() == height_of(*m_nodes["a"]);
        };
        QVERIFY(wait_until(in_step, 30000));
        const std::uint64_t tip = height_of(*m_nodes["a"]);
        const QJsonObject last = m_nodes["a"]->get(QStringLiteral("/blocks/%1").arg(tip)).body.object();

        // A real producer's key signs a block whose state root is not what replaying it gives.
        Keystore keys(QDir(datadir("a")).filePath("keys"));
        const PrivateKey producer = keys.unlock("node", passphrase);
        Block forged;
        forged.header.height = tip + 1;
        forged.header.timestamp_ms = last.value("timestamp_ms").toString().toULongLong() + 300;
        forged.header.prev_hash = Hash256(*fixed_from_hex<Hash256::size>(last.value("hash").toString().toStdString()));
        forged.header.tx_root = Block::transaction_root({});
        forged.header.state_root = Hash256::of(as_byte_view(QByteArray("not the state")));
        forged.header.sign(producer);
        EtcdClient etcd(m_etcd->client_urls().mid(1));
        const EtcdResult put = EtcdCluster::wait_for(
            [&](auto done) { etcd.put(EtcdOrdering::block_key("berth-test-net", tip + 1), to_qbytearray(forged.encode()), 0, done); });
        QVERIFY2(put.ok(), qPrintable(put.error));
        for (auto& [name, node] : m_nodes) {
            QCOMPARE(node->wait_for_exit(30000), 1);
            QVERIFY2(node->log().contains("state root"), qPrintable(name + ": " + node->log()));
        }

        // Signed by a key the genesis does not name: refused for that.
        for (const QString& n : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}) {
            m_nodes[n] = std::make_unique<BerthdProcess>(
                datadir(n), QStringList{QStringLiteral("--network"), m_genesis, QStringLiteral("--etcd"), m_etcd->endpoints()});
        }
        forged.header.state_root = Hash256::of(as_byte_view(QByteArray("still not the state")));
        forged.header.sign(PrivateKey::generate());
        QVERIFY(EtcdCluster::wait_for([&](auto done) {
                    etcd.put(EtcdOrdering::block_key("berth-test-net", tip + 1), to_qbytearray(forged.encode()), 0, done);
                }).ok());
        for (auto& [name, node] : m_nodes) {
            QVERIFY(node->start());
            QCOMPARE(node->wait_for_exit(30000), 1);
            QVERIFY2(node->log().contains("not one of the genesis producers"), qPrintable(name + ": " + node->log()));
        }
    }
};

BERTH_QTEST_GUILESS(TestNetwork)
#include "tst_network.moc"
