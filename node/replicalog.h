#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

#include <functional>
#include <memory>

namespace berth {

/**
 * What one replica printed, kept on disk as one JSON object per line ({"time", "service",
 * "replica", "stream", "line"}): the current file and the one before it, each rotated at half the cap, so that a
 * workload that prints without end never holds more than `max_bytes` of the provider's disk.
 * Output arrives in arbitrary chunks; a line is recorded once complete, and one longer than
 * max_line_bytes is cut into pieces, so that a workload that never prints a newline cannot grow
 * the node's memory either.
 */
class ReplicaLog
{
public:
    static constexpr qint64 default_max_bytes = 2 * 1024 * 1024;
    static constexpr qsizetype max_line_bytes = 16 * 1024;

    /** Receives each record as it is written, for followers. */
    using Sink = std::function<void(const QByteArray& record)>;

    /** `path` is the current file; the previous one is `path` + ".1". */
    ReplicaLog(QString path, QString service, int replica, qint64 max_bytes, Sink sink);

    /** Adds what the replica wrote to `stream` ("stdout" or "stderr") just now. */
    void append(const QString& stream, const QByteArray& chunk);
    /** Records a line of the runtime's own about the replica (a start, an exit), as stream "runtime". */
    void note(const QString& text);
    /** The last `lines` records of the log at `path`, oldest first, from both its files. */
    static QList<QByteArray> tail(const QString& path, int lines);

private:
    /** `time`: the chunk's arrival, formatted once for all its lines. */
    void write(const QString& stream, const QByteArray& line, const QByteArray& time);
    /** Makes what was written readable by tail(). */
    void flush();

    QString m_path;
    QString m_service;
    int m_replica;
    qint64 m_max_bytes;
    Sink m_sink;
    QByteArray m_partial_stdout;
    QByteArray m_partial_stderr;
    /** The current file, open while the replica prints. */
    std::unique_ptr<QFile> m_file;
    qint64 m_file_bytes = 0;
};

} // namespace berth
