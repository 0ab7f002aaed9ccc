#pragma once

#include "replicalog.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <utility>

namespace berth {

/**
 * Where a runtime keeps what its replicas print: one ReplicaLog per replica of a lease, in a
 * directory per lease, shared by the replica's rollouts and restarts so that an update or a
 * crash does not cut its history. It reads the last lines of a lease back, merged across its
 * replicas by time, and removes them once the lease has ended.
 */
class ReplicaLogStore
{
public:
    /** Receives each record as it is written, with the replica it came from, for followers. */
    using Sink = std::function<void(std::uint64_t lease, const QString& service, int replica, const QByteArray& record)>;

    /** `fallback` names the directory to use when none is set, asked once, when a log is first needed. */
    ReplicaLogStore(std::function<QString()> fallback, Sink sink);

    /** Where the logs are kept (the provider's data directory). */
    void set_directory(const QString& dir) { m_dir = dir; }
    /** The log of one replica of a lease, made on first use. */
    std::shared_ptr<ReplicaLog> log_of(std::uint64_t lease, const QString& service, int replica);
    /**
     * The last `lines` records of the lease's replicas, oldest first, of one service (or all:
     * empty) and one replica number (or all: -1).
     */
    QList<QByteArray> tail(std::uint64_t lease, const QString& service, int replica, int lines);
    /** Forgets the lease's logs and removes their files. */
    void remove(std::uint64_t lease);

private:
    QString directory(std::uint64_t lease);

    std::function<QString()> m_fallback;
    Sink m_sink;
    QString m_dir;
    std::map<std::uint64_t, std::map<std::pair<QString, int>, std::shared_ptr<ReplicaLog>>> m_logs;
};

} // namespace berth
