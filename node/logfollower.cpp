#include "logfollower.h"

#include "logging.h"
#include "workloadruntime.h"

#include <QTcpSocket>

namespace berth {

LogFollower::LogFollower(QTcpSocket* socket, WorkloadRuntime& runtime, std::uint64_t lease, QString service, int replica, int tail)
    : QObject(socket), m_socket(socket), m_lease(lease), m_service(std::move(service)), m_replica(replica)
{
    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n"
                  "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\r\n");
    QByteArray first;
    for (const QByteArray& record : runtime.log_tail(lease, m_service, m_replica, tail)) first += record + '\n';
    if (!first.isEmpty()) write_chunk(first);

    connect(&runtime, &WorkloadRuntime::logged, this,
            [this](std::uint64_t from, const QString& from_service, int index, const QByteArray& record) {
                if (from != m_lease || (!m_service.isEmpty() && from_service != m_service) || (m_replica >= 0 && index != m_replica)) return;
                write_chunk(record + '\n');
            });
    connect(&runtime, &WorkloadRuntime::logsRemoved, this, [this](std::uint64_t from) {
        if (from == m_lease) finish();
    });
    m_keepalive.setInterval(keepalive_ms);
    connect(&m_keepalive, &QTimer::timeout, this, [this] { write_chunk("\n"); });
    m_keepalive.start();
}

void LogFollower::write_chunk(const QByteArray& data)
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) return;
    if (m_socket->bytesToWrite() > max_backlog_bytes) {
        qCWarning(lcAgent).noquote() << QStringLiteral(
                                            "dropping a follower of lease %1's logs: it let %2 bytes pile up (log_follow_max_backlog_bytes)")
                                            .arg(m_lease)
                                            .arg(m_socket->bytesToWrite());
        m_keepalive.stop();
        m_socket->abort();
        return;
    }
    m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    m_keepalive.start();
}

void LogFollower::finish()
{
    m_keepalive.stop();
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) return;
    m_socket->write("0\r\n\r\n");
    m_socket->disconnectFromHost();
}

} // namespace berth
