#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <cstdint>

class QTcpSocket;

namespace berth {

class WorkloadRuntime;

/**
 * One client following a lease's logs (GET /lease/{id}/logs?follow=1): a chunked HTTP answer of
 * one JSON record per line that starts with the last lines and then carries each new line as the
 * runtime logs it, of the service and replica asked for. It ends the answer cleanly when the
 * lease's logs are removed (the lease ended), sends an empty line when all is quiet so that the
 * connection is not taken for idle, and drops a client that lets more than max_backlog_bytes pile
 * up, so that a slow reader costs the provider bounded memory and never holds up a workload.
 * It lives as a child of the socket it writes to.
 */
class LogFollower : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 max_backlog_bytes = 1024 * 1024;
    static constexpr int keepalive_ms = 5000;

    LogFollower(QTcpSocket* socket, WorkloadRuntime& runtime, std::uint64_t lease, QString service, int replica, int tail);

private:
    void write_chunk(const QByteArray& data);
    void finish();

    QPointer<QTcpSocket> m_socket;
    std::uint64_t m_lease;
    QString m_service;
    int m_replica;
    QTimer m_keepalive;
};

} // namespace berth
