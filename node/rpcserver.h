#pragma once

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
 * The node's HTTP/JSON RPC on loopback (Qt HttpServer): status, genesis, providers,
 * accounts, orders and leases, blocks, events since a height, transaction submission and
 * status, the devnet faucet, and a live event stream over WebSocket at /events/stream.
 * Every failure is a 4xx/5xx answer with {"error":{"code","message"}}; bodies over 64 KiB
 * get 413. It runs on the node's thread and reads the node directly.
 */
class RpcServer : public QObject
{
    Q_OBJECT

public:
    static constexpr qsizetype max_body_bytes = 64 * 1024;

    explicit RpcServer(Node& node);
    ~RpcServer() override;

    /** Starts listening; returns the port, throws std::runtime_error if the address is taken. */
    quint16 listen(const QHostAddress& address, quint16 port);

private:
    void add_routes();
    void on_block(const BlockHeader& header, const std::vector<Event>& events);
    void accept_stream_clients();

    Node& m_node;
    QHttpServer m_server;
    std::vector<std::unique_ptr<QWebSocket>> m_stream_clients;
};

} // namespace berth
