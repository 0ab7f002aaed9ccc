#pragma once

#include "httplimits.h"

#include <QObject>
#include <QPointer>
#include <QTcpSocket>

#include <vector>

namespace berth {

class ConnectionGuard;

/**
 * The connection bounds of one HTTP listener, shared by the RPC and the manifest server through
 * BoundedServer: it puts a ConnectionGuard on every accepted socket before Qt HttpServer reads
 * from it, and keeps the number of open connections within HttpLimits::max_connections by
 * closing, when a new connection arrives at the limit, the one that has been quiet the longest.
 * A flood of idle connections therefore costs the flood its oldest members, never the node its
 * ability to answer the next client.
 */
class ConnectionLimiter : public QObject
{
    Q_OBJECT

public:
    explicit ConnectionLimiter(HttpLimits limits, QObject* parent = nullptr);
    ~ConnectionLimiter() override;

    const HttpLimits& limits() const { return m_limits; }
    /** Open connections being watched (WebSocket streams leave the count when they upgrade). */
    std::size_t open() const { return m_guards.size(); }
    /** Connections closed so far to make room for newer ones. */
    quint64 evicted() const { return m_evicted; }

    /** Called as a connection arrives: at the limit, closes the quietest open connection. */
    void make_room();
    /** Watches an accepted socket from now on; call before anything else connects to it. */
    void watch(QTcpSocket* socket);
    /**
     * The connection whose bytes arrived last: while Qt HttpServer handles a request, the one it
     * came on (a guard sees each chunk before the server reads it). Null once that socket is gone.
     */
    QTcpSocket* reading() const { return m_reading; }

private:
    friend class ConnectionGuard;
    void release(ConnectionGuard* guard);

    HttpLimits m_limits;
    std::vector<ConnectionGuard*> m_guards;
    QPointer<QTcpSocket> m_reading;
    quint64 m_evicted = 0;
};

} // namespace berth
