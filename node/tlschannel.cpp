#include "tlschannel.h"

#include "tlscontext.h"

#include <openssl/err.h>

#include <algorithm>
#include <stdexcept>

namespace berth {

namespace {

/** The reason for the last OpenSSL error of this thread; clears the queue, which is per thread and shared with Qt's own TLS. */
QString take_error_queue()
{
    QString reason;
    while (const unsigned long code = ERR_get_error()) {
        char text[256];
        ERR_error_string_n(code, text, sizeof(text));
        if (reason.isEmpty()) reason = QString::fromLatin1(ERR_reason_error_string(code) ? ERR_reason_error_string(code) : text);
    }
    return reason;
}

} // namespace

TlsChannel::TlsChannel(std::shared_ptr<const TlsContext> context) : m_context(std::move(context))
{
    m_ssl.reset(SSL_new(m_context->get()));
    m_in = BIO_new(BIO_s_mem());
    m_out = BIO_new(BIO_s_mem());
    if (!m_ssl || !m_in || !m_out) {
        if (m_in) BIO_free(m_in);
        if (m_out) BIO_free(m_out);
        ERR_clear_error();
        throw std::bad_alloc();
    }
    // An empty input means "wait for the socket", not the end of the stream.
    BIO_set_mem_eof_return(m_in, -1);
    SSL_set_bio(m_ssl.get(), m_in, m_out);
    if (m_context->role() == TlsContext::Role::Client)
        SSL_set_connect_state(m_ssl.get());
    else
        SSL_set_accept_state(m_ssl.get());
}

void TlsChannel::fail_with(int code, const char* step)
{
    if (m_state == State::Failed) return;
    const QString reason = take_error_queue();
    if (code == SSL_ERROR_SSL) {
        m_tls_failure = true;
        const long verify = SSL_get_verify_result(m_ssl.get());
        m_error = verify != X509_V_OK ? QString::fromLatin1(X509_verify_cert_error_string(verify))
                                      : (reason.isEmpty() ? QStringLiteral("TLS error in %1").arg(QLatin1String(step)) : reason);
    } else if (code == SSL_ERROR_ZERO_RETURN) {
        m_state = State::Closed;
        return;
    } else {
        m_error = reason.isEmpty() ? QStringLiteral("TLS error %1 in %2").arg(code).arg(QLatin1String(step)) : reason;
    }
    m_state = State::Failed;
}

void TlsChannel::advance()
{
    if (m_state != State::Handshaking) return;
    const int done = SSL_do_handshake(m_ssl.get());
    if (done == 1) {
        // The store holds only the trusted certificates, so verification already pinned the
        // peer; comparing the bytes as well makes the pin independent of how OpenSSL builds chains.
        X509* peer = SSL_get0_peer_certificate(m_ssl.get());
        if (!m_context->trusts(peer)) {
            m_tls_failure = true;
            m_error = QStringLiteral("the peer's certificate is not the one expected");
            m_state = State::Failed;
            return;
        }
        m_state = State::Open;
        return;
    }
    const int code = SSL_get_error(m_ssl.get(), done);
    if (code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE) return;
    fail_with(code, "the handshake");
}

void TlsChannel::receive(const QByteArray& bytes)
{
    if (m_state == State::Failed || bytes.isEmpty()) return;
    BIO_write(m_in, bytes.constData(), static_cast<int>(bytes.size()));
    advance();
}

QByteArray TlsChannel::take_output()
{
    QByteArray bytes;
    const auto pending = static_cast<qsizetype>(BIO_ctrl_pending(m_out));
    if (pending <= 0) return bytes;
    bytes.resize(pending);
    const int got = BIO_read(m_out, bytes.data(), static_cast<int>(pending));
    bytes.resize(got > 0 ? got : 0);
    return bytes;
}

QByteArray TlsChannel::read(qsizetype limit)
{
    QByteArray plain;
    if (m_state != State::Open) return plain;
    char buffer[16 * 1024];
    while (plain.size() < limit) {
        const int want = static_cast<int>(std::min(qsizetype(sizeof(buffer)), limit - plain.size()));
        const int got = SSL_read(m_ssl.get(), buffer, want);
        if (got > 0) {
            plain.append(buffer, got);
            continue;
        }
        const int code = SSL_get_error(m_ssl.get(), got);
        if (code != SSL_ERROR_WANT_READ && code != SSL_ERROR_WANT_WRITE) fail_with(code, "reading");
        break;
    }
    return plain;
}

bool TlsChannel::write(const QByteArray& plain)
{
    if (m_state != State::Open) return false;
    qsizetype offset = 0;
    while (offset < plain.size()) {
        // Memory BIOs grow as needed, so a write never waits for the socket.
        const int wrote =
            SSL_write(m_ssl.get(), plain.constData() + offset, static_cast<int>(std::min<qsizetype>(plain.size() - offset, 1 << 20)));
        if (wrote <= 0) {
            fail_with(SSL_get_error(m_ssl.get(), wrote), "writing");
            return false;
        }
        offset += wrote;
    }
    return true;
}

void TlsChannel::shutdown()
{
    if (m_state != State::Open && m_state != State::Closed) return;
    SSL_shutdown(m_ssl.get());
    ERR_clear_error();
}

QByteArray TlsChannel::peer_certificate_der() const
{
    if (m_state == State::Handshaking || m_state == State::Failed) return {};
    X509* peer = SSL_get0_peer_certificate(m_ssl.get());
    if (!peer) return {};
    const int size = i2d_X509(peer, nullptr);
    if (size <= 0) return {};
    QByteArray der(size, Qt::Uninitialized);
    auto* p = reinterpret_cast<unsigned char*>(der.data());
    i2d_X509(peer, &p);
    return der;
}

} // namespace berth
