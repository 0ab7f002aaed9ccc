#pragma once

#include "rpchandler.h"

#include <QHttpServerResponder>
#include <QObject>

#include <cstdint>
#include <deque>
#include <optional>
#include <unordered_map>

class QTcpSocket;

namespace berth {

/**
 * The answers owed on the RPC's connections, written in the order their requests came. HTTP/1.1
 * answers a connection's requests in order, and some answers come later than their requests (a
 * submission's, once its signatures were checked off the node's thread): an answer that is
 * ready waits for those owed before it on its connection. The answers owed on a connection that
 * closed are dropped, so a client that leaves early costs nothing.
 */
class OrderedReplies : public QObject
{
    Q_OBJECT

public:
    using Ticket = std::uint64_t;

    /** Owes an answer to the request on `socket` that `responder` answers; fulfil() it with the returned ticket. */
    Ticket owe(QTcpSocket* socket, QHttpServerResponder&& responder);
    /** Gives the answer a ticket is owed; it is written as soon as the answers before it on its connection are. */
    void fulfil(Ticket ticket, const RpcResponse& response);
    /** Writes `response` as the answer `responder` gives. */
    static void write(QHttpServerResponder& responder, const RpcResponse& response);

private:
    struct Owed {
        Ticket ticket;
        QHttpServerResponder responder;
        std::optional<RpcResponse> response;
    };
    void write_ready(QTcpSocket* socket);
    void forget(QTcpSocket* socket);

    Ticket m_next = 0;
    std::unordered_map<QTcpSocket*, std::deque<Owed>> m_owed;
    std::unordered_map<Ticket, QTcpSocket*> m_connection_of;
};

} // namespace berth
