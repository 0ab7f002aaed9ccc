#include "manifestserver.h"

#include "logfollower.h"
#include "workloadruntime.h"

#include "boundedserver.h"
#include "logging.h"
#include "manifeststore.h"
#include "qtbytes.h"
#include "tlscontext.h"
#include "tlsidentity.h"
#include "tlsserver.h"
#include "workloadruntime.h"

#include <hash.h>
#include <ledger.h>

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpServer>
#include <QUrlQuery>

#include <stdexcept>

namespace berth {

namespace {

using Status = QHttpServerResponder::StatusCode;

void reply(QHttpServerResponder&& responder, Status status, const QJsonObject& body)
{
    responder.write(QJsonDocument(body), status);
}

void refuse(QHttpServerResponder&& responder, Status status, const QString& code, const QString& message)
{
    reply(std::move(responder), status, QJsonObject{{"error", QJsonObject{{"code", code}, {"message", message}}}});
}

QString state_name(const Job& job)
{
    return QString::fromLatin1(job_state_name(job.state).data(), static_cast<qsizetype>(job_state_name(job.state).size()));
}

/** The manifest hash the provider expects now: the pending update's while one waits, else the order's. */
const Hash256& expected_hash(const Job& job)
{
    return job.state == JobState::UpdateLease && job.pending_update ? job.pending_update->manifest_hash : job.manifest_hash;
}

} // namespace

HttpLimits ManifestServer::limits()
{
    HttpLimits limits;
    limits.max_connections = 64;
    limits.idle_timeout_ms = 30000;
    limits.max_head_bytes = 16 * 1024;
    limits.max_body_bytes = Manifest::max_bytes;
    limits.body_limit_name = "manifest_max_bytes";
    limits.body_error_code = "manifest_too_large";
    limits.listener_name = "the manifest server";
    return limits;
}

ManifestServer::ManifestServer(const Ledger& ledger, Address provider, StatusSource status, QObject* parent)
    : QAbstractHttpServer(parent), m_ledger(ledger), m_provider(provider), m_status(std::move(status))
{}

ManifestServer::~ManifestServer() = default;

QUrl ManifestServer::start(const TlsIdentity& identity, quint16 port, const QHostAddress& address, const QString& public_host)
{
    m_identity = std::make_unique<TlsIdentity>(identity);
    // A TlsServer rather than a QSslServer: that one builds an OpenSSL context for every
    // connection; this one keeps one, renewed when the set of trusted clients changes.
    auto listener = std::make_unique<BoundedServer<TlsServer>>(limits());
    listener->set_context(tls_context());
    if (!listener->listen(address, port))
        throw std::runtime_error("the manifest server cannot listen on " + address.toString().toStdString() + ":" + std::to_string(port) + ": " +
                                 listener->errorString().toStdString());
    m_listener = listener.release();
    bind(m_listener);
    QUrl url;
    url.setScheme(QStringLiteral("https"));
    url.setHost(public_host);
    url.setPort(m_listener->serverPort());
    return url;
}

void ManifestServer::set_trusted_clients(const QList<QSslCertificate>& certificates)
{
    m_trusted = certificates;
    if (m_listener) m_listener->set_context(tls_context());
}

std::shared_ptr<const TlsContext> ManifestServer::tls_context() const
{
    // Trust is the chain's, not a CA's: the only anchors are the lease owners' registered
    // certificates, so a client without one, with another or with a revoked one fails the handshake.
    return std::make_shared<const TlsContext>(TlsContext::Role::Server, *m_identity, m_trusted);
}

bool ManifestServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    static const QRegularExpression route(QStringLiteral("^/lease/([0-9]{1,19})/(manifest|status|logs)$"));
    const QRegularExpressionMatch match = route.match(request.url().path());
    if (!match.hasMatch()) return false;
    const bool is_manifest = match.captured(2) == QLatin1String("manifest");
    const bool is_logs = match.captured(2) == QLatin1String("logs");
    const auto method = request.method();
    QHttpServerResponder responder = makeResponder(request, socket);
    if ((is_manifest && method != QHttpServerRequest::Method::Put) || (!is_manifest && method != QHttpServerRequest::Method::Get)) {
        refuse(std::move(responder), Status::MethodNotAllowed, QStringLiteral("method_not_allowed"),
               is_manifest ? QStringLiteral("use PUT to upload a manifest") : QStringLiteral("use GET to read it"));
        return true;
    }

    const JobId id = match.captured(1).toULongLong();
    const Job* job = m_ledger.state().jobs.find(id);
    if (!job || job->provider != m_provider) {
        refuse(std::move(responder), Status::NotFound, QStringLiteral("unknown_lease"),
               QStringLiteral("lease %1 is not a lease of this provider").arg(id));
        return true;
    }
    const Account* owner = m_ledger.state().accounts.find(job->owner);
    const QByteArray client = TlsServer::peer_certificate(socket);
    if (client.isEmpty() || !owner || owner->certificate.empty() || client != to_qbytearray(owner->certificate)) {
        refuse(std::move(responder), Status::Forbidden, QStringLiteral("not_lease_owner"),
               QStringLiteral("the client certificate is not the registered certificate of lease %1's owner").arg(id));
        return true;
    }

    if (is_logs) {
        serve_logs(request, socket, std::move(responder), id);
        return true;
    }
    if (!is_manifest) {
        QJsonObject body = m_status(id);
        body.insert(QStringLiteral("lease_id"), QString::number(id));
        body.insert(QStringLiteral("state"), state_name(*job));
        reply(std::move(responder), Status::Ok, body);
        return true;
    }

    const QByteArray& bytes = request.body();
    if (bytes.size() > Manifest::max_bytes) {
        refuse(std::move(responder), Status::PayloadTooLarge, QStringLiteral("manifest_too_large"),
               QStringLiteral("the manifest is %1 bytes; the limit is %2").arg(bytes.size()).arg(Manifest::max_bytes));
        return true;
    }
    if (job->state != JobState::LeaseReady && job->state != JobState::UpdateLease && job->state != JobState::DeploymentConfirmed) {
        refuse(std::move(responder), Status::Conflict, QStringLiteral("lease_not_ready"),
               QStringLiteral("lease %1 is in state %2; its manifest is accepted once it is LEASE_READY").arg(id).arg(state_name(*job)));
        return true;
    }
    const Hash256 got = ManifestStore::hash_of(bytes);
    const Hash256& want = expected_hash(*job);
    if (got != want) {
        refuse(std::move(responder), Status::UnprocessableEntity, QStringLiteral("manifest_hash_mismatch"),
               QStringLiteral("the manifest's SHA-256 is %1, but lease %2 was ordered with %3")
                   .arg(QString::fromStdString(got.hex()))
                   .arg(id)
                   .arg(QString::fromStdString(want.hex())));
        return true;
    }
    Manifest manifest;
    try {
        manifest = Manifest::parse(bytes);
    } catch (const ManifestError& e) {
        refuse(std::move(responder), Status::BadRequest, QStringLiteral("invalid_manifest"), QString::fromUtf8(e.what()));
        return true;
    }
    // Refused before anything that runs is touched, and never answered 202: refusing is not a fault.
    if (const QString why = m_check ? m_check(id, manifest) : QString(); !why.isEmpty()) {
        refuse(std::move(responder), Status::UnprocessableEntity, QStringLiteral("unrunnable"),
               QStringLiteral("this provider cannot run the manifest of lease %1: %2").arg(id).arg(why));
        Q_EMIT manifestRefused(id, why);
        return true;
    }
    qCInfo(lcAgent).noquote() << "manifest for lease" << id << "accepted from its owner";
    QJsonObject accepted{{"lease_id", QString::number(id)}, {"manifest_hash", QString::fromStdString(got.hex())}, {"status", "deploying"}};
    if (m_receipt) {
        const QJsonObject receipt = m_receipt(id, got);
        for (auto it = receipt.begin(); it != receipt.end(); ++it) accepted.insert(it.key(), it.value());
    }
    reply(std::move(responder), Status::Accepted, accepted);
    Q_EMIT manifestReceived(id, bytes, manifest);
    return true;
}

void ManifestServer::serve_logs(const QHttpServerRequest& request, QTcpSocket* socket, QHttpServerResponder&& responder, JobId lease)
{
    const QUrlQuery query(request.url());
    bool ok = true;
    const int tail = query.hasQueryItem(QStringLiteral("tail")) ? query.queryItemValue(QStringLiteral("tail")).toInt(&ok) : 100;
    if (!ok || tail < 0 || tail > max_log_tail) {
        refuse(std::move(responder), Status::BadRequest, QStringLiteral("invalid_argument"),
               QStringLiteral("'tail' must be 0 to %1 lines").arg(max_log_tail));
        return;
    }
    const int replica = query.hasQueryItem(QStringLiteral("replica")) ? query.queryItemValue(QStringLiteral("replica")).toInt(&ok) : -1;
    if (!ok || (query.hasQueryItem(QStringLiteral("replica")) && replica < 0)) {
        refuse(std::move(responder), Status::BadRequest, QStringLiteral("invalid_argument"),
               QStringLiteral("'replica' must be a replica number"));
        return;
    }
    const QString service = query.queryItemValue(QStringLiteral("service"));
    const QString follow = query.queryItemValue(QStringLiteral("follow"));
    if (!m_logs) {
        refuse(std::move(responder), Status::NotFound, QStringLiteral("no_logs"), QStringLiteral("this provider keeps no logs"));
        return;
    }
    if (follow == QLatin1String("1") || follow == QLatin1String("true")) {
        // The answer goes on as long as the lease runs: written by the follower, not a responder.
        new LogFollower(socket, *m_logs, lease, service, replica, tail);
        return;
    }
    QByteArray body;
    for (const QByteArray& record : m_logs->log_tail(lease, service, replica, tail)) body += record + '\n';
    responder.write(body, "application/x-ndjson", Status::Ok);
}

void ManifestServer::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    refuse(makeResponder(request, socket), Status::NotFound, QStringLiteral("not_found"),
           QStringLiteral("no route %1; the endpoints are PUT /lease/{id}/manifest, GET /lease/{id}/status and GET /lease/{id}/logs")
               .arg(request.url().path()));
}

} // namespace berth
