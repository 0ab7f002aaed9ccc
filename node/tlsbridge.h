#pragma once

#include <QObject>
#include <QTimer>

#include <memory>

class QTcpSocket;

namespace berth {

class TlsChannel;
class TlsContext;

/**
 * The TLS end of one connection accepted by a TlsServer. It runs the handshake with OpenSSL
 * (a TlsChannel on the server's shared TlsContext) on the accepted socket, and once the
 * client's certificate has been verified it hands the HTTP server a plaintext QTcpSocket: one
 * end of a socket pair, whose other end it keeps and relays through the channel. The HTTP
 * server, its connection guard and the log follower thus work on an ordinary socket, with its
 * closes and its backlog, while the TLS is OpenSSL's alone. A client that fails the handshake
 * is sent OpenSSL's alert and closed; one that does not finish it within the handshake timeout
 * is dropped.
 */
class TlsBridge : public QObject
{
    Q_OBJECT

public:
    /** Takes `handle`, an accepted connection; deletes itself once the connection is closed. */
    TlsBridge(qintptr handle, std::shared_ptr<const TlsContext> context, int handshake_timeout_ms, QObject* parent);
    ~TlsBridge() override;

Q_SIGNALS:
    /** The handshake verified the client, whose certificate is `peer` (DER): `plain` is the connection's plaintext, parented to the bridge's parent. */
    void handshaken(QTcpSocket* plain, const QByteArray& peer);
    /** The handshake is over, whether it succeeded or not. */
    void handshakeEnded();

private:
    void on_encrypted_ready_read();
    void on_plain_ready_read();
    void on_plain_closed();
    void close();
    /** Closes the client's connection once what is queued for it has gone. */
    void close_encrypted();
    void end_handshake();
    bool open_plain_pair();
    void flush();

    std::unique_ptr<TlsChannel> m_channel;
    QTcpSocket* m_encrypted;
    /** The bridge's end of the socket pair; the HTTP server holds the other. */
    QTcpSocket* m_plain = nullptr;
    QTimer m_handshake_timer;
    bool m_handshaking = true;
    bool m_closing = false;
};

} // namespace berth
