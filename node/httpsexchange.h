#pragma once

#include <QByteArray>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>

class QTcpSocket;

namespace berth {

class TlsChannel;
class TlsContext;

/**
 * One HTTPS request and its answer over a new connection, with TLS done by OpenSSL through a
 * TlsChannel on a shared TlsContext rather than by QSslSocket, so that a client's uploads do
 * not each build an OpenSSL context. It speaks just the HTTP/1.1 that the manifest endpoint
 * needs: one request with a Content-Length, "Connection: close", and an answer with a
 * Content-Length or one that ends with the connection. It gives up on a connection that moves
 * no byte for the transfer timeout, and on an answer over max_answer_bytes.
 */
class HttpsExchange : public QObject
{
    Q_OBJECT

public:
    /** Why no HTTP answer came; the manifest client retries the transient ones. */
    enum class Failure { None, Refused, Closed, Timeout, HostNotFound, Tls, Protocol, Other };

    struct Result {
        int http_status = 0;
        QByteArray body;
        Failure failure = Failure::None;
        QString error;
    };

    static constexpr qsizetype max_answer_bytes = 4 * 1024 * 1024;

    HttpsExchange(std::shared_ptr<const TlsContext> context, int transfer_timeout_ms, QObject* parent = nullptr);
    ~HttpsExchange() override;

    /** Sends `method` `url` with `body` (of `content_type`, when not empty); answers once with finished(). */
    void start(const QUrl& url, const QByteArray& method, const QByteArray& body = {}, const QByteArray& content_type = {});

Q_SIGNALS:
    void finished(const berth::HttpsExchange::Result& result);

private:
    void on_connected();
    void on_ready_read();
    void on_socket_error();
    void flush();
    /** Reads the answer so far; true once it is complete. */
    bool parse_answer();
    void finish(Failure failure, const QString& error);

    std::shared_ptr<const TlsContext> m_context;
    std::unique_ptr<TlsChannel> m_channel;
    QTcpSocket* m_socket;
    QTimer m_timeout;
    QByteArray m_request;
    bool m_request_sent = false;
    QByteArray m_answer;
    qsizetype m_head_size = -1;
    qint64 m_content_length = -1;
    int m_status = 0;
    bool m_done = false;
};

} // namespace berth
