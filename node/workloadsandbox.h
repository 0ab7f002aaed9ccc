#pragma once

#include <QString>
#include <QStringList>

#include <sys/types.h>

namespace berth {

/**
 * How a command workload is isolated from the node that runs it: bubblewrap (Debian's
 * `bubblewrap` package) gives it its own mount, PID, IPC and UTS namespaces and no capabilities,
 * with the whole system visible read-only, fresh empty /tmp, /run and /dev, the node user's home
 * and data directory hidden under empty tmpfs mounts, and only its own working directory
 * writable. It keeps the host's network, since its front reaches it on 127.0.0.1. bubblewrap
 * rather than plain `unshare`: it sets up the mounts and drops capabilities itself, as an
 * unprivileged user too, and ends the workload with the node (--die-with-parent). A node
 * running as root first gives the workload the system's `nobody` user, so that nothing it does
 * happens with root's rights; an unprivileged node's workloads keep its user, in a user
 * namespace bwrap makes, kept from the node's files by the mounts above.
 */
class WorkloadSandbox
{
public:
    /** Whom the workload runs as; uid -1 keeps the node's user. */
    struct User {
        uid_t uid = static_cast<uid_t>(-1);
        gid_t gid = static_cast<gid_t>(-1);
        bool changes() const { return uid != static_cast<uid_t>(-1); }
    };

    /** bwrap from the system's PATH; unavailable when it is not installed. */
    static WorkloadSandbox system();
    explicit WorkloadSandbox(QString bwrap_program) : m_bwrap(std::move(bwrap_program)) {}

    bool available() const { return !m_bwrap.isEmpty(); }
    const QString& program() const { return m_bwrap; }
    /** Also hides `path` (the node's data directory, say) when it exists. */
    void hide(const QString& path);

    /** bwrap's arguments that run `command` in `work_dir`, the one place it may write. */
    QStringList arguments(const QStringList& command, const QString& work_dir) const;

    const User& user() const { return m_user; }
    /** Makes `work_dir` the workload user's own; true when there is nothing to do. */
    bool give_to_workload_user(const QString& work_dir) const;
    /** In the child between fork and exec (async-signal-safe): becomes `user`, or exits. */
    static void become(const User& user);

private:
    QString m_bwrap;
    QStringList m_hidden;
    User m_user;
};

} // namespace berth
