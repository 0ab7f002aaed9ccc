#include "connectionguard.h"

#include "connectionlimiter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

namespace berth {

namespace {

/** How long a refused connection is still read (and discarded) so that the client reads the answer before the close. */
constexpr int linger_ms = 2000;

} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket* socket, ConnectionLimiter* limiter)
    : QObject(socket), m_socket(socket), m_limiter(limiter), m_listener_limiter(limiter), m_limits(limiter->limits())
{
    m_activity.start();
    m_idle.setSingleShot(true);
    m_idle.setInterval(m_limits.idle_timeout_ms);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        if (m_done) return;
        release();
        m_socket->abort();
    });
    m_idle.start();
    connect(socket, &QIODevice::readyRead, this, &ConnectionGuard::on_ready_read);
    connect(socket, &QIODevice::bytesWritten, this, &ConnectionGuard::touch);
    connect(socket, &QAbstractSocket::disconnected, this, &ConnectionGuard::release);
}

ConnectionGuard::~ConnectionGuard()
{
    release();
}

void ConnectionGuard::release()
{
    m_idle.stop();
    if (m_limiter) m_limiter->release(this);
    m_limiter = nullptr;
}

void ConnectionGuard::touch()
{
    m_activity.restart();
    if (!m_done) m_idle.start();
}

void ConnectionGuard::evict()
{
    m_done = true;
    release();
    m_socket->abort();
}

void ConnectionGuard::on_ready_read()
{
    if (m_listener_limiter) m_listener_limiter->m_reading = m_socket;
    if (m_done) return;
    touch();
    // The server has read everything before this chunk, so what is available is exactly the new bytes.
    const QByteArray data = m_socket->peek(m_socket->bytesAvailable());
    qsizetype offset = 0;
    while (offset < data.size() && !m_done) {
        if (m_body_left > 0) {
            const qsizetype take = std::min<qint64>(m_body_left, data.size() - offset);
            m_body_left -= take;
            offset += take;
            continue;
        }
        const qsizetype before = m_head.size();
        const qsizetype take = std::min(data.size() - offset, m_limits.max_head_bytes + 4 - before);
        m_head.append(data.constData() + offset, take);
        const qsizetype end = m_head.indexOf("\r\n\r\n", std::max<qsizetype>(0, before - 3));
        if (end < 0) {
            if (m_head.size() > m_limits.max_head_bytes) {
                refuse(431, "Request Header Fields Too Large", "headers_too_large",
                       QStringLiteral("the request line and headers are over %1 bytes (http_max_head_bytes)").arg(m_limits.max_head_bytes));
                return;
            }
            offset += take;
            continue;
        }
        const qsizetype head_size = end + 4;
        offset += head_size - before;
        const QByteArray head = m_head.left(head_size);
        m_head.clear();
        if (!on_head(head)) return;
    }
}

bool ConnectionGuard::on_head(const QByteArray& head)
{
    const QList<QByteArray> lines = head.left(head.size() - 4).split('\n');
    std::optional<qint64> length;
    bool upgrade = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "transfer-encoding") {
            refuse(411, "Length Required", "length_required",
                   QStringLiteral("%1 takes a body only with a Content-Length, not with Transfer-Encoding")
                       .arg(QString::fromLatin1(m_limits.listener_name)));
            return false;
        }
        if (name == "content-length") {
            bool ok = false;
            const qint64 n = value.toLongLong(&ok);
            if (!ok || n < 0 || (length && *length != n)) {
                refuse(400, "Bad Request", "bad_request",
                       QStringLiteral("the Content-Length '%1' is not a size").arg(QString::fromLatin1(value)));
                return false;
            }
            length = n;
        }
        if (name == "upgrade") upgrade = true;
    }
    if (length && *length > m_limits.max_body_bytes) {
        refuse(413, "Payload Too Large", m_limits.body_error_code,
               QStringLiteral("the body is %1 bytes; %2 takes at most %3 (%4)")
                   .arg(*length)
                   .arg(QString::fromLatin1(m_limits.listener_name))
                   .arg(m_limits.max_body_bytes)
                   .arg(QString::fromLatin1(m_limits.body_limit_name)));
        return false;
    }
    if (upgrade) {
        // A WebSocket stream is long-lived and quiet by nature; its own bounds apply from here. A
        // small kernel buffer makes a stream client that does not read show soon in the
        // socket's bytesToWrite, where the stream's bound sees it.
        m_socket->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, 64 * 1024);
        m_done = true;
        release();
        return false;
    }
    m_body_left = length.value_or(0);
    return true;
}

void ConnectionGuard::refuse(int status, const QByteArray& reason, const QByteArray& code, const QString& message)
{
    m_done = true;
    release();
    // The server must not see this request: its reader is cut off, and what arrives until the
    // connection closes is discarded, so that the client can read the answer before the close.
    QObject::disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
    if (m_socket->isTransactionStarted()) m_socket->commitTransaction();
    m_socket->readAll();
    connect(m_socket, &QIODevice::readyRead, this, [this] { m_socket->readAll(); });
    const QByteArray body = QJsonDocument(QJsonObject{{"error", QJsonObject{{"code", QString::fromLatin1(code)}, {"message", message}}}})
                                .toJson(QJsonDocument::Compact);
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\nContent-Type: application/json\r\nContent-Length: " +
                    QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    QTimer::singleShot(linger_ms, m_socket, [socket = m_socket] { socket->abort(); });
}

} // namespace berth
