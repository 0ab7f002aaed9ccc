#pragma once

#include "manifest.h"
#include "replicalog.h"
#include "resourcelimiter.h"
#include "workloadsandbox.h"

#include <instancetype.h>

#include <QByteArray>
#include <QDeadlineTimer>
#include <QObject>
#include <QString>
#include <QUrl>

#include <cstdint>
#include <memory>
#include <optional>

class QProcess;

namespace berth {

class ReplicaFront;

/**
 * The process of one replica, from its first start through its restarts: berth-workload or the
 * manifest's command (in the sandbox, as the workload user) with a clean environment, in its
 * own process group and cgroups, killed by the kernel if the node dies. It learns the port the
 * replica's server listens on and points the front at it, keeps what the replica prints in its
 * log and the end of its stderr for failure reasons, and brings a replica back after a backoff
 * that grows with each restart. What an exit means for the lease is the runtime's to decide.
 */
class ReplicaProcess : public QObject
{
    Q_OBJECT

public:
    /** What a runtime starts every replica with; a change holds for the starts after it. */
    struct Settings {
        /** berth-workload, which serves static-http services. */
        QString program;
        WorkloadSandbox sandbox = WorkloadSandbox::system();
        ResourceLimiter limits = ResourceLimiter::system();
        /** A faulty provider's replicas die this many seconds after they start and stay down (0 = never). */
        int fail_after_s = 0;
    };

    static constexpr int stop_grace_ms = 2000;

    /**
     * `owner` holds the QProcess objects: they outlive this replica by a deleteLater(), since the
     * runtime may end a replica from inside one of their signals.
     */
    ReplicaProcess(const Settings& settings, std::uint64_t lease, ServiceSpec spec, int index, QString content_file, QString work_dir,
                   std::shared_ptr<ReplicaLog> log, ReplicaFront& front, QObject* owner);
    /** Removes its groups; its process has ended by then (terminate(), reap()). */
    ~ReplicaProcess() override;

    /** "service 'web' replica 0", for messages. */
    static QString name(const QString& service, int index);

    /** Makes the groups that hold it to `resources`; false, with the reason in `error`, when it cannot. */
    bool hold_to(const QString& group_name, const InstanceType& resources, QString* error);
    /** Starts the process; why it could not, or an empty string. */
    QString start();
    /** Counts a restart and starts the process again; why it could not, or an empty string. */
    QString restart();
    /** Signals restartDue() after the backoff (1 s, doubling with each restart, at most 30 s); never on a faulty provider. */
    void restart_later();
    /**
     * The reason the process ended, for its status, after reading what it left on stderr (ran:
     * it had started): `cause`, unless it went over its memory limit. Notes it in the log.
     */
    QString settle_exit(QString cause, bool ran);
    /** Sends SIGTERM to the process and its group; from now on nothing it reports arrives here. */
    void terminate();
    /** Waits until `grace` for the terminated process, then kills it; whatever is left of its group goes too. */
    void reap(const QDeadlineTimer& grace);

    /** The port of the replica's own server on 127.0.0.1, behind the front; 0 until known. */
    quint16 port() const { return m_port; }
    /** The URL of `path` on the replica's own server. */
    QUrl local_url(const QString& path) const;
    /** The running process's id; 0 without one. */
    qint64 pid() const;
    int restarts() const { return m_restarts; }
    const QString& exit_reason() const { return m_exit_reason; }
    ReplicaLog& log() const { return *m_log; }
    /** The last lines the process wrote to stderr, as the end of a failure reason ("; stderr: ..."), or empty. */
    QString stderr_summary() const;

Q_SIGNALS:
    /** berth-workload said where it listens: the replica can be probed. */
    void listening();
    /** The process ended, or could not start (ran: false). */
    void exited(const QString& cause, bool ran);
    /** The backoff of restart_later() has passed. */
    void restartDue();

private:
    bool launch();
    void on_stdout();
    void on_stderr();

    const Settings& m_settings;
    std::uint64_t m_lease;
    ServiceSpec m_spec;
    int m_index;
    QString m_content_file;
    QString m_work_dir;
    std::shared_ptr<ReplicaLog> m_log;
    ReplicaFront& m_front;
    QObject* m_owner;
    QProcess* m_process = nullptr;
    /** The process's id when it was terminated: a reaped process no longer has one. */
    qint64 m_terminated_pid = 0;
    quint16 m_port = 0;
    QByteArray m_stdout_pending;
    QByteArray m_stderr_tail;
    /** Its cgroups; none under rlimits or before hold_to(). */
    std::optional<ResourceLimiter::Group> m_group;
    /** The group's OOM kills seen so far, so that each exit is judged on its own. */
    std::uint64_t m_memory_kills = 0;
    QString m_exit_reason;
    int m_restarts = 0;
};

} // namespace berth
