#include "rpcclient.h"

#include "clierror.h"

#include <rpccookie.h>

#include <QEventLoop>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <memory>

namespace berth::cli {

QUrl RpcClient::parse_url(const QString& text)
{
    const QString full = text.contains(QLatin1String("://")) ? text : QStringLiteral("http://") + text;
    const QUrl url(full, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) || url.host().isEmpty() ||
        url.hasQuery() || url.hasFragment())
        throw CliError::usage(QStringLiteral("--rpc expects the node's URL such as http://127.0.0.1:26657, not '%1'").arg(text));
    return url;
}

RpcClient::RpcClient(QUrl base) : m_base(std::move(base))
{
    const QString host = m_base.host();
    if (host == QLatin1String("localhost") || QHostAddress(host).isLoopback()) m_manager.setProxy(QNetworkProxy::NoProxy);
}

QUrl RpcClient::url(const QString& path, const QUrlQuery& query) const
{
    QUrl out = m_base;
    QString base_path = out.path();
    while (base_path.endsWith(QLatin1Char('/'))) base_path.chop(1);
    out.setPath(base_path + path);
    if (!query.isEmpty()) out.setQuery(query);
    return out;
}

QJsonValue RpcClient::get(const QString& path, const QUrlQuery& query)
{
    const QUrl target = url(path, query);
    QNetworkRequest request(target);
    request.setTransferTimeout(request_timeout_ms);
    return finish(m_manager.get(request), target);
}

QJsonObject RpcClient::get_object(const QString& path, const QUrlQuery& query)
{
    const QJsonValue value = get(path, query);
    if (!value.isObject()) throw CliError(QStringLiteral("bad_response"), QStringLiteral("GET %1 did not answer a JSON object").arg(path));
    return value.toObject();
}

QJsonObject RpcClient::post(const QString& path, const QJsonObject& body)
{
    const QUrl target = url(path, {});
    QNetworkRequest request(target);
    request.setTransferTimeout(request_timeout_ms);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    if (const QByteArray secret = cookie(); !secret.isEmpty()) request.setRawHeader("Authorization", RpcCookie::authorization(secret));
    const QJsonValue value = finish(m_manager.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact)), target);
    if (!value.isObject()) throw CliError(QStringLiteral("bad_response"), QStringLiteral("POST %1 did not answer a JSON object").arg(path));
    return value.toObject();
}

QByteArray RpcClient::cookie()
{
    if (m_cookie) return *m_cookie;
    QStringList places;
    if (!m_cookie_file.isEmpty()) {
        places.append(m_cookie_file);
    } else if (const QString from_environment = qEnvironmentVariable(cookie_variable); !from_environment.isEmpty()) {
        places.append(from_environment);
    } else {
        if (!m_datadir.isEmpty()) places.append(RpcCookie::path_in(m_datadir));
        // The node may run on another data directory (the GUI's, or a --datadir the CLI was not given).
        try {
            const QString node_datadir = get_object(QStringLiteral("/status")).value(QLatin1String("datadir")).toString();
            if (!node_datadir.isEmpty() && !places.contains(RpcCookie::path_in(node_datadir))) places.append(RpcCookie::path_in(node_datadir));
        } catch (const CliError&) {}
    }
    m_cookie_places = places;
    m_cookie = QByteArray();
    for (const QString& place : places)
        if (const auto secret = RpcCookie::read(place)) {
            m_cookie = *secret;
            break;
        }
    return *m_cookie;
}

QJsonValue RpcClient::finish(QNetworkReply* raw, const QUrl& target)
{
    const std::unique_ptr<QNetworkReply, void (*)(QNetworkReply*)> reply(raw, [](QNetworkReply* r) { r->deleteLater(); });
    if (!reply->isFinished()) {
        QEventLoop loop;
        QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    const QString where = m_base.toString(QUrl::RemoveUserInfo);
    const QNetworkReply::NetworkError network_error = reply->error();
    const int http_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    switch (network_error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::SslHandshakeFailedError:
        if (http_status == 0)
            throw CliError(QStringLiteral("unreachable"),
                           QStringLiteral("cannot reach the node at %1 (%2); is berthd running there? Start it with "
                                          "'berthd --devnet' or point --rpc at a running node")
                               .arg(where, reply->errorString()));
        break;
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        throw CliError(QStringLiteral("timeout"),
                       QStringLiteral("the node at %1 did not answer %2 within %3 s").arg(where, target.path()).arg(request_timeout_ms / 1000));
    default: break;
    }
    const QByteArray body = reply->readAll();
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parse);
    if (http_status >= 400 || network_error != QNetworkReply::NoError) {
        const QJsonObject error = doc.object().value(QLatin1String("error")).toObject();
        const QString code = error.value(QLatin1String("code")).toString();
        if (code == QLatin1String("unauthorized") && m_cookie && m_cookie->isEmpty())
            throw CliError(code,
                           QStringLiteral("the node asks for its RPC cookie, and none could be read at %1: pass --rpc-cookie FILE "
                                          "or set %2 (the node says: %3)")
                               .arg(m_cookie_places.isEmpty() ? QStringLiteral("any known place") : m_cookie_places.join(QStringLiteral(", ")),
                                    QLatin1String(cookie_variable), error.value(QLatin1String("message")).toString()));
        if (error.value(QLatin1String("code")).isString()) throw CliError(code, error.value(QLatin1String("message")).toString());
        if (http_status == 0)
            throw CliError(QStringLiteral("unreachable"), QStringLiteral("cannot reach the node at %1: %2").arg(where, reply->errorString()));
        throw CliError(QStringLiteral("bad_response"),
                       QStringLiteral("the node at %1 answered %2 with HTTP %3").arg(where, target.path()).arg(http_status));
    }
    if (parse.error != QJsonParseError::NoError || doc.isNull())
        throw CliError(
            QStringLiteral("bad_response"),
            QStringLiteral("the node at %1 answered %2 with something that is not JSON: %3").arg(where, target.path(), parse.errorString()));
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

} // namespace berth::cli
