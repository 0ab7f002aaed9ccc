#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QHttpServer>
#include <QMap>
#include <QString>

namespace berth {

/**
 * The built-in static-http workload: serves a fixed map of URL paths to bodies on loopback,
 * with a Content-Type guessed from each path, and answers a health path with 200 "ok" so the
 * provider's runtime can tell when a replica is up. Everything else is 404.
 */
class StaticSite
{
public:
    StaticSite(QMap<QString, QByteArray> content, QString health_path);

    /** Reads the JSON object { "/path": "body", ... } that the runtime writes; throws std::runtime_error. */
    static QMap<QString, QByteArray> load_content(const QString& file);
    /** The Content-Type served for a body at a path, with the utf-8 charset for text. */
    static QByteArray content_type(const QString& path, const QByteArray& body);

    /** Listens on 127.0.0.1:`port` (0: a port the OS picks) and returns the port; throws std::runtime_error. */
    quint16 listen(quint16 port = 0, const QHostAddress& address = QHostAddress::LocalHost);

private:
    void answer(const QHttpServerRequest& request, QHttpServerResponder&& responder) const;

    QHttpServer m_server;
    QMap<QString, QByteArray> m_content;
    QString m_health_path;
};

} // namespace berth
