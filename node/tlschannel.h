#pragma once

#include "opensslhandles.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace berth {

class TlsContext;

/**
 * One TLS connection's protocol state over memory BIOs, made from a shared TlsContext with
 * SSL_new: the socket's bytes go in through receive(), what OpenSSL wants sent comes out of
 * take_output(), and the plaintext goes through read() and write(). It does no I/O of its own,
 * so the connection stays a Qt socket driven by the event loop, on either side. OpenSSL does
 * all of the protocol; this only moves bytes between it and the socket.
 */
class TlsChannel
{
public:
    enum class State { Handshaking, Open, Closed, Failed };

    explicit TlsChannel(std::shared_ptr<const TlsContext> context);

    State state() const { return m_state; }
    /** Why the channel failed: OpenSSL's reason, or the pin that did not match. */
    const QString& error() const { return m_error; }
    /** Whether the failure came from the TLS protocol (a handshake or an alert), not a closed socket. */
    bool failed_in_tls() const { return m_state == State::Failed && m_tls_failure; }

    /** Bytes from the socket; advances the handshake. */
    void receive(const QByteArray& bytes);
    /** Advances the handshake (a client starts it this way). */
    void advance();
    /** Bytes OpenSSL has produced for the socket since the last call. */
    QByteArray take_output();
    /** Plaintext that has arrived, at most `limit` bytes of it. */
    QByteArray read(qsizetype limit);
    /** Encrypts `plain` into the output; false once the channel is not open. */
    bool write(const QByteArray& plain);
    /** Queues a close_notify alert. */
    void shutdown();
    /** The peer's certificate (in DER), once the handshake verified it. */
    QByteArray peer_certificate_der() const;

private:
    void fail_with(int code, const char* step);

    std::shared_ptr<const TlsContext> m_context;
    SslPtr m_ssl;
    /** Owned by m_ssl: the socket's bytes in, and OpenSSL's bytes out. */
    BIO* m_in = nullptr;
    BIO* m_out = nullptr;
    State m_state = State::Handshaking;
    bool m_tls_failure = false;
    QString m_error;
};

} // namespace berth
