#include "replicafront.h"

#include "leasehealth.h"

#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

namespace berth {

struct ReplicaFront::Connection {
    QTcpSocket* client = nullptr;
    QTcpSocket* upstream = nullptr;
    QTimer* head_timer = nullptr;
    QByteArray head;
    bool decided = false;
};

ReplicaFront::ReplicaFront(std::uint64_t lease, QString service, int replica, QObject* parent)
    : QObject(parent), m_lease(lease), m_service(std::move(service)), m_replica(replica)
{
    connect(&m_server, &QTcpServer::newConnection, this, &ReplicaFront::on_new_connection);
}

ReplicaFront::~ReplicaFront() = default;

bool ReplicaFront::listen(const QHostAddress& address, quint16 wanted)
{
    if (wanted != 0 && m_server.listen(address, wanted)) return true;
    return m_server.listen(address, 0);
}

void ReplicaFront::on_new_connection()
{
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        if (m_connections.size() >= max_connections) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        socket->setParent(this);
        socket->setReadBufferSize(relay_buffer_bytes);
        auto connection = std::make_unique<Connection>();
        Connection& c = *connection;
        c.client = socket;
        c.head_timer = new QTimer(socket);
        c.head_timer->setSingleShot(true);
        connect(c.head_timer, &QTimer::timeout, socket, &QTcpSocket::abort);
        c.head_timer->start(head_timeout_ms);
        connect(socket, &QTcpSocket::readyRead, this, [this, &c] { on_client_data(c); });
        connect(socket, &QTcpSocket::bytesWritten, this, [this, &c] {
            if (c.upstream) pump(c, c.upstream, c.client);
        });
        connect(socket, &QTcpSocket::stateChanged, this, [this, &c](QAbstractSocket::SocketState state) {
            if (state != QAbstractSocket::UnconnectedState) return;
            // What the client sent before it went is still delivered; then the replica's side closes.
            if (c.upstream && c.upstream->state() == QAbstractSocket::ConnectedState) {
                pump(c, c.client, c.upstream);
                c.upstream->disconnectFromHost();
            } else if (c.upstream) {
                c.upstream->abort();
            }
            maybe_finish(c);
        });
        m_connections.emplace(&c, std::move(connection));
    }
}

void ReplicaFront::on_client_data(Connection& c)
{
    if (c.decided) {
        if (c.upstream && c.upstream->state() == QAbstractSocket::ConnectedState) pump(c, c.client, c.upstream);
        return;
    }
    c.head += c.client->read(max_head_bytes + 1 - c.head.size());
    const qsizetype end = c.head.indexOf('\n');
    if (end < 0) {
        if (c.head.size() > max_head_bytes) answer(c, "431 Request Header Fields Too Large", "text/plain", "request line too long\n");
        return;
    }
    c.decided = true;
    c.head_timer->stop();
    const QList<QByteArray> parts = c.head.left(end).trimmed().split(' ');
    const QByteArray target = parts.value(1);
    const qsizetype query_at = target.indexOf('?');
    const QByteArray path = query_at < 0 ? target : target.left(query_at);
    if (path != lease_health::path) {
        start_relay(c);
        return;
    }
    if (parts.value(0) != "GET") {
        answer(c, "405 Method Not Allowed", "text/plain", "only GET\n");
        return;
    }
    const QUrlQuery query(QString::fromLatin1(query_at < 0 ? QByteArray() : target.mid(query_at + 1)));
    const QByteArray challenge = query.queryItemValue(QStringLiteral("challenge")).toLatin1();
    if (!lease_health::valid_challenge(challenge)) {
        answer(c, "400 Bad Request", "text/plain", "challenge must be 1 to 64 lower-case hex digits\n");
        return;
    }
    answer(c, "200 OK", "application/json", lease_health::answer(m_lease, m_service, m_replica, challenge));
}

void ReplicaFront::answer(Connection& c, const QByteArray& status, const QByteArray& content_type, const QByteArray& body)
{
    c.decided = true;
    c.head_timer->stop();
    c.client->write("HTTP/1.1 " + status + "\r\nContent-Type: " + content_type + "\r\nContent-Length: " + QByteArray::number(body.size()) +
                    "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n" + body);
    c.client->disconnectFromHost();
}

void ReplicaFront::start_relay(Connection& c)
{
    if (m_target == 0) {
        answer(c, "503 Service Unavailable", "text/plain", "the replica is starting\n");
        return;
    }
    c.upstream = new QTcpSocket(this);
    c.upstream->setReadBufferSize(relay_buffer_bytes);
    connect(c.upstream, &QTcpSocket::connected, this, [this, &c] {
        c.upstream->write(c.head);
        c.head.clear();
        pump(c, c.client, c.upstream);
    });
    connect(c.upstream, &QTcpSocket::readyRead, this, [this, &c] { pump(c, c.upstream, c.client); });
    connect(c.upstream, &QTcpSocket::bytesWritten, this, [this, &c] { pump(c, c.client, c.upstream); });
    connect(c.upstream, &QTcpSocket::errorOccurred, this, [this, &c](QAbstractSocket::SocketError error) {
        // A replica that is down answers as a proxy would; a peer closing is the normal end.
        if (error == QAbstractSocket::ConnectionRefusedError && c.client->state() == QAbstractSocket::ConnectedState)
            answer(c, "502 Bad Gateway", "text/plain", "the replica is not listening\n");
    });
    connect(c.upstream, &QTcpSocket::stateChanged, this, [this, &c](QAbstractSocket::SocketState state) {
        if (state != QAbstractSocket::UnconnectedState) return;
        pump(c, c.upstream, c.client);
        maybe_finish(c);
    });
    c.upstream->connectToHost(QHostAddress::LocalHost, m_target);
}

void ReplicaFront::pump(Connection& c, QTcpSocket* from, QTcpSocket* to)
{
    while (from->bytesAvailable() > 0 && to->state() == QAbstractSocket::ConnectedState && to->bytesToWrite() < relay_buffer_bytes)
        to->write(from->read(64 * 1024));
    // The replica closed and everything it sent is handed on: the client's side closes after it.
    if (from == c.upstream && from->state() == QAbstractSocket::UnconnectedState && from->bytesAvailable() == 0 &&
        to->state() == QAbstractSocket::ConnectedState)
        to->disconnectFromHost();
}

void ReplicaFront::maybe_finish(Connection& c)
{
    // Later, from the event loop: the sockets' own signal handlers may still be running.
    QTimer::singleShot(0, this, [this, key = &c] {
        const auto found = m_connections.find(key);
        if (found == m_connections.end()) return;
        Connection& done = *found->second;
        if (done.client->state() != QAbstractSocket::UnconnectedState) return;
        if (done.upstream && done.upstream->state() != QAbstractSocket::UnconnectedState) return;
        done.client->disconnect(this);
        done.client->deleteLater();
        if (done.upstream) {
            done.upstream->disconnect(this);
            done.upstream->deleteLater();
        }
        m_connections.erase(found);
    });
}

} // namespace berth
