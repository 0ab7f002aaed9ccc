// The etcd client against a real 3-member etcd cluster: reads, writes, conditional
// transactions, leases, and calls that go on when a member dies.

#include "etcdcluster.h"

#include <etcdclient.h>

#include <testcase.h>

#include <QEventLoop>
#include <QJsonArray>
#include <QTest>
#include <QTimer>

using namespace berth;
using berth::test::EtcdCluster;

namespace {

template <typename Call>
EtcdResult wait_for(Call&& call)
{
    return EtcdCluster::wait_for(std::forward<Call>(call));
}

} // namespace

class TestEtcd : public QObject
{
    Q_OBJECT

    std::unique_ptr<EtcdCluster> m_cluster;

private Q_SLOTS:
    void initTestCase()
    {
        m_cluster = std::make_unique<EtcdCluster>(3);
        QVERIFY2(m_cluster->start(), qPrintable(m_cluster->error()));
    }

    void putAndRangeKeepBinaryBytes()
    {
        EtcdClient client(m_cluster->client_urls());
        const QByteArray value("\x00\x01\xff block bytes", 15);
        const EtcdResult put = wait_for([&](auto done) { client.put("/t/binary", value, 0, done); });
        QVERIFY2(put.ok(), qPrintable(put.error));
        QVERIFY(put.revision() > 0);
        const EtcdResult read = wait_for([&](auto done) { client.range("/t/binary", {}, 0, done); });
        QVERIFY2(read.ok(), qPrintable(read.error));
        QCOMPARE(read.kvs().size(), std::size_t{1});
        QCOMPARE(read.kvs()[0].value, value);
        QCOMPARE(read.kvs()[0].key, QByteArray("/t/binary"));
    }

    void prefixRangeReadsInKeyOrder()
    {
        EtcdClient client(m_cluster->client_urls());
        for (const char* key : {"/p/3", "/p/1", "/p/2", "/q/1"}) QVERIFY(wait_for([&](auto done) { client.put(key, key, 0, done); }).ok());
        const EtcdResult read = wait_for([&](auto done) { client.range("/p/", EtcdClient::prefix_end("/p/"), 0, done); });
        QVERIFY2(read.ok(), qPrintable(read.error));
        const auto kvs = read.kvs();
        QCOMPARE(kvs.size(), std::size_t{3});
        QCOMPARE(kvs[0].key, QByteArray("/p/1"));
        QCOMPARE(kvs[2].key, QByteArray("/p/3"));
        const EtcdResult limited = wait_for([&](auto done) { client.range("/p/", EtcdClient::prefix_end("/p/"), 2, done); });
        QCOMPARE(limited.kvs().size(), std::size_t{2});
        QCOMPARE(EtcdClient::prefix_end("a\xff"), QByteArray("b"));
    }

    void createIfAbsentSucceedsOnce()
    {
        EtcdClient client(m_cluster->client_urls());
        auto create = [&](const QByteArray& value) {
            return wait_for([&](auto done) {
                client.txn(QJsonArray{EtcdClient::absent("/t/height/1")}, QJsonArray{EtcdClient::put_op("/t/height/1", value)},
                           QJsonArray{EtcdClient::range_op("/t/height/1")}, done);
            });
        };
        const EtcdResult first = create("first");
        QVERIFY2(first.ok(), qPrintable(first.error));
        QVERIFY(first.succeeded());
        const EtcdResult second = create("second");
        QVERIFY2(second.ok(), qPrintable(second.error));
        QVERIFY(!second.succeeded());
        const EtcdResult read = wait_for([&](auto done) { client.range("/t/height/1", {}, 0, done); });
        QCOMPARE(read.kvs().at(0).value, QByteArray("first"));
        // A compare on the value: only the holder of the key's exact value passes.
        const EtcdResult guarded = wait_for([&](auto done) {
            client.txn(QJsonArray{EtcdClient::holds("/t/height/1", "second")}, QJsonArray{EtcdClient::put_op("/t/x", "y")}, {}, done);
        });
        QVERIFY(guarded.ok());
        QVERIFY(!guarded.succeeded());
    }

    void leasedKeyGoesWithItsLease()
    {
        EtcdClient client(m_cluster->client_urls());
        const EtcdResult grant = wait_for([&](auto done) { client.grant_lease(30, done); });
        QVERIFY2(grant.ok(), qPrintable(grant.error));
        const qint64 lease = grant.body.value("ID").toString().toLongLong();
        QVERIFY(lease != 0);
        QVERIFY(wait_for([&](auto done) { client.put("/t/leader", "me", lease, done); }).ok());
        const EtcdResult kept = wait_for([&](auto done) { client.keep_alive(lease, done); });
        QVERIFY2(kept.ok(), qPrintable(kept.error));
        QVERIFY(kept.body.value("TTL").toString().toLongLong() > 0);
        const EtcdResult read = wait_for([&](auto done) { client.range("/t/leader", {}, 0, done); });
        QCOMPARE(read.kvs().at(0).lease, lease);
        QVERIFY(wait_for([&](auto done) { client.revoke_lease(lease, done); }).ok());
        QVERIFY(wait_for([&](auto done) { client.range("/t/leader", {}, 0, done); }).kvs().empty());
    }

    void membersAreListed()
    {
        EtcdClient client(m_cluster->client_urls());
        const EtcdResult members = wait_for([&](auto done) { client.members(done); });
        QVERIFY2(members.ok(), qPrintable(members.error));
        QCOMPARE(members.body.value("members").toArray().size(), 3);
    }

    void unreachableClusterIsAnError()
    {
        EtcdClient client({QUrl("http://127.0.0.1:1"), QUrl("http://127.0.0.1:2")});
        const EtcdResult r = wait_for([&](auto done) { client.range("/t/x", {}, 0, done); });
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains("127.0.0.1"), qPrintable(r.error));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, EtcdClient({}, std::nullopt));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, EtcdClient({QUrl("ftp://127.0.0.1:1")}, std::nullopt));
    }

    void clientCertificatesAreRequiredAndUsed()
    {
        EtcdCluster tls(1);
        tls.require_client_certificates();
        QVERIFY2(tls.start(), qPrintable(tls.error()));
        EtcdClient client(tls.client_urls(), EtcdTls{tls.ca_file(), tls.client_cert_file(), tls.client_key_file()});
        const EtcdResult put = wait_for([&](auto done) { client.put("/t/tls", "yes", 0, done); });
        QVERIFY2(put.ok(), qPrintable(put.error));
        QCOMPARE(wait_for([&](auto done) { client.range("/t/tls", {}, 0, done); }).kvs().at(0).value, QByteArray("yes"));
        // Trusting the CA but presenting no certificate: etcd refuses the handshake.
        EtcdClient anonymous(tls.client_urls(), EtcdTls{tls.ca_file(), {}, {}});
        const EtcdResult refused = wait_for([&](auto done) { anonymous.range("/t/tls", {}, 0, done); });
        QVERIFY(!refused.ok());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, EtcdClient(tls.client_urls(), EtcdTls{tls.ca_file(), tls.client_cert_file(), {}}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, EtcdClient(tls.client_urls(), EtcdTls{"/nonexistent/ca.crt", {}, {}}));
    }

    // Last: it kills a member.
    void callsGoOnWhenAMemberDies()
    {
        EtcdClient client(m_cluster->client_urls());
        QVERIFY(wait_for([&](auto done) { client.put("/t/before", "1", 0, done); }).ok());
        m_cluster->kill(0); // the client's first endpoint
        for (int i = 0; i < 5; ++i) {
            const EtcdResult r = wait_for([&](auto done) { client.put("/t/after", QByteArray::number(i), 0, done); });
            QVERIFY2(r.ok(), qPrintable(r.error));
        }
        const EtcdResult read = wait_for([&](auto done) { client.range("/t/after", {}, 0, done); });
        QCOMPARE(read.kvs().at(0).value, QByteArray("4"));
    }
};

BERTH_QTEST_GUILESS(TestEtcd)
#include "tst_etcd.moc"
