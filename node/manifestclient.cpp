#include "manifestclient.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

namespace berth {

namespace {

constexpr int transfer_timeout_ms = 10'000;

bool transient_status(int status)
{
    // 409: the provider has not seen LEASE_READY yet; 429 and 5xx: it is busy or restarting.
    return status == 409 || status == 429 || status >= 500;
}

bool transient_network_error(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ServiceUnavailableError:
    case QNetworkReply::UnknownNetworkError: return true;
    default: return false;
    }
}

} // namespace

ManifestReply ManifestReply::read(QNetworkReply& reply)
{
    ManifestReply result;
    result.http_status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = QJsonDocument::fromJson(reply.readAll()).object();
    if (result.http_status == 0)
        result.network_error = reply.error() == QNetworkReply::SslHandshakeFailedError
                                   ? QStringLiteral("the TLS handshake with the provider failed (%1): either it does not hold its "
                                                    "registered certificate or it does not accept this account's certificate")
                                         .arg(reply.errorString())
                                   : reply.errorString();
    return result;
}

QString ManifestReply::message() const
{
    QString text = network_error;
    if (text.isEmpty()) {
        text = body.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
        if (text.isEmpty()) text = QStringLiteral("HTTP status %1").arg(http_status);
    }
    return gave_up ? QStringLiteral("gave up after %1 attempts: %2").arg(attempts).arg(text) : text;
}

QString ManifestReply::code() const
{
    if (!network_error.isEmpty()) return http_status == 0 ? QStringLiteral("provider_unreachable") : QStringLiteral("network_error");
    const QString server = body.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
    return server.isEmpty() ? QStringLiteral("http_%1").arg(http_status) : server;
}

ManifestClient::ManifestClient(TlsIdentity identity, QObject* parent)
    : QObject(parent), m_identity(std::move(identity)), m_network(new QNetworkAccessManager(this))
{}

void ManifestClient::upload(const QUrl& endpoint, const QSslCertificate& provider, JobId lease, const QByteArray& manifest)
{
    Attempt attempt{endpoint, provider, lease, manifest, true, {}, 0};
    attempt.since_first.start();
    send(std::move(attempt));
}

void ManifestClient::fetch_status(const QUrl& endpoint, const QSslCertificate& provider, JobId lease)
{
    Attempt attempt{endpoint, provider, lease, {}, false, {}, 0};
    attempt.since_first.start();
    send(std::move(attempt));
}

QNetworkRequest ManifestClient::request_to(const QUrl& url, const QSslCertificate& provider) const
{
    QNetworkRequest request(url);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    tls.setLocalCertificate(m_identity.certificate());
    tls.setPrivateKey(m_identity.key());
    // The provider's registered certificate is the only anchor: the server is whoever holds its key.
    tls.setCaCertificates({provider});
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    request.setSslConfiguration(tls);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setTransferTimeout(transfer_timeout_ms);
    return request;
}

QNetworkReply* ManifestClient::open_logs(const QUrl& endpoint, const QSslCertificate& provider, JobId lease, const LogQuery& query)
{
    QUrl url = endpoint;
    url.setPath(QStringLiteral("/lease/%1/logs").arg(lease));
    QUrlQuery items;
    items.addQueryItem(QStringLiteral("tail"), QString::number(query.tail));
    if (!query.service.isEmpty()) items.addQueryItem(QStringLiteral("service"), query.service);
    if (query.replica >= 0) items.addQueryItem(QStringLiteral("replica"), QString::number(query.replica));
    if (query.follow) items.addQueryItem(QStringLiteral("follow"), QStringLiteral("1"));
    url.setQuery(items);
    // A followed stream is quiet for up to the provider's keep-alive interval; the timeout only ends a dead one.
    QNetworkReply* reply = m_network->get(request_to(url, provider));
    reply->ignoreSslErrors({QSslError(QSslError::HostNameMismatch, provider)});
    return reply;
}

void ManifestClient::send(Attempt attempt)
{
    attempt.attempts += 1;
    QUrl url = attempt.endpoint;
    url.setPath(QStringLiteral("/lease/%1/%2").arg(attempt.lease).arg(attempt.is_upload ? "manifest" : "status"));
    QNetworkRequest request = request_to(url, attempt.provider);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));

    QNetworkReply* reply = attempt.is_upload ? m_network->put(request, attempt.manifest) : m_network->get(request);
    // The certificate's name is the provider's address, not the host it listens on; being the
    // pinned certificate is what identifies the provider, so only that mismatch is forgiven.
    reply->ignoreSslErrors({QSslError(QSslError::HostNameMismatch, attempt.provider)});
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, attempt = std::move(attempt)]() mutable { on_finished(reply, std::move(attempt)); });
}

void ManifestClient::on_finished(QNetworkReply* reply, Attempt attempt)
{
    reply->deleteLater();
    ManifestReply result = ManifestReply::read(*reply);
    result.attempts = attempt.attempts;
    const QNetworkReply::NetworkError error = reply->error();
    const bool http_answer = result.http_status != 0;

    const bool transient = http_answer ? transient_status(result.http_status) : transient_network_error(error);
    const qint64 elapsed = attempt.since_first.elapsed();
    if (attempt.is_upload && transient && elapsed < m_give_up_ms) {
        const int backoff = std::min(2000, 250 << std::min(attempt.attempts - 1, 3));
        QTimer::singleShot(backoff, this, [this, attempt = std::move(attempt)]() mutable { send(std::move(attempt)); });
        return;
    }
    result.gave_up = attempt.is_upload && transient;
    if (attempt.is_upload)
        Q_EMIT uploadFinished(attempt.lease, result);
    else
        Q_EMIT statusFinished(attempt.lease, result);
}

} // namespace berth
