#include "staticsite.h"

#include <QFile>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeDatabase>

#include <stdexcept>

namespace berth {

namespace {

using Status = QHttpServerResponder::StatusCode;

bool is_text(const QMimeType& mime)
{
    return mime.name().startsWith(QLatin1String("text/")) || mime.inherits(QStringLiteral("text/plain"));
}

} // namespace

StaticSite::StaticSite(QMap<QString, QByteArray> content, QString health_path)
    : m_content(std::move(content)), m_health_path(std::move(health_path))
{
    // The router matches regular expressions built from its patterns, while content paths are
    // literal ("/index.html" has a dot), so every request goes through one exact lookup instead.
    m_server.setMissingHandler(
        [this](const QHttpServerRequest& request, QHttpServerResponder&& responder) { answer(request, std::move(responder)); });
}

QMap<QString, QByteArray> StaticSite::load_content(const QString& file)
{
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) throw std::runtime_error("cannot read " + file.toStdString() + ": " + in.errorString().toStdString());
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(in.readAll(), &parse);
    if (parse.error != QJsonParseError::NoError)
        throw std::runtime_error(file.toStdString() + " is not valid JSON: " + parse.errorString().toStdString());
    if (!doc.isObject()) throw std::runtime_error(file.toStdString() + " must hold a JSON object of path to body");
    QMap<QString, QByteArray> content;
    const QJsonObject object = doc.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.key().startsWith(QLatin1Char('/')))
            throw std::runtime_error("content path '" + it.key().toStdString() + "' does not start with /");
        if (!it.value().isString()) throw std::runtime_error("the body of '" + it.key().toStdString() + "' is not a string");
        content.insert(it.key(), it.value().toString().toUtf8());
    }
    return content;
}

QByteArray StaticSite::content_type(const QString& path, const QByteArray& body)
{
    const QMimeDatabase db;
    const QString name = path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
    const QMimeType mime = name.isEmpty() ? QMimeType() : db.mimeTypeForFile(name, QMimeDatabase::MatchExtension);
    if (mime.isValid() && !mime.isDefault()) return is_text(mime) ? mime.name().toUtf8() + "; charset=utf-8" : mime.name().toUtf8();
    // Bodies come from a JSON manifest, so they are text; markup without a telling suffix is a page.
    return body.trimmed().startsWith('<') ? QByteArrayLiteral("text/html; charset=utf-8") : QByteArrayLiteral("text/plain; charset=utf-8");
}

quint16 StaticSite::listen(quint16 port, const QHostAddress& address)
{
    const quint16 bound = m_server.listen(address, port);
    if (bound == 0) throw std::runtime_error("cannot listen on " + address.toString().toStdString() + ":" + std::to_string(port));
    return bound;
}

void StaticSite::answer(const QHttpServerRequest& request, QHttpServerResponder&& responder) const
{
    const QString path = request.url().path();
    auto found = m_content.constFind(path);
    if (found == m_content.constEnd() && path == QLatin1String("/")) found = m_content.constFind(QStringLiteral("/index.html"));
    const bool health = found == m_content.constEnd() && path == m_health_path;
    if (found == m_content.constEnd() && !health) {
        responder.write(QByteArrayLiteral("not found\n"), "text/plain; charset=utf-8", Status::NotFound);
        return;
    }
    if (request.method() != QHttpServerRequest::Method::Get) {
        responder.write(QByteArrayLiteral("only GET is served\n"), "text/plain; charset=utf-8", Status::MethodNotAllowed);
        return;
    }
    if (health) {
        responder.write(QByteArrayLiteral("ok"), "text/plain; charset=utf-8", Status::Ok);
        return;
    }
    const QByteArray type = content_type(found.key(), found.value());
    responder.write(found.value(), type.constData(), Status::Ok);
}

} // namespace berth
