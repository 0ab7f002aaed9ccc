#include "httpsexchange.h"

#include "tlschannel.h"
#include "tlscontext.h"

#include <QTcpSocket>

namespace berth {

namespace {

constexpr qsizetype max_head_bytes = 64 * 1024;

} // namespace

HttpsExchange::HttpsExchange(std::shared_ptr<const TlsContext> context, int transfer_timeout_ms, QObject* parent)
    : QObject(parent), m_context(std::move(context)), m_socket(new QTcpSocket(this))
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(transfer_timeout_ms);
    connect(&m_timeout, &QTimer::timeout, this, [this] { finish(Failure::Timeout, QStringLiteral("the provider did not answer in time")); });
    connect(m_socket, &QTcpSocket::connected, this, &HttpsExchange::on_connected);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpsExchange::on_ready_read);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &HttpsExchange::on_socket_error);
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        if (!m_done) m_timeout.start();
    });
}

HttpsExchange::~HttpsExchange() = default;

void HttpsExchange::start(const QUrl& url, const QByteArray& method, const QByteArray& body, const QByteArray& content_type)
{
    const QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    const int port = url.port(443);
    QByteArray request = method + ' ' + url.path(QUrl::FullyEncoded).toLatin1();
    if (url.hasQuery()) request += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    request += " HTTP/1.1\r\nHost: " + (host.contains(':') ? '[' + host + ']' : host) + ':' + QByteArray::number(port) + "\r\n";
    if (!content_type.isEmpty()) request += "Content-Type: " + content_type + "\r\n";
    if (!body.isEmpty() || method == "PUT" || method == "POST") request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    request += "Connection: close\r\n\r\n" + body;
    m_request = std::move(request);
    try {
        m_channel = std::make_unique<TlsChannel>(m_context);
    } catch (const std::exception& e) {
        // Reported from the event loop, as every other outcome is.
        QMetaObject::invokeMethod(
            this, [this, why = QString::fromUtf8(e.what())] { finish(Failure::Other, why); }, Qt::QueuedConnection);
        return;
    }
    m_timeout.start();
    m_socket->connectToHost(url.host(), static_cast<quint16>(port));
}

void HttpsExchange::on_connected()
{
    m_channel->advance();
    flush();
}

void HttpsExchange::flush()
{
    const QByteArray out = m_channel->take_output();
    if (!out.isEmpty()) m_socket->write(out);
}

void HttpsExchange::on_ready_read()
{
    if (m_done) return;
    m_timeout.start();
    m_channel->receive(m_socket->readAll());
    if (m_channel->state() == TlsChannel::State::Open && !m_request_sent) {
        m_request_sent = true;
        m_channel->write(m_request);
        m_request.clear();
    }
    if (m_channel->state() == TlsChannel::State::Open) {
        m_answer += m_channel->read(max_answer_bytes + 1 - m_answer.size());
        if (m_answer.size() > max_answer_bytes) {
            finish(Failure::Protocol, QStringLiteral("the answer is over %1 bytes").arg(max_answer_bytes));
            return;
        }
    }
    flush();
    if (m_channel->state() == TlsChannel::State::Failed) {
        finish(Failure::Tls, m_channel->error());
        return;
    }
    if (parse_answer() || m_done) return;
    if (m_channel->state() == TlsChannel::State::Closed) {
        // A close_notify: the answer ends here, complete if it had no length to wait for.
        if (m_head_size >= 0 && m_content_length < 0)
            finish(Failure::None, {});
        else
            finish(Failure::Closed, QStringLiteral("the provider closed the connection before its answer was complete"));
    }
}

bool HttpsExchange::parse_answer()
{
    if (m_head_size < 0) {
        const qsizetype end = m_answer.indexOf("\r\n\r\n");
        if (end < 0) {
            if (m_answer.size() > max_head_bytes) finish(Failure::Protocol, QStringLiteral("the answer's headers are too long"));
            return false;
        }
        m_head_size = end + 4;
        const QList<QByteArray> lines = m_answer.left(end).split('\n');
        const QList<QByteArray> status = lines.value(0).trimmed().split(' ');
        bool ok = false;
        m_status = status.size() >= 2 && status[0].startsWith("HTTP/1.") ? status[1].toInt(&ok) : 0;
        if (!ok || m_status < 100 || m_status > 599) {
            finish(Failure::Protocol, QStringLiteral("the answer is not HTTP/1.1"));
            return true;
        }
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon <= 0) continue;
            const QByteArray name = lines[i].left(colon).trimmed().toLower();
            const QByteArray value = lines[i].mid(colon + 1).trimmed();
            if (name == "content-length") {
                m_content_length = value.toLongLong(&ok);
                if (!ok || m_content_length < 0 || m_content_length > max_answer_bytes) {
                    finish(Failure::Protocol, QStringLiteral("the answer's Content-Length '%1' is not usable").arg(QString::fromLatin1(value)));
                    return true;
                }
            } else if (name == "transfer-encoding" && value.toLower() != "identity") {
                finish(Failure::Protocol, QStringLiteral("the answer uses Transfer-Encoding %1").arg(QString::fromLatin1(value)));
                return true;
            }
        }
    }
    if (m_content_length < 0 || m_answer.size() < m_head_size + m_content_length) return false;
    m_answer = m_answer.mid(m_head_size, m_content_length);
    finish(Failure::None, {});
    return true;
}

void HttpsExchange::on_socket_error()
{
    if (m_done) return;
    const QAbstractSocket::SocketError error = m_socket->error();
    // What came with the close (a TLS alert that explains it, the last of an answer) is read first.
    if (m_socket->bytesAvailable() > 0) {
        on_ready_read();
        if (m_done) return;
    }
    switch (error) {
    case QAbstractSocket::RemoteHostClosedError:
        if (m_head_size >= 0 && m_content_length < 0)
            finish(Failure::None, {});
        else
            finish(Failure::Closed, m_request_sent ? QStringLiteral("the provider closed the connection before it answered")
                                                   : QStringLiteral("the provider closed the connection during the TLS handshake"));
        return;
    case QAbstractSocket::ConnectionRefusedError: finish(Failure::Refused, m_socket->errorString()); return;
    case QAbstractSocket::HostNotFoundError: finish(Failure::HostNotFound, m_socket->errorString()); return;
    case QAbstractSocket::SocketTimeoutError: finish(Failure::Timeout, m_socket->errorString()); return;
    default: finish(Failure::Other, m_socket->errorString()); return;
    }
}

void HttpsExchange::finish(Failure failure, const QString& error)
{
    if (m_done) return;
    m_done = true;
    m_timeout.stop();
    Result result;
    result.failure = failure;
    result.error = error;
    if (failure == Failure::None) {
        result.http_status = m_status;
        result.body = m_head_size >= 0 && m_content_length < 0 ? m_answer.mid(m_head_size) : m_answer;
        m_channel->shutdown();
        flush();
        m_socket->disconnectFromHost();
    } else {
        m_socket->abort();
    }
    Q_EMIT finished(result);
}

} // namespace berth
