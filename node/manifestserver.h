#pragma once

#include "httplimits.h"
#include "manifest.h"

#include <address.h>
#include <job.h>

#include <QAbstractHttpServer>
#include <QJsonObject>
#include <QSslCertificate>
#include <QUrl>

#include <functional>
#include <memory>

namespace berth {

class Ledger;
class TlsContext;
class TlsIdentity;
class TlsServer;
class WorkloadRuntime;

/**
 * A provider's mTLS manifest endpoint: an HTTPS server presenting the provider's on-chain
 * certificate that accepts, at the handshake, only the registered certificates of the owners
 * of its leases, and then serves PUT /lease/{id}/manifest, GET /lease/{id}/status and GET
 * /lease/{id}/logs (the last lines, or with follow=1 a stream of them, LogFollower). It
 * checks every request against the chain (the lease is this provider's, the client is its
 * owner, the lease is ready for a manifest, the manifest's SHA-256 is the order's) and hands
 * an accepted manifest to the provider agent through manifestReceived(); what to deploy and
 * how is the agent's business. Its connections, their idle time and the size of a body are
 * bounded (limits()) before Qt reads a request in. TLS is OpenSSL's through a TlsServer, with
 * one context for all connections, made again only when the trusted clients change.
 */
class ManifestServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    /** Describes the deployment of a lease for GET /status: replicas, their states and URLs. */
    using StatusSource = std::function<QJsonObject(JobId)>;

    /** Why this provider cannot run the manifest for the lease, checked before the 202; an empty string when it can. */
    using Check = std::function<QString(JobId, const Manifest&)>;
    /** The provider's signed receipt of a manifest it accepted, as fields of the 202 answer. */
    using Receipt = std::function<QJsonObject(JobId, const Hash256&)>;

    /** The most lines GET /lease/{id}/logs answers with (log_max_tail_lines). */
    static constexpr int max_log_tail = 10000;

    /** manifest_max_connections, manifest_idle_timeout, http_max_head_bytes, manifest_max_bytes: checked before a body is read. */
    static HttpLimits limits();

    ManifestServer(const Ledger& ledger, Address provider, StatusSource status, QObject* parent = nullptr);
    ~ManifestServer() override;
    void set_check(Check check) { m_check = std::move(check); }
    void set_receipt(Receipt receipt) { m_receipt = std::move(receipt); }
    /** Where GET /lease/{id}/logs reads from. */
    void set_logs(WorkloadRuntime* runtime) { m_logs = runtime; }

    /**
     * Listens on `address`:`port` (0: any free port) with `identity`; returns the https URL with
     * `public_host`, the name others reach it by. Throws std::runtime_error.
     */
    QUrl start(const TlsIdentity& identity, quint16 port = 0, const QHostAddress& address = QHostAddress::LocalHost,
               const QString& public_host = QStringLiteral("127.0.0.1"));
    /** The client certificates the handshake accepts; connections made from now on use the new set. */
    void set_trusted_clients(const QList<QSslCertificate>& certificates);

Q_SIGNALS:
    /** A lease's owner uploaded a manifest that matches the chain; it has been answered 202. */
    void manifestReceived(berth::JobId lease, const QByteArray& bytes, const berth::Manifest& manifest);
    /** A lease's owner uploaded a manifest this provider cannot run; it has been answered 422 with `reason`. */
    void manifestRefused(berth::JobId lease, const QString& reason);

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    /** The context for the identity and the trusted clients of the moment. Throws TlsIdentityError. */
    std::shared_ptr<const TlsContext> tls_context() const;
    /** Answers GET /lease/{id}/logs: `tail` lines, `service` and `replica` filters, `follow`. */
    void serve_logs(const QHttpServerRequest& request, QTcpSocket* socket, QHttpServerResponder&& responder, JobId lease);

    const Ledger& m_ledger;
    Address m_provider;
    Check m_check;
    Receipt m_receipt;
    WorkloadRuntime* m_logs = nullptr;
    StatusSource m_status;
    std::unique_ptr<TlsIdentity> m_identity;
    QList<QSslCertificate> m_trusted;
    /** Owned by the QAbstractHttpServer once bound; kept to renew its context as trust changes. */
    TlsServer* m_listener = nullptr;
};

} // namespace berth
