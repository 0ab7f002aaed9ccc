#include "manifestclient.h"

#include "tlscontext.h"

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

bool transient_failure(HttpsExchange::Failure failure)
{
    switch (failure) {
    case HttpsExchange::Failure::Refused:
    case HttpsExchange::Failure::Closed:
    case HttpsExchange::Failure::Timeout:
    case HttpsExchange::Failure::Other: return true;
    default: return false;
    }
}

QString handshake_failed(const QString& why)
{
    return QStringLiteral("the TLS handshake with the provider failed (%1): either it does not hold its "
                          "registered certificate or it does not accept this account's certificate")
        .arg(why);
}

} // namespace

ManifestReply ManifestReply::read(QNetworkReply& reply)
{
    ManifestReply result;
    result.http_status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = QJsonDocument::fromJson(reply.readAll()).object();
    if (result.http_status == 0)
        result.network_error =
            reply.error() == QNetworkReply::SslHandshakeFailedError ? handshake_failed(reply.errorString()) : reply.errorString();
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

ManifestClient::ManifestClient(TlsIdentity identity, QObject* parent) : QObject(parent), m_identity(std::move(identity)) {}

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
    if (!m_network) m_network = new QNetworkAccessManager(this);
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
    // A failure found before any connection is answered like one found on it: queued, through on_finished.
    const auto fail_soon = [this, &attempt](HttpsExchange::Failure failure, const QString& why) {
        HttpsExchange::Result failed;
        failed.failure = failure;
        failed.error = why;
        QMetaObject::invokeMethod(
            this, [this, failed, attempt = std::move(attempt)]() mutable { on_finished(failed, std::move(attempt)); }, Qt::QueuedConnection);
    };
    if (url.scheme() != QLatin1String("https"))
        return fail_soon(HttpsExchange::Failure::Protocol, QStringLiteral("the provider's endpoint %1 is not an https URL").arg(url.toString()));
    std::shared_ptr<const TlsContext> context;
    try {
        // The certificate's name is the provider's address, not the host it listens on, so no
        // host name is checked: being the pinned certificate is what identifies the provider.
        context = TlsContext::client(m_identity, attempt.provider);
    } catch (const TlsIdentityError& e) {
        return fail_soon(HttpsExchange::Failure::Tls, QString::fromUtf8(e.what()));
    }
    auto* exchange = new HttpsExchange(std::move(context), transfer_timeout_ms, this);
    const bool is_upload = attempt.is_upload;
    const QByteArray body = is_upload ? attempt.manifest : QByteArray();
    connect(exchange, &HttpsExchange::finished, this,
            [this, exchange, attempt = std::move(attempt)](const HttpsExchange::Result& answer) mutable {
                exchange->deleteLater();
                on_finished(answer, std::move(attempt));
            });
    if (is_upload)
        exchange->start(url, "PUT", body, "application/json");
    else
        exchange->start(url, "GET");
}

void ManifestClient::on_finished(const HttpsExchange::Result& answer, Attempt attempt)
{
    ManifestReply result;
    result.attempts = attempt.attempts;
    result.http_status = answer.failure == HttpsExchange::Failure::None ? answer.http_status : 0;
    if (result.http_status != 0)
        result.body = QJsonDocument::fromJson(answer.body).object();
    else
        result.network_error = answer.failure == HttpsExchange::Failure::Tls ? handshake_failed(answer.error) : answer.error;
    const bool http_answer = result.http_status != 0;

    const bool transient = http_answer ? transient_status(result.http_status) : transient_failure(answer.failure);
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
