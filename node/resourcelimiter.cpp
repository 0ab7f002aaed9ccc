#include "resourcelimiter.h"

#include "logging.h"

#include <QDir>
#include <QFile>
#include <QThread>

#include <cerrno>
#include <csignal>

#include <fcntl.h>
#include <unistd.h>
#include <sys/resource.h>

namespace berth {

namespace {

const QString cgroup_root = QStringLiteral("/sys/fs/cgroup");
const QStringList v1_controllers{QStringLiteral("memory"), QStringLiteral("pids"), QStringLiteral("cpu")};
constexpr std::uint64_t cpu_period_us = 100000;

QByteArray read_control_file(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool write_control_file(const QString& path, const QByteArray& value)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(value) == value.size() && file.flush();
}

/** The node's own path in the hierarchy that has `controller` ("" for v2's unified one), from /proc/self/cgroup. */
QString own_path(const QString& controller)
{
    for (const QByteArray& line : read_control_file(QStringLiteral("/proc/self/cgroup")).split('\n')) {
        const QList<QByteArray> fields = line.split(':');
        if (fields.size() < 3) continue;
        const QStringList controllers = QString::fromLatin1(fields[1]).split(QLatin1Char(','), Qt::SkipEmptyParts);
        if (controller.isEmpty() ? fields[0] == "0" && fields[1].isEmpty() : controllers.contains(controller))
            return QString::fromUtf8(line.mid(fields[0].size() + fields[1].size() + 2));
    }
    return {};
}

/** A field of a flat-keyed cgroup file ("oom_kill 3"); 0 when it is absent. */
quint64 keyed_value(const QByteArray& text, const QByteArray& key)
{
    for (const QByteArray& line : text.split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() == 2 && fields[0] == key) return fields[1].toULongLong();
    }
    return 0;
}

/** Kills whatever is left in the group at `dir` and removes it: processes take a moment to leave a group once killed. */
void remove_group(const QString& dir)
{
    const QByteArray path = QFile::encodeName(dir);
    for (int attempt = 0; attempt < 100 && QFile::exists(dir); ++attempt) {
        for (const QByteArray& pid : read_control_file(dir + QStringLiteral("/cgroup.procs")).split('\n'))
            if (const long long id = pid.toLongLong(); id > 0) ::kill(static_cast<pid_t>(id), SIGKILL);
        if (::rmdir(path.constData()) == 0 || errno == ENOENT) break;
        QThread::msleep(10);
    }
    if (QFile::exists(dir)) qCWarning(lcAgent).noquote() << QStringLiteral("cannot remove the cgroup %1").arg(dir);
}

/** The groups of nodes that died without removing them, with whatever their replicas left. */
void remove_stale_groups(const QString& base)
{
    for (const QString& name : QDir(base).entryList({QStringLiteral("berth-*")}, QDir::Dirs | QDir::NoDotAndDotDot)) {
        const pid_t pid = static_cast<pid_t>(name.mid(6).toLongLong());
        if (pid > 0 && (::kill(pid, 0) == 0 || errno != ESRCH)) continue;
        const QDir stale(base + QLatin1Char('/') + name);
        for (const QString& child : stale.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) remove_group(stale.filePath(child));
        remove_group(stale.path());
    }
}

} // namespace

ResourceLimiter::ResourceLimiter(Mode mode, QMap<QString, QString> parents) : m_mode(mode), m_parents(std::move(parents)) {}

ResourceLimiter ResourceLimiter::system()
{
    const QString node_group = QStringLiteral("berth-%1").arg(::getpid());
    auto fallback = [](const QString& reason) {
        ResourceLimiter limiter(Mode::Rlimit, {});
        limiter.m_fallback_reason = reason;
        return limiter;
    };
    if (QFile::exists(cgroup_root + QStringLiteral("/cgroup.controllers"))) {
        const QString base = cgroup_root + own_path(QString());
        remove_stale_groups(base);
        const QString parent = base + QLatin1Char('/') + node_group;
        // The node's own group hands the controllers down (refused by the kernel when it is not the
        // root and holds processes), then the node's group to its replicas'.
        const QByteArray controllers("+cpu +memory +pids");
        if (!write_control_file(base + QStringLiteral("/cgroup.subtree_control"), controllers) || !QDir().mkpath(parent) ||
            !write_control_file(parent + QStringLiteral("/cgroup.subtree_control"), controllers)) {
            ::rmdir(QFile::encodeName(parent).constData());
            return fallback(QStringLiteral("cannot delegate the cpu, memory and pids controllers below %1").arg(base));
        }
        return ResourceLimiter(Mode::CgroupV2, {{QString(), parent}});
    }
    QMap<QString, QString> parents;
    for (const QString& controller : v1_controllers) {
        const QString base = cgroup_root + QLatin1Char('/') + controller + own_path(controller);
        if (!QFile::exists(base + QStringLiteral("/cgroup.procs")))
            return fallback(QStringLiteral("no %1 controller is mounted").arg(controller));
        remove_stale_groups(base);
        const QString parent = base + QLatin1Char('/') + node_group;
        if (!QDir().mkpath(parent)) {
            for (const QString& made : parents) ::rmdir(QFile::encodeName(made).constData());
            return fallback(QStringLiteral("cannot create a group in %1").arg(base));
        }
        parents.insert(controller, parent);
    }
    return ResourceLimiter(Mode::CgroupV1, parents);
}

QString ResourceLimiter::mode_name() const
{
    switch (m_mode) {
    case Mode::CgroupV2: return QStringLiteral("cgroup v2");
    case Mode::CgroupV1: return QStringLiteral("cgroup v1");
    case Mode::Rlimit: break;
    }
    return QStringLiteral("rlimits");
}

std::optional<ResourceLimiter::Group> ResourceLimiter::create(const QString& name, const InstanceType& limits, QString* error) const
{
    Group group;
    group.memory_bytes = limits.memory_mib * 1024 * 1024;
    if (m_mode == Mode::Rlimit) return group;

    const QByteArray memory = QByteArray::number(group.memory_bytes);
    const QByteArray pids = QByteArray::number(limits.processes);
    const std::uint64_t quota_us = std::max<std::uint64_t>(1000, std::uint64_t{limits.millicpus} * cpu_period_us / 1000);
    // (file, value, required): swap is only limited where the kernel accounts it.
    std::vector<std::tuple<QString, QString, QByteArray, bool>> writes;
    if (m_mode == Mode::CgroupV2) {
        const QString dir = m_parents.value(QString()) + QLatin1Char('/') + name;
        group.dirs.append(dir);
        writes = {{dir, QStringLiteral("memory.max"), memory, true},
                  {dir, QStringLiteral("memory.swap.max"), QByteArray("0"), false},
                  {dir, QStringLiteral("pids.max"), pids, true},
                  {dir, QStringLiteral("cpu.max"), QByteArray::number(quota_us) + ' ' + QByteArray::number(cpu_period_us), true}};
    } else {
        const QString memory_dir = m_parents.value(QStringLiteral("memory")) + QLatin1Char('/') + name;
        const QString pids_dir = m_parents.value(QStringLiteral("pids")) + QLatin1Char('/') + name;
        const QString cpu_dir = m_parents.value(QStringLiteral("cpu")) + QLatin1Char('/') + name;
        group.dirs = {memory_dir, pids_dir, cpu_dir};
        writes = {{memory_dir, QStringLiteral("memory.limit_in_bytes"), memory, true},
                  {memory_dir, QStringLiteral("memory.memsw.limit_in_bytes"), memory, false},
                  {pids_dir, QStringLiteral("pids.max"), pids, true},
                  {cpu_dir, QStringLiteral("cpu.cfs_period_us"), QByteArray::number(cpu_period_us), true},
                  {cpu_dir, QStringLiteral("cpu.cfs_quota_us"), QByteArray::number(quota_us), true}};
    }
    for (const QString& dir : group.dirs) {
        if (!QDir().mkpath(dir)) {
            if (error) *error = QStringLiteral("cannot create the cgroup %1").arg(dir);
            remove(group);
            return std::nullopt;
        }
        group.procs_files.push_back(QFile::encodeName(dir + QStringLiteral("/cgroup.procs")).toStdString());
    }
    for (const auto& [dir, file, value, required] : writes) {
        const QString path = dir + QLatin1Char('/') + file;
        if (write_control_file(path, value) || !required) continue;
        if (error) *error = QStringLiteral("cannot write %1 to %2").arg(QString::fromLatin1(value), path);
        remove(group);
        return std::nullopt;
    }
    return group;
}

void ResourceLimiter::join(const Group& group)
{
    if (group.procs_files.empty()) {
        const rlimit memory{group.memory_bytes, group.memory_bytes};
        if (group.memory_bytes != 0 && ::setrlimit(RLIMIT_DATA, &memory) != 0) ::_exit(126);
        return;
    }
    // The pid in decimal, by hand: snprintf is not async-signal-safe.
    char digits[24];
    char* end = digits + sizeof digits;
    char* start = end;
    for (pid_t pid = ::getpid(); pid > 0; pid /= 10) *--start = static_cast<char>('0' + pid % 10);
    for (const std::string& file : group.procs_files) {
        const int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC);
        const bool joined = fd >= 0 && ::write(fd, start, static_cast<std::size_t>(end - start)) == end - start;
        if (fd >= 0) ::close(fd);
        // A replica outside its limits must not run at all.
        if (!joined) ::_exit(126);
    }
}

std::uint64_t ResourceLimiter::memory_kills(const Group& group) const
{
    if (group.dirs.isEmpty()) return 0;
    if (m_mode == Mode::CgroupV2) return keyed_value(read_control_file(group.dirs.first() + QStringLiteral("/memory.events")), "oom_kill");
    return keyed_value(read_control_file(group.dirs.first() + QStringLiteral("/memory.oom_control")), "oom_kill");
}

void ResourceLimiter::remove(const Group& group) const
{
    for (const QString& dir : group.dirs) remove_group(dir);
}

void ResourceLimiter::remove_node_groups() const
{
    for (const QString& parent : m_parents) ::rmdir(QFile::encodeName(parent).constData());
}

} // namespace berth
