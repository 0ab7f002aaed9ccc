#include "replicalogstore.h"

#include <QDir>

#include <algorithm>
#include <vector>

namespace berth {

ReplicaLogStore::ReplicaLogStore(std::function<QString()> fallback, Sink sink) : m_fallback(std::move(fallback)), m_sink(std::move(sink)) {}

QString ReplicaLogStore::directory(std::uint64_t lease)
{
    if (m_dir.isEmpty()) m_dir = m_fallback();
    return m_dir + QStringLiteral("/lease-%1").arg(lease);
}

std::shared_ptr<ReplicaLog> ReplicaLogStore::log_of(std::uint64_t lease, const QString& service, int replica)
{
    std::shared_ptr<ReplicaLog>& log = m_logs[lease][{service, replica}];
    if (!log) {
        const QString dir = directory(lease);
        QDir().mkpath(dir);
        // Service names are a-z, 0-9 and "-": the dot separates the replica's number unambiguously.
        log = std::make_shared<ReplicaLog>(
            dir + QStringLiteral("/%1.%2.log").arg(service).arg(replica), service, replica, ReplicaLog::default_max_bytes,
            [this, lease, service, replica](const QByteArray& record) { m_sink(lease, service, replica, record); });
    }
    return log;
}

QList<QByteArray> ReplicaLogStore::tail(std::uint64_t lease, const QString& service, int replica, int lines)
{
    const QDir dir(directory(lease));
    const QString pattern =
        QStringLiteral("%1.%2.log")
            .arg(service.isEmpty() ? QStringLiteral("*") : service, replica < 0 ? QStringLiteral("*") : QString::number(replica));
    // Each replica's lines are in order; merged by their times, which sort as text.
    std::vector<std::pair<QByteArray, QByteArray>> merged;
    for (const QString& file : dir.entryList({pattern}, QDir::Files, QDir::Name)) {
        for (const QByteArray& record : ReplicaLog::tail(dir.filePath(file), lines)) {
            const qsizetype at = record.indexOf("\"time\":\"");
            merged.emplace_back(at < 0 ? QByteArray() : record.mid(at + 8, 24), record);
        }
    }
    std::stable_sort(merged.begin(), merged.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    QList<QByteArray> out;
    const std::size_t first =
        lines >= 0 && merged.size() > static_cast<std::size_t>(lines) ? merged.size() - static_cast<std::size_t>(lines) : 0;
    for (std::size_t i = first; i < merged.size(); ++i) out.append(merged[i].second);
    return out;
}

void ReplicaLogStore::remove(std::uint64_t lease)
{
    m_logs.erase(lease);
    QDir(directory(lease)).removeRecursively();
}

} // namespace berth
