#include <genesis.h>
#include <hash.h>
#include <ledger.h>
#include <manifestclient.h>
#include <manifestserver.h>
#include <manifeststore.h>
#include <price.h>
#include <tlscontext.h>
#include <tlsidentity.h>

#include <QFile>
#include <QSignalSpy>
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
 * ManifestClient against a ManifestServer on loopback: uploads and status requests go through
 * one OpenSSL context per identity and provider, and the mTLS checks still refuse a client the
 * server does not trust and a server that is not the pinned provider, at the handshake and
 * without retrying.
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
    void serverAnswersAreRead();

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

QTEST_GUILESS_MAIN(TestManifestClient)
#include "tst_manifestclient.moc"
