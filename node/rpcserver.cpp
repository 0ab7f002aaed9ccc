#include "rpcserver.h"

#include "jsonview.h"
#include "node.h"

#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QWebSocket>

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

RpcServer::RpcServer(Node& node) : m_node(node), m_handler(node)
{
    // Qt 6.4 hands a WebSocket upgrade to newWebSocketConnection only once a route accepted the
    // request without answering it; a plain GET there is told to upgrade.
    m_server.route("/events/stream", [](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        if (request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0) return;
        const QJsonObject body{{"error", QJsonObject{{"code", "upgrade_required"}, {"message", "/events/stream is a WebSocket"}}}};
        responder.write(QJsonDocument(body), QHttpServerResponder::StatusCode::UpgradeRequired);
    });
    // Every other request reaches the handler, which routes it itself.
    m_server.setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        const RpcResponse response = m_handler.handle(method_name(request.method()), request.url(), request.body());
        responder.write(response.body, response.mime_type.constData(), static_cast<QHttpServerResponder::StatusCode>(response.status));
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
    const quint16 bound = m_server.listen(address, port);
    if (bound == 0)
        throw std::runtime_error("cannot listen for RPC on " + address.toString().toStdString() + ":" + std::to_string(port) +
                                 " (in use, or not a local address)");
    return bound;
}

void RpcServer::accept_stream_clients()
{
    while (m_server.hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = m_server.nextPendingWebSocketConnection();
        if (socket->requestUrl().path() != QLatin1String("/events/stream")) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("the event stream is at /events/stream"));
            continue;
        }
        QWebSocket* raw = socket.get();
        connect(raw, &QWebSocket::disconnected, this, [this, raw] {
            std::erase_if(m_stream_clients, [raw](const auto& s) { return s.get() == raw; });
        });
        m_stream_clients.push_back(std::move(socket));
    }
}

void RpcServer::on_block(const BlockHeader& header, const std::vector<Event>& events)
{
    if (m_stream_clients.empty()) return;
    for (const Event& e : events) {
        const QString text = QString::fromUtf8(QJsonDocument(jsonview::event(header.height, e)).toJson(QJsonDocument::Compact));
        for (const auto& client : m_stream_clients) client->sendTextMessage(text);
    }
}

} // namespace berth
