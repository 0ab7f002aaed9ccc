#pragma once

#include "replicalogstore.h"
#include "replicaprocess.h"
#include "workloadruntime.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

class QNetworkReply;

namespace berth {
class ReplicaFront;
}

namespace berth {

/**
 * The workload runtime of a single machine: every replica is a real local process serving
 * HTTP on 127.0.0.1, either the built-in static-http workload (berth-workload) or, when the
 * provider allows it, a command from the manifest, and others reach it through its
 * ReplicaFront, which also answers the lease-bound health check. A lease counts as deployed once every
 * replica answers its health path with 2xx. Replicas run in their own process groups, are
 * ended with the lease, with the runtime, and by the kernel if the node itself dies, so no
 * workload outlives the provider that was paid for it.
 */
class ProcessRuntime : public WorkloadRuntime
{
    Q_OBJECT

public:
    explicit ProcessRuntime(QString workload_program, QObject* parent = nullptr);
    ~ProcessRuntime() override;

    /** berth-workload beside the running executable. */
    static QString default_program();

    /** Command workloads run only when the provider enabled them, and only in the sandbox. */
    void set_allow_commands(bool allow) { m_allow_commands = allow; }
    /** The sandbox of command workloads; the system's bubblewrap unless set. */
    void set_sandbox(WorkloadSandbox sandbox) { m_launch.sandbox = std::move(sandbox); }
    /** How replicas are held to their resources; the machine's cgroups (or rlimits) unless set. */
    void set_resource_limiter(ResourceLimiter limiter);
    const ResourceLimiter& resource_limiter() const { return m_launch.limits; }
    /** Hides a directory (the node's data directory) from command workloads. */
    void hide_from_workloads(const QString& path) { m_launch.sandbox.hide(path); }
    /** A faulty provider: every replica started from now on dies after this many seconds (0 = never). */
    void set_fail_after_s(int seconds);
    /** How long the previous replicas serve on after retire_previous(); 5000 ms unless set. */
    void set_drain_ms(int ms) { m_drain_ms = std::max(ms, 0); }
    /** How long every replica of a lease has to answer its health path. */
    void set_health_timeout_ms(int ms);
    /**
     * Where replicas listen (127.0.0.1 unless set; an operator's address for a provider others
     * reach over the network) and the host their URLs name.
     */
    void set_listen(const QHostAddress& address, const QString& public_host);

    /**
     * Starts the lease's services beside what the lease runs already; the old replicas serve
     * until retire_previous() (the chain has the new addresses) or the next deploy() or stop().
     * A deployment that fails (refused, a replica exited or stayed unhealthy) leaves the previous
     * one running, or nothing when there was none. The outcome is always signalled later from the
     * event loop, never from inside this call.
     */
    void deploy(std::uint64_t lease, const Manifest& manifest, int lease_replicas, const QList<quint16>& ports = {},
                const InstanceType& resources = {}) override;
    QString refusal(const Manifest& manifest, int lease_replicas, const InstanceType& resources = {}) const override;
    void retire_previous(std::uint64_t lease) override;
    /** Ends every replica of the lease: SIGTERM, then SIGKILL after 2 s. */
    void stop(std::uint64_t lease) override;
    void stop_all() override;
    QList<ReplicaStatus> status(std::uint64_t lease) const override;
    QList<std::uint64_t> leases() const override;

    /** Where replicas' logs are kept (the provider's data directory); a temporary directory unless set. */
    void set_log_directory(const QString& dir) { m_logs.set_directory(dir); }
    QList<QByteArray> log_tail(std::uint64_t lease, const QString& service, int replica, int lines) override;
    void remove_logs(std::uint64_t lease) override;

    /** The process ids of the lease's replicas that were started, in status() order. */
    QList<qint64> pids(std::uint64_t lease) const;

private:
    struct Replica {
        std::uint64_t lease = 0;
        quint64 serial = 0;
        QString service;
        int index = 0;
        QString health_path;
        /** The path of the replica's URL on chain: one that answers 2xx, since auditors probe it. */
        QString url_path;
        QNetworkReply* probe = nullptr;
        /** Where others reach the replica: the port on chain. */
        std::unique_ptr<ReplicaFront> front;
        /** Its process, which points the front at it; declared after the front, so that it goes first. */
        std::unique_ptr<ReplicaProcess> process;
        ReplicaStatus::State state = ReplicaStatus::State::Starting;
        bool healthy = false;
        /** What the last health probe got, for the reason of a timeout. */
        QString last_probe;
        /** Why the replica failed before the lease was deployed; empty while it has not. */
        QString failure;
    };
    struct Deployment {
        quint64 serial = 0;
        bool deployed = false;
        QDeadlineTimer health_deadline;
        std::vector<std::unique_ptr<Replica>> replicas;
        /** Holds the content files and the command replicas' working directory. */
        QString dir;
        InstanceType resources;
    };

    /** Starts one replica, reached on `port` if it is free (0: any); a failure to start is recorded on it for evaluate(). */
    void start_replica(Deployment& deployment, Replica& replica, const ServiceSpec& service, const QString& content_file, quint16 port);
    /** Brings back a replica of the running deployment that exited. */
    void restart(Replica& replica);
    /** Holds every deployment's files (and the logs, without a log directory); made on first use. */
    QTemporaryDir& content_dir();
    /** ran: the process started, so it has stderr worth quoting. */
    void on_exit(Replica& replica, QString cause, bool ran);
    void probe(Replica& replica);
    /** Probes the replicas of pending deployments and decides those whose time ran out. */
    void poll();
    /** Decides a pending deployment: deployed once all are healthy, failed once one failed or time ran out. */
    void evaluate(std::uint64_t lease, quint64 serial);
    void evaluate_later(std::uint64_t lease, quint64 serial);
    /** reason by value: it is often a replica's own text, which stopping the lease destroys. */
    void fail(std::uint64_t lease, QString reason);
    void fail_later(std::uint64_t lease, quint64 serial, const QString& reason);
    /** Ends the processes and removes the lease without signalling anything. */
    void teardown(Deployment& deployment);
    Deployment* find(std::uint64_t lease, quint64 serial) const;
    /** Ends the lease's retiring deployment if it is still the one with this serial. */
    void retire_now(std::uint64_t lease, quint64 serial);

    ReplicaProcess::Settings m_launch;
    QHostAddress m_listen = QHostAddress::LocalHost;
    QString m_public_host = QStringLiteral("127.0.0.1");
    bool m_allow_commands = false;
    int m_health_timeout_ms = 15000;
    int m_drain_ms = 5000;
    quint64 m_next_serial = 0;
    /** The serial of the newest deploy() of each lease, so that a stale outcome is never signalled. */
    std::map<std::uint64_t, quint64> m_latest;
    std::map<std::uint64_t, std::unique_ptr<Deployment>> m_leases;
    /** A lease's previous deployment, serving until its replacement in m_leases is healthy. */
    std::map<std::uint64_t, std::unique_ptr<Deployment>> m_retiring;
    QNetworkAccessManager m_network{this};
    QTimer m_poll{this};
    std::unique_ptr<QTemporaryDir> m_content_dir;
    ReplicaLogStore m_logs;
};

} // namespace berth
