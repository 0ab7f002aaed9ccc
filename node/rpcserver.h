#pragma once

#include "rpchandler.h"

#include <event.h>

#include <QHttpServer>
#include <QJsonObject>
#include <QObject>

#include <memory>
#include <vector>

class QWebSocket;

namespace berth {

class Node;
struct BlockHeader;

/**
 * The node's HTTP/JSON RPC on loopback (Qt HttpServer): it hands every request to the
 * RpcHandler, which holds the routes, and serves a live event stream over WebSocket at
 * /events/stream. It runs on the node's thread and reads the node directly.
 */
class RpcServer : public QObject
{
    Q_OBJECT

public:
    explicit RpcServer(Node& node);
    ~RpcServer() override;

    /** Starts listening; returns the port, throws std::runtime_error if the address is taken. */
    quint16 listen(const QHostAddress& address, quint16 port);

private:
    void on_block(const BlockHeader& header, const std::vector<Event>& events);
    void accept_stream_clients();

    Node& m_node;
    RpcHandler m_handler;
    QHttpServer m_server;
    std::vector<std::unique_ptr<QWebSocket>> m_stream_clients;
};

} // namespace berth
