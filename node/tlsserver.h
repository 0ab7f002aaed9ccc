#pragma once

#include <QByteArray>
#include <QTcpServer>

#include <memory>

namespace berth {

class TlsContext;

/**
 * A TCP listener that serves TLS with one OpenSSL context for all its connections, for a
 * QAbstractHttpServer bound to it in place of a QSslServer (which makes a context per
 * connection). Each accepted connection gets a TlsBridge; once its handshake has verified the
 * client, the HTTP server receives a plaintext socket that carries the client's certificate
 * (peer_certificate()). The context can be replaced at any time, as the set of trusted clients
 * changes; connections accepted from then on use the new one. Like QSslServer, it bounds the
 * handshakes in progress by maxPendingConnections() and their time by handshake_timeout_ms.
 */
class TlsServer : public QTcpServer
{
    Q_OBJECT

public:
    static constexpr int handshake_timeout_ms = 5000;

    explicit TlsServer(QObject* parent = nullptr);
    ~TlsServer() override;

    void set_context(std::shared_ptr<const TlsContext> context) { m_context = std::move(context); }
    /** The DER of the verified client certificate of a socket this server handed out; empty for any other socket. */
    static QByteArray peer_certificate(const QObject* socket);

protected:
    void incomingConnection(qintptr handle) override;

private:
    void on_handshake_ended();

    std::shared_ptr<const TlsContext> m_context;
    int m_handshaking = 0;
};

} // namespace berth
