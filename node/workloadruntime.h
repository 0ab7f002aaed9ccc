#pragma once

#include "manifest.h"

#include <instancetype.h>

#include <QList>
#include <QObject>
#include <QString>

#include <cstdint>

namespace berth {

/** One running (or failed) replica of a deployed service, as GET /lease/{id}/status reports it. */
struct ReplicaStatus {
    enum class State { Starting, Running, Exited };
    QString service;
    int index = 0;
    QString host;
    quint16 port = 0;
    QString url;
    State state = State::Starting;
    /** Why the replica ended, once it has ("exceeded its memory limit of 512 MiB", "exited with code 1"). */
    QString exit_reason;
    /** How often the runtime started it again after it exited. */
    int restarts = 0;
    /** Running and answering its health path. */
    bool healthy = false;
    bool operator==(const ReplicaStatus&) const = default;
};

/** "starting", "running", "exited". */
QString replica_state_name(ReplicaStatus::State state);

/**
 * Runs the deployments of one provider. The provider agent hands it a lease's manifest and
 * replica count and hears back once every replica is healthy (or why it could not be), so
 * that a container or enclave runtime can later replace the one local implementation.
 * deploy() on a lease that is running replaces its deployment (an update restarts or scales
 * it without a gap); stop() ends it. An implementation owns every process it starts and ends
 * them all when it is destroyed.
 */
class WorkloadRuntime : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    /**
     * Starts the lease's replicas; `ports` asks for a port per replica, in order (a restored
     * deployment keeps the addresses the chain has), where it is free. A lease already running
     * keeps serving beside the new replicas until retire_previous(), and keeps running alone if
     * they fail. Each replica runs within `resources`, its lease's instance type (the
     * default-constructed type's 1 vCPU, 512 MiB and 64 processes when the chain names none).
     */
    virtual void deploy(std::uint64_t lease, const Manifest& manifest, int lease_replicas, const QList<quint16>& ports = {},
                        const InstanceType& resources = {}) = 0;
    /**
     * Stops what a lease ran before its newest deployment, once the chain points users at the new
     * one, after a drain in which clients that read the old addresses are still answered.
     */
    virtual void retire_previous(std::uint64_t lease) = 0;
    /**
     * Why this runtime cannot run the manifest with that many replicas of `resources` each (a
     * service asking for more than they give, say), or an empty string: checked before anything runs.
     */
    virtual QString refusal(const Manifest& manifest, int lease_replicas, const InstanceType& resources = {}) const = 0;
    virtual void stop(std::uint64_t lease) = 0;
    virtual void stop_all() = 0;
    virtual QList<ReplicaStatus> status(std::uint64_t lease) const = 0;
    virtual QList<std::uint64_t> leases() const = 0;
    /**
     * The last `lines` records of what the lease's replicas printed (JSON objects, ReplicaLog),
     * oldest first, of one service (or all: empty) and one replica number (or all: -1).
     */
    virtual QList<QByteArray> log_tail(std::uint64_t lease, const QString& service, int replica, int lines) = 0;
    /** Removes the lease's logs: it has ended. */
    virtual void remove_logs(std::uint64_t lease) = 0;

Q_SIGNALS:
    /** Every replica of the lease answered its health path. */
    void deployed(std::uint64_t lease, const QList<berth::ReplicaStatus>& replicas);
    /** The deployment could not be started; nothing of it is left running. */
    void deployFailed(std::uint64_t lease, const QString& reason);
    /** A replica of a deployed lease exited on its own, for `reason` (ReplicaStatus::exit_reason). */
    void replicaExited(std::uint64_t lease, const QString& service, int index, const QString& reason);
    /** A replica printed a line (or the runtime noted one about it): one ReplicaLog record. */
    void logged(std::uint64_t lease, const QString& service, int index, const QByteArray& record);
    /** The lease's logs are gone with it: followers are done. */
    void logsRemoved(std::uint64_t lease);
};

} // namespace berth
