#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QUrl>
#include <QUrlQuery>

class QNetworkReply;

namespace berth::cli {

/**
 * A synchronous HTTP/JSON client for a node's RPC. Each call runs one QNetworkAccessManager
 * request inside a local QEventLoop and returns the parsed JSON body. It throws CliError with
 * the node's own error code and message when the node answers {"error":{...}}, "unreachable"
 * (naming the URL) when nothing accepts the connection, "timeout" when a request gets no
 * answer within request_timeout_ms, and "bad_response" when the body is not the JSON the
 * route promises. Requests to a loopback node never go through a proxy.
 */
class RpcClient
{
public:
    static constexpr int request_timeout_ms = 15000;

    /** Accepts "http://HOST:PORT" or a bare "HOST:PORT"; a usage error for anything else. */
    static QUrl parse_url(const QString& text);

    explicit RpcClient(QUrl base);

    const QUrl& base() const { return m_base; }

    QJsonValue get(const QString& path, const QUrlQuery& query = {});
    QJsonObject get_object(const QString& path, const QUrlQuery& query = {});
    QJsonObject post(const QString& path, const QJsonObject& body);

private:
    QUrl url(const QString& path, const QUrlQuery& query) const;
    QJsonValue finish(QNetworkReply* reply, const QUrl& url);

    QUrl m_base;
    QNetworkAccessManager m_manager;
};

} // namespace berth::cli
