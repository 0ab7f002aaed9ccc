#pragma once

#include "httplimits.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QTcpSocket;

namespace berth {

class ConnectionLimiter;

/**
 * Watches one HTTP connection of a bounded listener, as a child of its socket. It sees each
 * chunk of bytes before Qt HttpServer reads it (its readyRead slot is connected first), follows
 * the request heads and bodies as they stream, and answers with a JSON error and closes the
 * connection as soon as a head is over max_head_bytes, a Content-Length is over max_body_bytes,
 * or a body comes without a Content-Length: the body is never read in, so an oversized upload
 * costs the node nothing. It closes a connection quiet for idle_timeout_ms, and steps aside
 * once a request upgrades the connection to a WebSocket, whose bounds are the stream's own.
 */
class ConnectionGuard : public QObject
{
    Q_OBJECT

public:
    ConnectionGuard(QTcpSocket* socket, ConnectionLimiter* limiter);
    ~ConnectionGuard() override;

    /** Milliseconds since the connection last sent or received a byte. */
    qint64 quiet_ms() const { return m_activity.elapsed(); }
    /** Closes the connection to make room for a newer one. */
    void evict();

private:
    void on_ready_read();
    void touch();
    /** Reads a complete request head; false once the connection was refused or upgraded. */
    bool on_head(const QByteArray& head);
    void refuse(int status, const QByteArray& reason, const QByteArray& code, const QString& message);
    /** Stops watching: the limiter no longer counts this connection. */
    void release();

    QTcpSocket* m_socket;
    /** Null once released: the limiter no longer counts this connection. */
    QPointer<ConnectionLimiter> m_limiter;
    /** The limiter told of each chunk that arrives (ConnectionLimiter::reading), released or not. */
    const QPointer<ConnectionLimiter> m_listener_limiter;
    HttpLimits m_limits;
    QByteArray m_head;
    qint64 m_body_left = 0;
    bool m_done = false;
    QElapsedTimer m_activity;
    QTimer m_idle;
};

} // namespace berth
