// bench_mtls: full mTLS manifest uploads per second to a provider's ManifestServer on loopback.
// Each upload is a new ManifestClient (so a new connection and a full TLS handshake, as each
// `berth-cli lease manifest` makes): the client presents the owner's registered certificate,
// pins the provider's, PUTs the manifest, and the server checks the lease, the owner, the
// state, the hash and the manifest before it answers 202. The server runs on a thread of its
// own, as a provider's node would serve it apart from the uploading client. The reference is
// `openssl s_time -new` against `openssl s_server` with the same certificates and keys, each
// connection a full handshake and one HTTP request; the budget is half its rate. Uploads and
// s_time alternate in five rounds, so that both see the same load; the figure is the median
// round's ratio, and the lowest and highest show how stable it is.

#include "benchreport.h"
#include "syntheticmarket.h"

#include <hugepageheap.h>
#include <ledger.h>
#include <manifestclient.h>
#include <manifestserver.h>
#include <manifeststore.h>
#include <qtbytes.h>
#include <tlsidentity.h>

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <memory>
#include <optional>
#include <vector>

using namespace berth;
using namespace berth::bench;

namespace {

const double measure_s = sized(5.0, 1.0); // s_time takes whole seconds
const int rounds = sized(5, 1);
constexpr JobId lease_id = 1;

/** A chain where `owner` holds lease 1 with `provider`, ready for the manifest with `hash`, and has published `certificate`. */
std::unique_ptr<Ledger> ready_lease(const Address& owner, const Address& provider, const QByteArray& certificate, const Hash256& hash)
{
    State state = SyntheticMarket::genesis({owner}, {provider}, 10, price::from_base_units(10)).build_state();
    const ByteView der = as_byte_view(certificate);
    state.accounts.write(owner).certificate = Bytes(der.begin(), der.end());
    Job& job = state.jobs.write(lease_id);
    job.id = lease_id;
    job.owner = owner;
    job.provider = provider;
    job.instance_type = std::string(SyntheticMarket::instance_type);
    job.manifest_hash = hash;
    job.state = JobState::LeaseReady;
    state.write_globals().next_job_id = lease_id + 1;
    state.commit();
    return std::make_unique<Ledger>(std::move(state));
}

quint16 free_port()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

/** `openssl s_time -new` against `openssl s_server` on the same key pairs: full handshakes per second, or nullopt. */
std::optional<double> openssl_s_time(const QString& certs, QString* problem)
{
    const quint16 port = free_port();
    QProcess server;
    // s_server reports every client certificate it verifies; an unread pipe would fill and stall it.
    server.setStandardOutputFile(QProcess::nullDevice());
    server.setStandardErrorFile(QProcess::nullDevice());
    server.start(QStringLiteral("openssl"), {QStringLiteral("s_server"), QStringLiteral("-accept"), QStringLiteral("127.0.0.1:%1").arg(port),
                                             QStringLiteral("-cert"), TlsIdentity::certificate_path(certs, QStringLiteral("provider")),
                                             QStringLiteral("-key"), TlsIdentity::key_path(certs, QStringLiteral("provider")),
                                             QStringLiteral("-CAfile"), TlsIdentity::certificate_path(certs, QStringLiteral("owner")),
                                             QStringLiteral("-Verify"), QStringLiteral("1"), QStringLiteral("-www"), QStringLiteral("-quiet")});
    bool listening = false;
    for (int i = 0; i < 100 && !listening; ++i) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, port);
        listening = probe.waitForConnected(100);
        if (!listening) QThread::msleep(50);
    }
    if (!listening) {
        *problem = QStringLiteral("openssl s_server did not start listening on port %1").arg(port);
        return std::nullopt;
    }
    QProcess client;
    client.setProcessChannelMode(QProcess::MergedChannels);
    const double start = seconds_now();
    client.start(QStringLiteral("openssl"), {QStringLiteral("s_time"), QStringLiteral("-connect"), QStringLiteral("127.0.0.1:%1").arg(port),
                                             QStringLiteral("-new"), QStringLiteral("-www"), QStringLiteral("/"), QStringLiteral("-cert"),
                                             TlsIdentity::certificate_path(certs, QStringLiteral("owner")), QStringLiteral("-key"),
                                             TlsIdentity::key_path(certs, QStringLiteral("owner")), QStringLiteral("-CAfile"),
                                             TlsIdentity::certificate_path(certs, QStringLiteral("provider")), QStringLiteral("-time"),
                                             QString::number(static_cast<int>(measure_s))});
    client.waitForFinished(60'000);
    const double elapsed = seconds_now() - start;
    const QString output = QString::fromLocal8Bit(client.readAll());
    server.kill();
    server.waitForFinished();
    // "1234 connections in 6 real seconds, 4567 bytes read per connection": s_time counts whole
    // seconds, so the rate divides by the time the process took, measured here.
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("(\\d+) connections in [0-9.]+ real seconds")).match(output);
    if (!m.hasMatch() || m.captured(1).toDouble() <= 0) {
        *problem = QStringLiteral("cannot read openssl s_time's output: ") + output.left(400);
        return std::nullopt;
    }
    return m.captured(1).toDouble() / elapsed;
}

} // namespace

int main(int argc, char* argv[])
{
    // The ledger in huge pages, as the node runs (HugePageHeap); re-executes this process once.
    berth::HugePageHeap::enable(argv);
    QCoreApplication app(argc, argv);
    BenchReport report(QStringLiteral("bench_mtls"));
    QTemporaryDir dir;
    const Address owner = SyntheticMarket::address("mtls-owner", 0);
    const Address provider = SyntheticMarket::address("mtls-provider", 0);
    const TlsIdentity owner_tls = TlsIdentity::generate(owner);
    const TlsIdentity provider_tls = TlsIdentity::generate(provider);
    owner_tls.save(dir.path(), QStringLiteral("owner"));
    provider_tls.save(dir.path(), QStringLiteral("provider"));

    QFile file(QStringLiteral(BERTH_MANIFEST_DIR "/hello-static.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        report.missing(QStringLiteral("uploads_per_s_vs_s_time"), QStringLiteral("ratio"), BenchReport::Rule::AtLeast, 0.5,
                       QStringLiteral("the sample manifest is missing"));
        return report.print();
    }
    const QByteArray manifest = file.readAll();
    const std::unique_ptr<Ledger> ledger = ready_lease(owner, provider, owner_tls.der(), ManifestStore::hash_of(manifest));

    // The provider's side, on its own thread: created, started and destroyed there.
    QThread server_thread;
    server_thread.start();
    QObject anchor;
    anchor.moveToThread(&server_thread);
    ManifestServer* server = nullptr;
    QUrl endpoint;
    QMetaObject::invokeMethod(
        &anchor,
        [&] {
            server = new ManifestServer(*ledger, provider, [](JobId) { return QJsonObject(); });
            endpoint = server->start(provider_tls);
            server->set_trusted_clients({owner_tls.certificate()});
        },
        Qt::BlockingQueuedConnection);

    QString problem;
    std::vector<double> upload_rates, s_time_rates, ratios;
    for (int round = 0; round < rounds && problem.isEmpty(); ++round) {
        std::size_t accepted = 0;
        const double start = seconds_now();
        while (seconds_now() - start < measure_s && problem.isEmpty()) {
            ManifestClient client(owner_tls);
            client.set_give_up_after_ms(0);
            QEventLoop loop;
            QObject::connect(&client, &ManifestClient::uploadFinished, &loop, [&](JobId, const ManifestReply& reply) {
                if (reply.http_status == 202)
                    ++accepted;
                else
                    problem = QStringLiteral("an upload was answered %1: %2").arg(reply.http_status).arg(reply.message());
                loop.quit();
            });
            client.upload(endpoint, provider_tls.certificate(), lease_id, manifest);
            loop.exec();
        }
        if (!problem.isEmpty() || accepted == 0) break;
        const double uploads_per_s = static_cast<double>(accepted) / (seconds_now() - start);
        const std::optional<double> s_time = openssl_s_time(dir.path(), &problem);
        if (!s_time) break;
        upload_rates.push_back(uploads_per_s);
        s_time_rates.push_back(*s_time);
        ratios.push_back(uploads_per_s / *s_time);
    }
    QMetaObject::invokeMethod(
        &anchor, [&] { delete server; }, Qt::BlockingQueuedConnection);
    server_thread.quit();
    server_thread.wait();

    if (static_cast<int>(ratios.size()) < rounds) {
        report.missing(QStringLiteral("uploads_per_s_vs_s_time"), QStringLiteral("ratio"), BenchReport::Rule::AtLeast, 0.5,
                       problem.isEmpty() ? QStringLiteral("no upload was accepted") : problem);
        return report.print();
    }
    report.spread(QStringLiteral("uploads_per_s_vs_s_time"), ratios, QStringLiteral("ratio"));
    report.measurement(QStringLiteral("manifest_uploads_per_s"), median(upload_rates), QStringLiteral("uploads/s"));
    report.reference(
        QStringLiteral("openssl_s_time_handshakes_per_s"), median(s_time_rates), QStringLiteral("connections/s"),
        QStringLiteral("openssl s_time -new -www / against openssl s_server -Verify 1, same P-256 certificates; median of the rounds"));
    report.figure(QStringLiteral("uploads_per_s_vs_s_time"), median(ratios), QStringLiteral("ratio"), BenchReport::Rule::AtLeast, 0.5,
                  QStringLiteral("the median of %1 rounds, each against s_time in the same round").arg(rounds));
    return report.print();
}
