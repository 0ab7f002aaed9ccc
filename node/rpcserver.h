#pragma once

#include "boundedserver.h"
#include "httplimits.h"
#include "orderedreplies.h"
#include "rpchandler.h"

#include <event.h>

#include <QHttpServer>
#include <QJsonObject>
#include <QObject>
#include <QTcpServer>

#include <memory>
#include <vector>

class QHostAddress;
class QHttpServerRequest;
class QWebSocket;

namespace berth {

class Node;
class RpcAccess;
class RpcCookie;
struct BlockHeader;

/**
 * The node's HTTP/JSON RPC on loopback (Qt HttpServer): it hands every request to the
 * RpcHandler, which holds the routes, and serves a live event stream over WebSocket at
 * /events/stream. Before a route runs, RpcAccess decides whether the request may be answered
 * (its Host, its Origin, its content type, the cookie written to the data directory at
 * listen()); a ConnectionLimiter bounds connections, idle time and bodies before Qt reads them;
 * and a stream client that lets more than max_stream_backlog_bytes pile up unread is dropped.
 * It runs on the node's thread and reads the node directly; a submission is answered once the
 * node admitted it, its signatures checked on other threads, and OrderedReplies keeps each
 * connection's answers in the order of its requests.
 */
class RpcServer : public QObject
{
    Q_OBJECT

public:
    /** stream_max_clients: WebSocket clients of /events/stream at once. */
    static constexpr std::size_t max_stream_clients = 32;
    /** stream_max_backlog_bytes: unsent events a stream client may let pile up before it is dropped. */
    static constexpr qint64 max_stream_backlog_bytes = 256 * 1024;

    /** rpc_max_connections, rpc_idle_timeout, http_max_head_bytes, rpc_max_body_bytes. */
    static HttpLimits limits();

    explicit RpcServer(Node& node);
    ~RpcServer() override;

    /**
     * Starts listening and writes the cookie; returns the port. Throws std::runtime_error if the
     * address is taken or the cookie cannot be written.
     */
    quint16 listen(const QHostAddress& address, quint16 port);
    /** The cookie file's path (empty before listen()). */
    QString cookie_path() const;

private:
    std::optional<RpcResponse> refusal(const QHttpServerRequest& request) const;
    void on_block(const BlockHeader& header, const std::vector<Event>& events);
    void accept_stream_clients();

    using RpcListener = BoundedServer<QTcpServer>;

    Node& m_node;
    RpcHandler m_handler;
    OrderedReplies m_replies;
    QHttpServer m_server;
    /** Owned by m_server once bound; null before listen(). */
    RpcListener* m_listener = nullptr;
    std::unique_ptr<RpcCookie> m_cookie;
    std::unique_ptr<RpcAccess> m_access;
    std::vector<std::unique_ptr<QWebSocket>> m_stream_clients;
};

} // namespace berth
