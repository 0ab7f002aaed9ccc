// The desktop app as a member of a Berth network: its embedded node joins a real etcd-ordered
// network that a real berthd produces, follows it live, and the Node page shows the network,
// the producer holding the turn and etcd's members.

#include "guisession.h"

#include <berthdprocess.h>
#include <etcdcluster.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QQuickItem>
#include <QTemporaryDir>
#include <QTest>

using namespace berth;
using berth::test::BerthdProcess;
using berth::test::EtcdCluster;
using berth::test::GuiSession;

namespace {

QJsonObject cli(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral(BERTH_CLI_PATH), QStringList{QStringLiteral("--json")} + args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        qWarning().noquote() << "berth-cli" << args.join(' ') << "failed:" << p.readAllStandardError();
        return {};
    }
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

QString text_of(GuiSession& session, const QString& value_object_name)
{
    QQuickItem* item = session.item(value_object_name);
    return item ? item->property("text").toString() : QString();
}

} // namespace

class TestGuiNetwork : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theAppFollowsANetworkLive()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        qputenv("BERTH_PASSPHRASE", QByteArrayLiteral("gui-network-test"));
        EtcdCluster etcd(1);
        QVERIFY2(etcd.start(), qPrintable(etcd.error()));

        const QString producer_dir = dir.filePath("producer");
        QVERIFY(!cli({"--datadir", producer_dir, "keys", "add", "node"}).isEmpty());
        QVERIFY(!cli({"--datadir", producer_dir, "keys", "add", "auditor"}).isEmpty());
        const QJsonObject node_key = cli({"--datadir", producer_dir, "keys", "show", "node"});
        const QString auditor = cli({"--datadir", producer_dir, "keys", "show", "auditor"}).value("address").toString();
        QFile balances(dir.filePath("balances.json"));
        QVERIFY(balances.open(QIODevice::WriteOnly));
        balances.write(
            QJsonDocument(
                QJsonObject{{"accounts", QJsonArray{QJsonObject{{"name", "auditor"}, {"address", auditor}, {"usdc", "0"}, {"pond", "0"}}}},
                            {"auditors", QJsonArray{"auditor"}}})
                .toJson());
        balances.close();
        const QString genesis = dir.filePath("genesis.json");
        QVERIFY(!cli({"network", "init", "--chain-id", "berth-gui-net", "--balances", balances.fileName(), "--producers",
                      node_key.value("public_key").toString(), "--params", "block_ms=250,auditor_quorum=1", "--out", genesis})
                     .isEmpty());
        BerthdProcess producer(producer_dir, {"--network", genesis, "--etcd", etcd.endpoints(), "--producer", "node"});
        QVERIFY2(producer.start(), qPrintable(producer.log()));

        NodeConfig config;
        config.datadir = dir.filePath("app");
        config.network_genesis = genesis;
        config.etcd_endpoints = etcd.client_urls();
        GuiSession session;
        session.use_config(config);
        QString error;
        QVERIFY2(session.start(&error), qPrintable(error));
        gui::NodeHost& host = session.host();
        QTRY_VERIFY_WITH_TIMEOUT(host.running(), 20000);
        QCOMPARE(host.chainId(), QStringLiteral("berth-gui-net"));
        // Live: the app's node keeps up with what the producer writes.
        const qint64 seen = host.height();
        QTRY_VERIFY_WITH_TIMEOUT(host.height() >= seen + 5, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(host.ordering(), QStringLiteral("etcd"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(host.leader(), node_key.value("public_key").toString(), 10000);
        QVERIFY(!host.leading());
        QTRY_VERIFY_WITH_TIMEOUT(host.inStep(), 10000);
        QCOMPARE(host.orderingMembers().size(), 1);

        QVERIFY(session.show_page("navNode"));
        QTRY_VERIFY_WITH_TIMEOUT(text_of(session, "networkValue").contains("berth-gui-net"), 10000);
        QVERIFY2(text_of(session, "networkValue").contains("etcd"), qPrintable(text_of(session, "networkValue")));
        QCOMPARE(text_of(session, "leaderValue"), node_key.value("public_key").toString());
        QVERIFY(text_of(session, "etcdMembersValue").contains(etcd.client_urls().first().toString()));
        const QString out_dir = qEnvironmentVariable("BERTH_SCREENSHOT_DIR", dir.path());
        QVERIFY(session.window()->grabWindow().save(QDir(out_dir).filePath("node-network.png")));
        qInfo().noquote() << "screenshot:" << QDir(out_dir).filePath("node-network.png");
        QTest::qWait(1500);
    }
};

QTEST_MAIN(TestGuiNetwork)
#include "tst_gui_network.moc"
