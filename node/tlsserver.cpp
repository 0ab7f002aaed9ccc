#include "tlsserver.h"

#include "tlsbridge.h"
#include "tlscontext.h"

#include <QTcpSocket>
#include <QVariant>

#include <unistd.h>

namespace berth {

namespace {

/** Set by the server only, on the plaintext sockets it hands out. */
constexpr char peer_certificate_property[] = "berth_tls_peer_certificate";

} // namespace

TlsServer::TlsServer(QObject* parent) : QTcpServer(parent) {}

TlsServer::~TlsServer() = default;

QByteArray TlsServer::peer_certificate(const QObject* socket)
{
    return socket ? socket->property(peer_certificate_property).toByteArray() : QByteArray();
}

void TlsServer::incomingConnection(qintptr handle)
{
    if (!m_context) {
        ::close(static_cast<int>(handle));
        return;
    }
    if (m_handshaking >= maxPendingConnections()) {
        // As QSslServer does, a listener busy with handshakes takes no more until some finish.
        ::close(static_cast<int>(handle));
        pauseAccepting();
        return;
    }
    ++m_handshaking;
    if (m_handshaking >= maxPendingConnections()) pauseAccepting();
    auto* bridge = new TlsBridge(handle, m_context, handshake_timeout_ms, this);
    connect(bridge, &TlsBridge::handshakeEnded, this, &TlsServer::on_handshake_ended);
    connect(bridge, &TlsBridge::handshaken, this, [this](QTcpSocket* plain, const QByteArray& peer) {
        plain->setProperty(peer_certificate_property, peer);
        // Emits pendingConnectionAvailable, which QAbstractHttpServer follows.
        addPendingConnection(plain);
    });
}

void TlsServer::on_handshake_ended()
{
    --m_handshaking;
    if (m_handshaking < maxPendingConnections() && isListening()) resumeAccepting();
}

} // namespace berth
