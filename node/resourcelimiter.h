#pragma once

#include <instancetype.h>

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>
#include <string>
#include <vector>

namespace berth {

/**
 * Holds each replica to its instance type's resources. With cgroups (v2, or v1's memory, pids
 * and cpu controllers) every replica gets a group of its own under one group per node: the
 * kernel enforces its memory (without swap beyond it), its CPU quota and its process count for
 * the replica and everything it spawns, its OOM killer ends a replica that goes over its memory,
 * and the group tells afterwards that this is why the replica ended. Without a cgroup hierarchy
 * the node may write to (an unprivileged node without delegation), only memory is limited, per
 * process, with RLIMIT_DATA: neither CPU time nor the process count is, since RLIMIT_NPROC counts
 * every process of the user rather than the replica's.
 */
class ResourceLimiter
{
public:
    enum class Mode { CgroupV2, CgroupV1, Rlimit };

    /** The groups of one replica and what its child process does to join them. */
    struct Group {
        /** The directories made for it: one for v2, one per controller for v1; none with rlimits. */
        QStringList dirs;
        /** The files its process writes its pid to, before it runs the workload. */
        std::vector<std::string> procs_files;
        std::uint64_t memory_bytes = 0;
    };

    /** Detects the machine's hierarchy and makes this node's group in it; Rlimit when it cannot. */
    static ResourceLimiter system();
    /** `parents`: controller → the directory replicas' groups go in (one entry, key "", for v2). */
    ResourceLimiter(Mode mode, QMap<QString, QString> parents);

    Mode mode() const { return m_mode; }
    /** "cgroup v2", "cgroup v1" or "rlimits", for the log and the docs' names. */
    QString mode_name() const;
    /** Why cgroups are not used, when they are not. */
    const QString& fallback_reason() const { return m_fallback_reason; }

    /** Makes the replica's groups with `limits` written in; nullopt and `error` set when that fails. */
    std::optional<Group> create(const QString& name, const InstanceType& limits, QString* error) const;
    /** Runs in the replica's child process between fork and exec: only async-signal-safe calls. */
    static void join(const Group& group);
    /** How often the kernel has killed a process of the group for its memory. */
    std::uint64_t memory_kills(const Group& group) const;
    /** Kills whatever is left in the group and removes its directories. */
    void remove(const Group& group) const;
    /** Removes the node's own groups, empty once every replica's group is removed. */
    void remove_node_groups() const;

private:
    Mode m_mode;
    QMap<QString, QString> m_parents;
    QString m_fallback_reason;
};

} // namespace berth
