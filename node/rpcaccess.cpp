#include "rpcaccess.h"

#include "rpccookie.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace berth {

namespace {

RpcResponse refuse(int status, const QString& code, const QString& message)
{
    return RpcResponse{status, "application/json",
                       QJsonDocument(QJsonObject{{"error", QJsonObject{{"code", code}, {"message", message}}}}).toJson(QJsonDocument::Compact)};
}

bool changes_state(const QByteArray& method)
{
    return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

QString shown(const QByteArray& value)
{
    return QString::fromLatin1(value.left(200));
}

} // namespace

bool RpcAccess::is_own_host(const QByteArray& host) const
{
    const QByteArray port = ':' + QByteArray::number(m_port);
    const QByteArray lower = host.trimmed().toLower();
    for (const char* name : {"127.0.0.1", "localhost", "[::1]"})
        if (lower == QByteArray(name) + port) return true;
    return false;
}

bool RpcAccess::is_own_origin(const QByteArray& origin) const
{
    const QByteArray lower = origin.trimmed().toLower();
    return lower.startsWith("http://") && is_own_host(lower.mid(7));
}

std::optional<RpcResponse> RpcAccess::refusal(const RpcRequestHead& request) const
{
    if (!is_own_host(request.host))
        return refuse(403, QStringLiteral("forbidden_host"),
                      QStringLiteral("the RPC answers only requests to itself (Host 127.0.0.1:%1, localhost:%1 or [::1]:%1), not to '%2'")
                          .arg(m_port)
                          .arg(shown(request.host)));
    const bool foreign_origin = !request.origin.isEmpty() && !is_own_origin(request.origin);
    if (request.upgrade && foreign_origin)
        return refuse(403, QStringLiteral("forbidden_origin"),
                      QStringLiteral("the event stream is not open to pages of other origins ('%1')").arg(shown(request.origin)));
    if (!changes_state(request.method)) return std::nullopt;
    if (foreign_origin)
        return refuse(403, QStringLiteral("forbidden_origin"),
                      QStringLiteral("%1 requests from pages of other origins ('%2') are refused: web pages cannot act through the node")
                          .arg(QString::fromLatin1(request.method), shown(request.origin)));
    const QByteArray media_type = request.content_type.split(';').front().trimmed().toLower();
    if (media_type != "application/json")
        return refuse(415, QStringLiteral("unsupported_media_type"),
                      QStringLiteral("a %1 body must be JSON with Content-Type application/json, not '%2'")
                          .arg(QString::fromLatin1(request.method), shown(request.content_type)));
    if (request.authorization.isEmpty())
        return refuse(401, QStringLiteral("unauthorized"),
                      QStringLiteral("%1 needs the node's RPC cookie: send 'Authorization: Bearer SECRET' with the secret from %2 "
                                     "(berth-cli reads it by itself)")
                          .arg(QString::fromLatin1(request.method), m_cookie.path()));
    if (!m_cookie.accepts(request.authorization))
        return refuse(401, QStringLiteral("unauthorized"),
                      QStringLiteral("the credential is not this node's RPC cookie; it is renewed at every start, read it again from %1")
                          .arg(m_cookie.path()));
    return std::nullopt;
}

} // namespace berth
