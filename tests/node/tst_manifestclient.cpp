#include <genesis.h>
#include <hash.h>
#include <ledger.h>
#include <manifestclient.h>
#include <manifestserver.h>
#include <manifeststore.h>
#include <price.h>
#include <tlscontext.h>
#include <tlsidentity.h>

#include <testcase.h>

#include <QFile>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QtTest>

#include <memory>

using namespace berth;

namespace {

constexpr JobId lease_id = 1;

Address address_of(const char* label)
{
    return Address::of(PublicKey(Hash256::of(as_bytes(label)).bytes()));
}

/** A chain where `owner` holds lease 1 with `provider`, ready for the manifest with `hash`, and has published `certificate`. */
std::unique_ptr<Ledger> ready_lease(const Address& owner, const Address& provider, const QByteArray& certificate, const Hash256& hash)
{
    Genesis g;
    g.params.chain_id = "berth-test";
    g.timestamp_ms = 1'700'000'000'000;
    g.params.auditor_quorum = 1;
    g.auditors.push_back(address_of("auditor"));
    g.accounts.push_back({owner, Amount(1'000'000'000'000ULL), 0, 0});
    g.accounts.push_back({provider, 0, 0, g.params.stake_per_job * 10});
    Genesis::Provider entry{provider, "provider", "eu-west", "https://127.0.0.1", {}};
    entry.offers["cpu.small"] = Offer{price::from_base_units(10), 10, 0};
    g.providers.push_back(std::move(entry));
    State state = g.build_state();
    state.accounts.write(owner).certificate = Bytes(certificate.begin(), certificate.end());
    Job& job = state.jobs.write(lease_id);
    job.id = lease_id;
    job.owner = owner;
    job.provider = provider;
    job.instance_type = "cpu.small";
    job.manifest_hash = hash;
    job.state = JobState::LeaseReady;
    state.write_globals().next_job_id = lease_id + 1;
    state.commit();
    return std::make_unique<Ledger>(std::move(state));
}

} // namespace

/**
 * ManifestClient against a ManifestServer on loopback, both doing TLS with OpenSSL on long-lived
 * contexts: uploads and status requests share one client context per identity and provider,
 * and the mTLS checks still refuse, at the handshake and without retrying, a client the server
 * does not trust (another, a revoked or no certificate) and a server that is not the pinned
 * provider; Qt's own TLS clients still talk to the server.
 */
class TestManifestClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void manyUploadsShareOneContext();
    void statusIsRead();
    void untrustedClientIsRefused();
    void otherProviderIsRefused();
    void plainHttpEndpointIsRefused();
    void serverAnswersAreRead();
    void revokedClientIsRefused();
    void clientWithoutCertificateIsRefused();
    void silentConnectionIsClosed();
    void logStreamThroughQtReachesServer();

private:
    /** Uploads `manifest` with `identity`, pinning `pinned`, and waits for the answer. */
    ManifestReply upload(const TlsIdentity& identity, const QSslCertificate& pinned, const QByteArray& manifest, int give_up_ms = 3000);

    std::unique_ptr<TlsIdentity> m_owner;
    std::unique_ptr<TlsIdentity> m_provider;
    std::unique_ptr<TlsIdentity> m_stranger;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<ManifestServer> m_server;
    QByteArray m_manifest;
    QUrl m_endpoint;
};

void TestManifestClient::initTestCase()
{
    const Address owner = address_of("owner");
    const Address provider = address_of("provider");
    m_owner = std::make_unique<TlsIdentity>(TlsIdentity::generate(owner));
    m_provider = std::make_unique<TlsIdentity>(TlsIdentity::generate(provider));
    m_stranger = std::make_unique<TlsIdentity>(TlsIdentity::generate(address_of("stranger")));
    QFile file(QStringLiteral(BERTH_MANIFEST_DIR "/hello-static.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    m_manifest = file.readAll();
    m_ledger = ready_lease(owner, provider, m_owner->der(), ManifestStore::hash_of(m_manifest));
    m_server = std::make_unique<ManifestServer>(*m_ledger, provider, [](JobId) { return QJsonObject{{"replicas", 1}}; });
    m_endpoint = m_server->start(*m_provider);
    m_server->set_trusted_clients({m_owner->certificate()});
}

void TestManifestClient::cleanupTestCase()
{
    m_server.reset();
}

ManifestReply TestManifestClient::upload(const TlsIdentity& identity, const QSslCertificate& pinned, const QByteArray& manifest, int give_up_ms)
{
    ManifestClient client(identity);
    // By default long enough that a failure wrongly taken for a transient one would be retried.
    client.set_give_up_after_ms(give_up_ms);
    ManifestReply answer;
    QSignalSpy finished(&client, &ManifestClient::uploadFinished);
    connect(&client, &ManifestClient::uploadFinished, this, [&answer](JobId, const ManifestReply& reply) { answer = reply; });
    client.upload(m_endpoint, pinned, lease_id, manifest);
    if (!finished.wait(20000)) return {};
    return answer;
}

void TestManifestClient::manyUploadsShareOneContext()
{
    const int made_before = TlsContext::clients_made();
    for (int i = 0; i < 5; ++i) {
        const ManifestReply reply = upload(*m_owner, m_provider->certificate(), m_manifest);
        QCOMPARE(reply.http_status, 202);
        QCOMPARE(reply.attempts, 1);
        QCOMPARE(reply.body.value(QStringLiteral("lease_id")).toString(), QStringLiteral("1"));
        QCOMPARE(reply.body.value(QStringLiteral("manifest_hash")).toString(), QString::fromStdString(ManifestStore::hash_of(m_manifest).hex()));
    }
    // Five clients, five connections and full handshakes, one OpenSSL context between them.
    QCOMPARE(TlsContext::clients_made(), made_before + 1);
}

void TestManifestClient::statusIsRead()
{
    ManifestClient client(*m_owner);
    ManifestReply reply;
    QSignalSpy finished(&client, &ManifestClient::statusFinished);
    connect(&client, &ManifestClient::statusFinished, this, [&reply](JobId, const ManifestReply& answer) { reply = answer; });
    client.fetch_status(m_endpoint, m_provider->certificate(), lease_id);
    QVERIFY(finished.wait(20000));
    QCOMPARE(reply.http_status, 200);
    QCOMPARE(reply.body.value(QStringLiteral("state")).toString(), QStringLiteral("LEASE_READY"));
    QCOMPARE(reply.body.value(QStringLiteral("replicas")).toInt(), 1);
}

void TestManifestClient::untrustedClientIsRefused()
{
    // A certificate the provider was not told to trust fails the server's side of the handshake;
    // the server's alert tells the client why, so the failure is final and not retried.
    QSignalSpy received(m_server.get(), &ManifestServer::manifestReceived);
    const ManifestReply reply = upload(*m_stranger, m_provider->certificate(), m_manifest);
    QCOMPARE(reply.http_status, 0);
    QVERIFY2(reply.attempts == 1, qPrintable(reply.message()));
    QVERIFY2(!reply.gave_up, qPrintable(reply.message()));
    QVERIFY2(reply.network_error.contains(QStringLiteral("TLS handshake")), qPrintable(reply.network_error));
    QCOMPARE(reply.code(), QStringLiteral("provider_unreachable"));
    QCOMPARE(received.count(), 0);
}

void TestManifestClient::otherProviderIsRefused()
{
    // The server is not the pinned provider: the client ends the handshake itself.
    const ManifestReply reply = upload(*m_owner, m_stranger->certificate(), m_manifest);
    QCOMPARE(reply.http_status, 0);
    QCOMPARE(reply.attempts, 1);
    QVERIFY2(reply.network_error.contains(QStringLiteral("TLS handshake")), qPrintable(reply.network_error));
}

void TestManifestClient::plainHttpEndpointIsRefused()
{
    // An endpoint that is not https is refused before any connection, once, by name.
    ManifestClient client(*m_owner);
    client.set_give_up_after_ms(3000);
    ManifestReply reply;
    QSignalSpy finished(&client, &ManifestClient::uploadFinished);
    connect(&client, &ManifestClient::uploadFinished, this, [&reply](JobId, const ManifestReply& answer) { reply = answer; });
    QUrl plain = m_endpoint;
    plain.setScheme(QStringLiteral("http"));
    client.upload(plain, m_provider->certificate(), lease_id, m_manifest);
    QVERIFY(finished.wait(20000));
    QCOMPARE(reply.http_status, 0);
    QCOMPARE(reply.attempts, 1);
    QVERIFY2(reply.network_error.contains(QStringLiteral("is not an https URL")), qPrintable(reply.network_error));
}

void TestManifestClient::serverAnswersAreRead()
{
    // The connection guard's 413, sent before the body is read, and the handler's 422, both with their JSON error.
    ManifestReply reply = upload(*m_owner, m_provider->certificate(), QByteArray(Manifest::max_bytes + 1, ' '));
    QCOMPARE(reply.http_status, 413);
    QCOMPARE(reply.code(), QStringLiteral("manifest_too_large"));
    reply = upload(*m_owner, m_provider->certificate(), m_manifest + ' ');
    QCOMPARE(reply.http_status, 422);
    QCOMPARE(reply.code(), QStringLiteral("manifest_hash_mismatch"));
    QCOMPARE(reply.attempts, 1);
}

void TestManifestClient::revokedClientIsRefused()
{
    // The server's context is made again when trust changes: the owner's revoked certificate is
    // refused at the next handshake, and accepted again once it is trusted again.
    m_server->set_trusted_clients({});
    ManifestReply reply = upload(*m_owner, m_provider->certificate(), m_manifest);
    QCOMPARE(reply.http_status, 0);
    QVERIFY2(reply.attempts == 1, qPrintable(reply.message()));
    QVERIFY2(reply.network_error.contains(QStringLiteral("TLS handshake")), qPrintable(reply.network_error));
    m_server->set_trusted_clients({m_owner->certificate()});
    reply = upload(*m_owner, m_provider->certificate(), m_manifest);
    QCOMPARE(reply.http_status, 202);
}

void TestManifestClient::clientWithoutCertificateIsRefused()
{
    // Qt's own TLS as the client, presenting no certificate: no HTTP answer ever comes.
    QSignalSpy received(m_server.get(), &ManifestServer::manifestReceived);
    QSslSocket socket;
    socket.setPeerVerifyMode(QSslSocket::VerifyNone);
    QSignalSpy closed(&socket, &QAbstractSocket::disconnected);
    connect(&socket, &QSslSocket::encrypted, &socket, [&] {
        socket.write("PUT /lease/1/manifest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + QByteArray::number(m_manifest.size()) +
                     "\r\n\r\n" + m_manifest);
    });
    socket.connectToHostEncrypted(m_endpoint.host(), static_cast<quint16>(m_endpoint.port()));
    QVERIFY(closed.wait(20000));
    QVERIFY(!socket.readAll().contains("HTTP/1.1"));
    QCOMPARE(received.count(), 0);
}

void TestManifestClient::silentConnectionIsClosed()
{
    // A connection that never starts its handshake does not hold a place for long.
    QTcpSocket socket;
    QSignalSpy closed(&socket, &QAbstractSocket::disconnected);
    socket.connectToHost(m_endpoint.host(), static_cast<quint16>(m_endpoint.port()));
    QVERIFY(socket.waitForConnected(5000));
    QVERIFY(closed.wait(20000));
}

void TestManifestClient::logStreamThroughQtReachesServer()
{
    // The log stream stays with QNetworkAccessManager; it talks to the OpenSSL server as any
    // client does. This server keeps no logs, which it answers with its JSON error.
    ManifestClient client(*m_owner);
    std::unique_ptr<QNetworkReply> reply(client.open_logs(m_endpoint, m_provider->certificate(), lease_id, {}));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    QVERIFY(finished.wait(20000));
    const ManifestReply answer = ManifestReply::read(*reply);
    QCOMPARE(answer.http_status, 404);
    QCOMPARE(answer.code(), QStringLiteral("no_logs"));
}

BERTH_QTEST_GUILESS(TestManifestClient)
#include "tst_manifestclient.moc"
