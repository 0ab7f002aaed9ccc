#pragma once

#include "httpsexchange.h"
#include "tlsidentity.h"

#include <job.h>

#include <QElapsedTimer>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace berth {

/** How one manifest request ended: the HTTP status and JSON body, or why no answer came. */
struct ManifestReply {
    int http_status = 0;
    QJsonObject body;
    /** Set when there is no usable HTTP answer (connection, TLS, timeout). */
    QString network_error;
    int attempts = 0;
    /** Set when transient failures were retried until the give-up time. */
    bool gave_up = false;

    /** What a finished reply says: its status and JSON body, or why no HTTP answer came. */
    static ManifestReply read(QNetworkReply& reply);

    bool accepted() const { return http_status == 202 || http_status == 200; }
    /** A one-line reason for a failure: the server's error message, or the network error. */
    QString message() const;
    /** A stable code for a failure: the server's error code, or one naming the network problem. */
    QString code() const;
};

/**
 * The user's side of the mTLS manifest endpoint. It presents the account's TLS identity and
 * accepts only the provider's registered certificate (pinned: any other certificate fails the
 * handshake). A transient failure (the provider is unreachable or restarting, the lease is not
 * ready yet, a 5xx) is retried with backoff until the give-up time has passed since the first
 * attempt; everything else is final at once. Uploads and status requests go through OpenSSL
 * on one TlsContext per identity and provider, kept for the process (HttpsExchange); the log
 * stream, a long-lived download, stays with QNetworkAccessManager.
 */
class ManifestClient : public QObject
{
    Q_OBJECT

public:
    /** How long an upload keeps retrying transient failures before it gives up. */
    static constexpr int default_give_up_ms = 60'000;

    explicit ManifestClient(TlsIdentity identity, QObject* parent = nullptr);

    void set_give_up_after_ms(int ms) { m_give_up_ms = ms; }

    /** PUT {endpoint}/lease/{id}/manifest; answers with uploadFinished. */
    void upload(const QUrl& endpoint, const QSslCertificate& provider, JobId lease, const QByteArray& manifest);
    /** GET {endpoint}/lease/{id}/status; answers with statusFinished (no retries). */
    void fetch_status(const QUrl& endpoint, const QSslCertificate& provider, JobId lease);

    /** Which lines GET /lease/{id}/logs asks for. */
    struct LogQuery {
        QString service;
        int replica = -1;
        int tail = 100;
        bool follow = false;
    };
    /**
     * GET {endpoint}/lease/{id}/logs: the caller reads one JSON record per line from the reply as
     * it comes (an empty line only keeps a quiet stream alive) and owns the reply.
     */
    QNetworkReply* open_logs(const QUrl& endpoint, const QSslCertificate& provider, JobId lease, const LogQuery& query);

Q_SIGNALS:
    void uploadFinished(berth::JobId lease, const berth::ManifestReply& reply);
    void statusFinished(berth::JobId lease, const berth::ManifestReply& reply);

private:
    struct Attempt {
        QUrl endpoint;
        QSslCertificate provider;
        JobId lease = 0;
        QByteArray manifest;
        bool is_upload = true;
        QElapsedTimer since_first;
        int attempts = 0;
    };
    /** A request to the provider's endpoint, presenting our identity and pinning its certificate. */
    QNetworkRequest request_to(const QUrl& url, const QSslCertificate& provider) const;
    void send(Attempt attempt);
    void on_finished(const HttpsExchange::Result& answer, Attempt attempt);

    TlsIdentity m_identity;
    /** Made on the first open_logs(): uploads do not need one. */
    QNetworkAccessManager* m_network = nullptr;
    int m_give_up_ms = default_give_up_ms;
};

} // namespace berth
