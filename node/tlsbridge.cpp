#include "tlsbridge.h"

#include "tlschannel.h"
#include "tlscontext.h"

#include <QTcpSocket>

#include <limits>

#include <unistd.h>
#include <sys/socket.h>

namespace berth {

namespace {

/**
 * The relay reads the HTTP server's answer in pieces of this size and only while the client's
 * socket holds less than max_encrypted_backlog unsent: a client that does not read then fills
 * the socket pair, and the HTTP side (the log follower's bound) sees its own backlog grow.
 */
constexpr qint64 relay_chunk = 64 * 1024;
constexpr qint64 max_encrypted_backlog = 256 * 1024;
/** How long a closing connection may take to send what is left before it is cut: a client that stops reading does not keep it. */
constexpr int close_linger_ms = 5000;

} // namespace

TlsBridge::TlsBridge(qintptr handle, std::shared_ptr<const TlsContext> context, int handshake_timeout_ms, QObject* parent)
    : QObject(parent), m_channel(std::make_unique<TlsChannel>(std::move(context))), m_encrypted(new QTcpSocket(this))
{
    connect(m_encrypted, &QTcpSocket::readyRead, this, &TlsBridge::on_encrypted_ready_read);
    connect(m_encrypted, &QTcpSocket::bytesWritten, this, &TlsBridge::on_plain_ready_read);
    connect(m_encrypted, &QTcpSocket::disconnected, this, &TlsBridge::close);
    m_handshake_timer.setSingleShot(true);
    connect(&m_handshake_timer, &QTimer::timeout, this, [this] {
        if (m_handshaking) m_encrypted->abort();
    });
    if (!m_encrypted->setSocketDescriptor(handle)) {
        ::close(static_cast<int>(handle));
        QMetaObject::invokeMethod(this, &TlsBridge::close, Qt::QueuedConnection);
        return;
    }
    m_handshake_timer.start(handshake_timeout_ms);
}

TlsBridge::~TlsBridge() = default;

void TlsBridge::flush()
{
    const QByteArray out = m_channel->take_output();
    if (!out.isEmpty() && m_encrypted->state() == QAbstractSocket::ConnectedState) m_encrypted->write(out);
}

void TlsBridge::end_handshake()
{
    if (!m_handshaking) return;
    m_handshaking = false;
    m_handshake_timer.stop();
    Q_EMIT handshakeEnded();
}

bool TlsBridge::open_plain_pair()
{
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, fds) != 0) return false;
    auto* http_side = new QTcpSocket(parent());
    m_plain = new QTcpSocket(this);
    if (!http_side->setSocketDescriptor(fds[0]) || !m_plain->setSocketDescriptor(fds[1])) {
        delete http_side;
        ::close(fds[0]);
        ::close(fds[1]);
        return false;
    }
    m_plain->setReadBufferSize(relay_chunk);
    connect(m_plain, &QTcpSocket::readyRead, this, &TlsBridge::on_plain_ready_read);
    connect(m_plain, &QTcpSocket::disconnected, this, &TlsBridge::on_plain_closed);
    Q_EMIT handshaken(http_side, m_channel->peer_certificate_der());
    return true;
}

void TlsBridge::on_encrypted_ready_read()
{
    if (m_closing) {
        m_encrypted->readAll();
        return;
    }
    m_channel->receive(m_encrypted->readAll());
    if (m_channel->state() == TlsChannel::State::Failed) {
        // OpenSSL's alert (an unknown or missing certificate) goes out before the close, so
        // that the client learns why.
        flush();
        end_handshake();
        close_encrypted();
        return;
    }
    if (m_handshaking && m_channel->state() != TlsChannel::State::Handshaking) {
        end_handshake();
        if (!open_plain_pair()) {
            m_encrypted->abort();
            return;
        }
    }
    if (m_plain) {
        const QByteArray plain = m_channel->read(std::numeric_limits<int>::max());
        if (!plain.isEmpty()) m_plain->write(plain);
        if (m_channel->state() == TlsChannel::State::Failed) {
            // A broken record after the handshake ends the connection on both sides.
            flush();
            close_encrypted();
            m_plain->abort();
            return;
        }
        // The client's close_notify ends its side; the HTTP server sees the connection close.
        if (m_channel->state() == TlsChannel::State::Closed) m_plain->disconnectFromHost();
    }
    flush();
}

void TlsBridge::on_plain_ready_read()
{
    if (!m_plain || m_closing) return;
    while (m_plain->bytesAvailable() > 0 && m_encrypted->bytesToWrite() < max_encrypted_backlog) {
        if (!m_channel->write(m_plain->read(relay_chunk))) break;
        flush();
    }
}

void TlsBridge::on_plain_closed()
{
    // The HTTP server closed its end: what it wrote goes out, then a close_notify and the close.
    if (m_closing) return;
    while (m_plain->bytesAvailable() > 0 && m_channel->write(m_plain->read(relay_chunk))) flush();
    m_channel->shutdown();
    flush();
    close_encrypted();
}

void TlsBridge::close_encrypted()
{
    m_closing = true;
    QTimer::singleShot(close_linger_ms, m_encrypted, [socket = m_encrypted] { socket->abort(); });
    m_encrypted->disconnectFromHost();
}

void TlsBridge::close()
{
    end_handshake();
    m_closing = true;
    if (m_plain) m_plain->close();
    deleteLater();
}

} // namespace berth
