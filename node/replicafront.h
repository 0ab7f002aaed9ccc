#pragma once

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QTcpServer>

#include <cstdint>
#include <map>
#include <memory>

class QTcpSocket;
class QTimer;

namespace berth {

/**
 * The public face of one replica. It listens where the chain's URLs point, answers the
 * lease-bound health request (lease_health) itself, and relays every other connection to the
 * replica's own server, which listens on loopback only. So an auditor can tell that a URL
 * reaches this lease's deployment, whatever the workload is, and the workload never decides
 * what the node exposes. Only each connection's first request line is read, bounded in size and
 * time, to tell the two apart; the rest is relayed as it is, with bounded buffers on both sides,
 * so a slow peer slows its own connection and nothing else.
 */
class ReplicaFront : public QObject
{
    Q_OBJECT

public:
    ReplicaFront(std::uint64_t lease, QString service, int replica, QObject* parent = nullptr);
    ~ReplicaFront() override;

    /** Listens on `wanted` when it is free (0: any), else on any free port; false when it cannot listen at all. */
    bool listen(const QHostAddress& address, quint16 wanted);
    bool is_listening() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }
    QString error() const { return m_server.errorString(); }
    /** The replica's own port on 127.0.0.1; until it is known, relayed requests are answered 503. */
    void set_target(quint16 port) { m_target = port; }

    /** A first request line longer than this is refused with 431. */
    static constexpr qsizetype max_head_bytes = 8192;
    /** A client that sends no request line within this is disconnected. */
    static constexpr int head_timeout_ms = 10000;
    /** Connections beyond this are closed at once. */
    static constexpr std::size_t max_connections = 512;
    /** Bytes held per direction before reading from the other side pauses. */
    static constexpr qint64 relay_buffer_bytes = 256 * 1024;

private:
    struct Connection;

    void on_new_connection();
    void on_client_data(Connection& connection);
    void answer(Connection& connection, const QByteArray& status, const QByteArray& content_type, const QByteArray& body);
    void start_relay(Connection& connection);
    void pump(Connection& connection, QTcpSocket* from, QTcpSocket* to);
    void maybe_finish(Connection& connection);

    std::uint64_t m_lease;
    QString m_service;
    int m_replica;
    quint16 m_target = 0;
    QTcpServer m_server;
    std::map<const Connection*, std::unique_ptr<Connection>> m_connections;
};

} // namespace berth
