#include "replicalog.h"

#include "logging.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace berth {

ReplicaLog::ReplicaLog(QString path, QString service, int replica, qint64 max_bytes, Sink sink)
    : m_path(std::move(path)), m_service(std::move(service)), m_replica(replica), m_max_bytes(std::max<qint64>(max_bytes, 2 * max_line_bytes)),
      m_sink(std::move(sink))
{}

namespace {

QByteArray time_now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toLatin1();
}

} // namespace

void ReplicaLog::append(const QString& stream, const QByteArray& chunk)
{
    const QByteArray now = time_now();
    QByteArray& partial = stream == QLatin1String("stderr") ? m_partial_stderr : m_partial_stdout;
    partial += chunk;
    qsizetype start = 0;
    for (qsizetype newline; (newline = partial.indexOf('\n', start)) >= 0; start = newline + 1) {
        // A long line is recorded in pieces of at most max_line_bytes.
        for (qsizetype at = start; at < newline; at += max_line_bytes)
            write(stream, partial.mid(at, std::min(max_line_bytes, newline - at)), now);
        if (newline == start) write(stream, QByteArray(), now);
    }
    partial.remove(0, start);
    while (partial.size() >= max_line_bytes) {
        write(stream, partial.left(max_line_bytes), now);
        partial.remove(0, max_line_bytes);
    }
    flush();
}

void ReplicaLog::flush()
{
    if (m_file) m_file->flush();
}

void ReplicaLog::note(const QString& text)
{
    write(QStringLiteral("runtime"), text.toUtf8(), time_now());
    flush();
}

void ReplicaLog::write(const QString& stream, const QByteArray& line, const QByteArray& time)
{
    QByteArray text = line;
    if (text.endsWith('\r')) text.chop(1);
    // Only the line needs JSON's escaping; the rest is the same for every line of a chunk.
    const QByteArray quoted = QJsonDocument(QJsonArray{QString::fromUtf8(text)}).toJson(QJsonDocument::Compact);
    const QByteArray record = "{\"time\":\"" + time + "\",\"service\":\"" + m_service.toUtf8() +
                              "\",\"replica\":" + QByteArray::number(m_replica) + ",\"stream\":\"" + stream.toLatin1() +
                              "\",\"line\":" + quoted.mid(1, quoted.size() - 2) + '}';
    if (!m_file) {
        m_file = std::make_unique<QFile>(m_path);
        if (!m_file->open(QIODevice::Append)) qCWarning(lcAgent).noquote() << "cannot write the log" << m_path << ":" << m_file->errorString();
        m_file_bytes = m_file->size();
    }
    // Each file holds half the cap: the older half is dropped whole when the newer one is full.
    if (m_file_bytes + record.size() + 1 > m_max_bytes / 2) {
        m_file->close();
        QFile::remove(m_path + QStringLiteral(".1"));
        QFile::rename(m_path, m_path + QStringLiteral(".1"));
        m_file->open(QIODevice::Append);
        m_file_bytes = 0;
    }
    if (m_file->isOpen() && m_file->write(record + '\n') > 0) m_file_bytes += record.size() + 1;
    if (m_sink) m_sink(record);
}

QList<QByteArray> ReplicaLog::tail(const QString& path, int lines)
{
    QList<QByteArray> out;
    for (const QString& file_path : {path + QStringLiteral(".1"), path}) {
        QFile file(file_path);
        if (!file.open(QIODevice::ReadOnly)) continue;
        for (const QByteArray& line : file.readAll().split('\n'))
            if (!line.isEmpty()) out.append(line);
    }
    if (lines >= 0 && out.size() > lines) out = out.mid(out.size() - lines);
    return out;
}

} // namespace berth
