#include "rpcserver.h"

#include "boundedserver.h"
#include "jsonview.h"
#include "logging.h"
#include "node.h"
#include "orderedreplies.h"
#include "rpcaccess.h"
#include "rpccookie.h"

#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QWebSocket>

#include <algorithm>
#include <stdexcept>

namespace berth {

namespace {

QByteArray method_name(QHttpServerRequest::Method method)
{
    using Method = QHttpServerRequest::Method;
    switch (method) {
    case Method::Get: return "GET";
    case Method::Post: return "POST";
    case Method::Put: return "PUT";
    case Method::Delete: return "DELETE";
    case Method::Head: return "HEAD";
    case Method::Options: return "OPTIONS";
    case Method::Patch: return "PATCH";
    default: return "OTHER";
    }
}

} // namespace

HttpLimits RpcServer::limits()
{
    HttpLimits limits;
    limits.max_connections = 128;
    limits.idle_timeout_ms = 30000;
    limits.max_head_bytes = 16 * 1024;
    limits.max_body_bytes = RpcHandler::max_body_bytes;
    limits.body_limit_name = "rpc_max_body_bytes";
    limits.body_error_code = "payload_too_large";
    limits.listener_name = "the RPC";
    return limits;
}

RpcServer::RpcServer(Node& node) : m_node(node), m_handler(node)
{
    // Qt 6.4 hands a WebSocket upgrade to newWebSocketConnection only once a route accepted the
    // request without answering it; a plain GET there is told to upgrade.
    m_server.route("/events/stream", [this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        if (auto refused = refusal(request)) return OrderedReplies::write(responder, *refused);
        if (request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0) return;
        const QJsonObject body{{"error", QJsonObject{{"code", "upgrade_required"}, {"message", "/events/stream is a WebSocket"}}}};
        responder.write(QJsonDocument(body), QHttpServerResponder::StatusCode::UpgradeRequired);
    });
    // Every other request reaches the handler, which routes it itself. Its answer may come later
    // (a submission's), so each request is owed an answer on its connection, in order.
    m_server.setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        QTcpSocket* socket = m_listener ? m_listener->limiter().reading() : nullptr;
        if (!socket) {
            // Never so once listening: each chunk reaches the limiter before the server reads it.
            // Without the socket a later answer could not know whether the connection is still there.
            const std::optional<RpcResponse> refused = refusal(request);
            return OrderedReplies::write(responder,
                                         refused ? *refused : m_handler.handle(method_name(request.method()), request.url(), request.body()));
        }
        const OrderedReplies::Ticket ticket = m_replies.owe(socket, std::move(responder));
        const auto reply = [replies = QPointer(&m_replies), ticket](const RpcResponse& response) {
            if (replies) replies->fulfil(ticket, response);
        };
        if (auto refused = refusal(request)) return reply(*refused);
        m_handler.handle(method_name(request.method()), request.url(), request.body(), reply);
    });
    connect(&m_node, &Node::blockCommitted, this, &RpcServer::on_block);
    connect(&m_server, &QAbstractHttpServer::newWebSocketConnection, this, &RpcServer::accept_stream_clients);
}

RpcServer::~RpcServer()
{
    // A stream client closing as it is destroyed would otherwise erase itself from the vector being destroyed.
    for (const auto& client : m_stream_clients) client->disconnect(this);
}

quint16 RpcServer::listen(const QHostAddress& address, quint16 port)
{
    auto listener = std::make_unique<RpcListener>(limits());
    if (!listener->listen(address, port))
        throw std::runtime_error("cannot listen for RPC on " + address.toString().toStdString() + ":" + std::to_string(port) +
                                 " (in use, or not a local address)");
    const quint16 bound = listener->serverPort();
    m_cookie = std::make_unique<RpcCookie>(m_node.config().datadir);
    m_access = std::make_unique<RpcAccess>(bound, *m_cookie);
    m_listener = listener.get();
    m_server.bind(listener.release());
    return bound;
}

QString RpcServer::cookie_path() const
{
    return m_cookie ? m_cookie->path() : QString();
}

std::optional<RpcResponse> RpcServer::refusal(const QHttpServerRequest& request) const
{
    if (!m_access) return RpcResponse{503, "application/json", R"({"error":{"code":"starting","message":"the RPC is starting"}})"};
    RpcRequestHead head;
    head.method = method_name(request.method());
    head.host = request.value("host");
    head.origin = request.value("origin");
    head.content_type = request.value("content-type");
    head.authorization = request.value("authorization");
    head.upgrade = !request.value("upgrade").isEmpty();
    auto refused = m_access->refusal(head);
    if (refused) qCInfo(lcRpc).noquote() << "refused" << head.method << request.url().path() << refused->status << refused->body;
    return refused;
}

void RpcServer::accept_stream_clients()
{
    while (m_server.hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = m_server.nextPendingWebSocketConnection();
        if (socket->requestUrl().path() != QLatin1String("/events/stream")) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("the event stream is at /events/stream"));
            continue;
        }
        // Qt 6.4 completes the upgrade even after the route answered 403: the refused client
        // has its answer, and its connection ends here before it sees an event.
        RpcRequestHead head;
        head.method = "GET";
        head.host = socket->requestUrl().authority().toUtf8();
        head.origin = socket->origin().toUtf8();
        head.upgrade = true;
        if (!m_access || m_access->refusal(head)) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("forbidden_origin"));
            continue;
        }
        if (m_stream_clients.size() >= max_stream_clients) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                          QStringLiteral("too_many_stream_clients: the node serves %1 event streams at once (stream_max_clients)")
                              .arg(max_stream_clients));
            continue;
        }
        QWebSocket* raw = socket.get();
        connect(raw, &QWebSocket::disconnected, this, [this, raw] {
            // Deleted later: this runs inside the socket's own signal.
            const auto it = std::find_if(m_stream_clients.begin(), m_stream_clients.end(), [raw](const auto& s) { return s.get() == raw; });
            if (it == m_stream_clients.end()) return;
            it->release()->deleteLater();
            m_stream_clients.erase(it);
        });
        m_stream_clients.push_back(std::move(socket));
    }
}

void RpcServer::on_block(const BlockHeader& header, const std::vector<Event>& events)
{
    if (m_stream_clients.empty()) return;
    QStringList texts;
    for (const Event& e : events)
        texts.append(QString::fromUtf8(QJsonDocument(jsonview::event(header.height, e)).toJson(QJsonDocument::Compact)));
    std::vector<QWebSocket*> too_slow;
    for (const auto& client : m_stream_clients) {
        for (const QString& text : texts) {
            client->sendTextMessage(text);
            if (client->bytesToWrite() > max_stream_backlog_bytes) {
                too_slow.push_back(client.get());
                break;
            }
        }
    }
    // A client that does not read would make the node hold every event for it; it is dropped instead.
    for (QWebSocket* client : too_slow) {
        qCWarning(lcRpc) << "dropping an event stream client: more than" << max_stream_backlog_bytes
                         << "bytes of events unread (stream_max_backlog_bytes)";
        client->abort();
    }
}

} // namespace berth
