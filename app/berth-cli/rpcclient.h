#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QUrl>
#include <QUrlQuery>

#include <optional>

class QNetworkReply;

namespace berth::cli {

/**
 * A synchronous HTTP/JSON client for a node's RPC. Each call runs one QNetworkAccessManager
 * request inside a local QEventLoop and returns the parsed JSON body. It throws CliError with
 * the node's own error code and message when the node answers {"error":{...}}, "unreachable"
 * (naming the URL) when nothing accepts the connection, "timeout" when a request gets no
 * answer within request_timeout_ms, and "bad_response" when the body is not the JSON the
 * route promises. Requests to a loopback node never go through a proxy. A POST presents the
 * node's RPC cookie: from the file set with set_cookie_file(), else from the cookie file in
 * the data directory the CLI uses, else from the one in the data directory the node reports in
 * /status; when none can be read the node's own "unauthorized" answer says where it was looked
 * for.
 */
class RpcClient
{
public:
    static constexpr int request_timeout_ms = 15000;

    /** Accepts "http://HOST:PORT" or a bare "HOST:PORT"; a usage error for anything else. */
    static QUrl parse_url(const QString& text);

    /** The environment variable naming a cookie file, like --rpc-cookie. */
    static constexpr const char* cookie_variable = "BERTH_RPC_COOKIE";

    explicit RpcClient(QUrl base);

    /** The cookie file to use (--rpc-cookie); when it is unset, `datadir`'s, then the node's. */
    void set_cookie_file(const QString& path) { m_cookie_file = path; }
    void set_datadir(const QString& datadir) { m_datadir = datadir; }

    const QUrl& base() const { return m_base; }

    QJsonValue get(const QString& path, const QUrlQuery& query = {});
    QJsonObject get_object(const QString& path, const QUrlQuery& query = {});
    QJsonObject post(const QString& path, const QJsonObject& body);

private:
    QUrl url(const QString& path, const QUrlQuery& query) const;
    QJsonValue finish(QNetworkReply* reply, const QUrl& url);
    /** The cookie's secret, found once; empty when no cookie file could be read. */
    QByteArray cookie();

    QString m_cookie_file;
    QString m_datadir;
    std::optional<QByteArray> m_cookie;
    QStringList m_cookie_places;

    QUrl m_base;
    QNetworkAccessManager m_manager;
};

} // namespace berth::cli
