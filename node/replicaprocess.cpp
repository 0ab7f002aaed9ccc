#include "replicaprocess.h"

#include "replicafront.h"

#include "logging.h"

#include <QHostAddress>
#include <QProcess>
#include <QTcpServer>
#include <QTimer>

#include <algorithm>
#include <utility>

#include <signal.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/types.h>

namespace berth {

namespace {

constexpr int kill_wait_ms = 5000;
constexpr qsizetype stderr_tail_bytes = 4096;
constexpr int restart_base_ms = 1000;
constexpr int restart_max_ms = 30000;
const QString loopback = QStringLiteral("127.0.0.1");

/** `wanted` when it is free on `address` right now, else a port that is (0: any); the replica binds it moments later. 0 if none could be had. */
quint16 free_port(const QHostAddress& address, quint16 wanted = 0)
{
    QTcpServer probe;
    if (wanted != 0 && probe.listen(address, wanted)) {
        probe.close();
        return wanted;
    }
    if (!probe.listen(address, 0)) return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

/**
 * Signals the replica's process group (it leads one, so this reaches whatever it spawned)
 * and the process itself, in case it has not yet made its group when the signal is sent.
 */
void signal_replica(qint64 pid, int sig)
{
    if (pid <= 0) return;
    ::kill(-static_cast<pid_t>(pid), sig);
    ::kill(static_cast<pid_t>(pid), sig);
}

} // namespace

ReplicaProcess::ReplicaProcess(const Settings& settings, std::uint64_t lease, ServiceSpec spec, int index, QString content_file,
                               QString work_dir, std::shared_ptr<ReplicaLog> log, ReplicaFront& front, QObject* owner)
    : m_settings(settings), m_lease(lease), m_spec(std::move(spec)), m_index(index), m_content_file(std::move(content_file)),
      m_work_dir(std::move(work_dir)), m_log(std::move(log)), m_front(front), m_owner(owner)
{}

ReplicaProcess::~ReplicaProcess()
{
    if (m_group) m_settings.limits.remove(*m_group);
}

QString ReplicaProcess::name(const QString& service, int index)
{
    return QStringLiteral("service '%1' replica %2").arg(service).arg(index);
}

bool ReplicaProcess::hold_to(const QString& group_name, const InstanceType& resources, QString* error)
{
    m_group = m_settings.limits.create(group_name, resources, error);
    return m_group.has_value();
}

QString ReplicaProcess::start()
{
    if (launch()) return {};
    return QStringLiteral("found no free port on %1").arg(loopback);
}

QString ReplicaProcess::restart()
{
    ++m_restarts;
    qCInfo(lcAgent).noquote()
        << QStringLiteral("lease %1: restarting %2 (restart %3)").arg(m_lease).arg(name(m_spec.name, m_index)).arg(m_restarts);
    return start();
}

void ReplicaProcess::restart_later()
{
    // A faulty provider's replicas are meant to stay down.
    if (m_settings.fail_after_s > 0) return;
    const int delay_ms = std::min(restart_base_ms << std::min(m_restarts, 5), restart_max_ms);
    m_log->note(QStringLiteral("restarting in %1 ms").arg(delay_ms));
    // Timed on this object: a replica that is ended meanwhile is not brought back.
    QTimer::singleShot(delay_ms, this, &ReplicaProcess::restartDue);
}

bool ReplicaProcess::launch()
{
    // A clean environment: nothing of the node's (its passphrase, its paths), only what the
    // manifest sets (the parser refuses the loader's variables) and the runtime's own.
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("PATH"), QStringLiteral("/usr/local/bin:/usr/bin:/bin"));
    environment.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    environment.insert(QStringLiteral("HOME"), m_work_dir);
    environment.insert(QStringLiteral("TMPDIR"), m_work_dir);
    for (auto it = m_spec.env.begin(); it != m_spec.env.end(); ++it) environment.insert(it.key(), it.value());

    QString program;
    QStringList arguments;
    QString working_directory;
    m_port = 0;
    m_stdout_pending.clear();
    if (m_spec.kind == WorkloadKind::StaticHttp) {
        program = m_settings.program;
        arguments = {QStringLiteral("--content"), m_content_file,           QStringLiteral("--health"),
                     m_spec.health_path,          QStringLiteral("--host"), loopback};
        if (m_settings.fail_after_s > 0) arguments << QStringLiteral("--exit-after") << QString::number(m_settings.fail_after_s);
    } else {
        m_port = free_port(QHostAddress::LocalHost);
        if (m_port == 0) return false;
        m_front.set_target(m_port);
        const QString port_text = QString::number(m_port);
        program = m_spec.command.first();
        arguments = m_spec.command.mid(1);
        for (QString& argument : arguments) argument.replace(QLatin1String("${PORT}"), port_text);
        environment.insert(QStringLiteral("PORT"), port_text);
        environment.insert(QStringLiteral("HOST"), loopback);
        working_directory = m_work_dir;
        // In its sandbox the command sees the system read-only and writes only there.
        arguments = m_settings.sandbox.arguments(QStringList{program} + arguments, working_directory);
        program = m_settings.sandbox.program();
    }

    if (m_process) m_process->deleteLater();
    auto* process = new QProcess(m_owner);
    m_process = process;
    process->setProgram(program);
    process->setArguments(arguments);
    if (!working_directory.isEmpty()) process->setWorkingDirectory(working_directory);
    process->setStandardInputFile(QProcess::nullDevice());
    process->setProcessEnvironment(environment);
    // PR_SET_PDEATHSIG has the kernel kill the replica when the thread that forked it ends,
    // which covers a node that is SIGKILLed; checking the parent afterwards closes the window
    // in which the node died between fork() and prctl(). Its own process group lets stop()
    // reach whatever the workload spawned.
    // Then it joins its cgroups, and a command gives up the node's user before bwrap runs.
    const pid_t parent = ::getpid();
    const ResourceLimiter::Group group = *m_group;
    const bool sandboxed = m_spec.kind == WorkloadKind::Command;
    const WorkloadSandbox::User user = m_settings.sandbox.user();
    process->setChildProcessModifier([parent, group, sandboxed, user] {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(1);
        ::setpgid(0, 0);
        ResourceLimiter::join(group);
        if (sandboxed) WorkloadSandbox::become(user);
    });

    connect(process, &QProcess::readyReadStandardOutput, this, &ReplicaProcess::on_stdout);
    connect(process, &QProcess::readyReadStandardError, this, &ReplicaProcess::on_stderr);
    connect(process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        Q_EMIT exited(
            status == QProcess::NormalExit ? QStringLiteral("exited with code %1").arg(code) : QStringLiteral("was killed by a signal"), true);
    });
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart) return; // the others end in finished()
        Q_EMIT exited(QStringLiteral("could not start '%1': %2").arg(process->program(), process->errorString()), false);
    });
    process->start();
    if (process->processId() > 0) m_log->note(QStringLiteral("started as pid %1").arg(process->processId()));
    if (m_spec.kind == WorkloadKind::Command && process->processId() > 0)
        qCInfo(lcAgent).noquote() << QStringLiteral("lease %1: %2 starting as pid %3 on %4:%5")
                                         .arg(m_lease)
                                         .arg(name(m_spec.name, m_index))
                                         .arg(process->processId())
                                         .arg(loopback)
                                         .arg(m_port);

    if (m_spec.kind == WorkloadKind::Command && m_settings.fail_after_s > 0 && process->processId() > 0) {
        const qint64 pid = process->processId();
        QTimer::singleShot(m_settings.fail_after_s * 1000, process, [process, pid] {
            if (process->state() != QProcess::NotRunning) signal_replica(pid, SIGKILL);
        });
    }
    return true;
}

void ReplicaProcess::on_stdout()
{
    const QByteArray chunk = m_process->readAllStandardOutput();
    // berth-workload's first line says where it listens; all else is the workload's output.
    if (m_spec.kind != WorkloadKind::StaticHttp || m_port != 0) {
        m_log->append(QStringLiteral("stdout"), chunk);
        return;
    }
    m_stdout_pending += chunk;
    qsizetype newline;
    while (m_port == 0 && (newline = m_stdout_pending.indexOf('\n')) >= 0) {
        const QByteArray line = m_stdout_pending.left(newline).trimmed();
        m_stdout_pending.remove(0, newline + 1);
        // "LISTENING 127.0.0.1:<port>"
        bool ok = false;
        const uint port = line.startsWith("LISTENING ") ? line.mid(line.lastIndexOf(':') + 1).toUInt(&ok) : 0;
        if (!ok || port == 0 || port > 65535) {
            m_log->append(QStringLiteral("stdout"), line + '\n');
            continue;
        }
        m_port = static_cast<quint16>(port);
        m_front.set_target(m_port);
        qCInfo(lcAgent).noquote() << QStringLiteral("lease %1: %2 listening on %3:%4 (pid %5)")
                                         .arg(m_lease)
                                         .arg(name(m_spec.name, m_index), loopback)
                                         .arg(m_port)
                                         .arg(m_process->processId());
        Q_EMIT listening();
    }
    if (m_port != 0 || m_stdout_pending.size() > stderr_tail_bytes) {
        m_log->append(QStringLiteral("stdout"), m_stdout_pending);
        m_stdout_pending.clear();
    }
}

void ReplicaProcess::on_stderr()
{
    const QByteArray chunk = m_process->readAllStandardError();
    m_log->append(QStringLiteral("stderr"), chunk);
    m_stderr_tail += chunk;
    if (m_stderr_tail.size() > stderr_tail_bytes) m_stderr_tail.remove(0, m_stderr_tail.size() - stderr_tail_bytes);
}

QString ReplicaProcess::settle_exit(QString cause, bool ran)
{
    if (ran) on_stderr();
    if (m_group) {
        const std::uint64_t kills = m_settings.limits.memory_kills(*m_group);
        if (kills > m_memory_kills)
            cause = QStringLiteral("was stopped: it exceeded its memory limit of %1 MiB").arg(m_group->memory_bytes / (1024 * 1024));
        m_memory_kills = kills;
    }
    m_exit_reason = cause;
    m_log->note(cause);
    return cause;
}

QString ReplicaProcess::stderr_summary() const
{
    QStringList lines;
    for (const QByteArray& line : m_stderr_tail.split('\n')) {
        const QString text = QString::fromUtf8(line).trimmed();
        if (!text.isEmpty()) lines.append(text);
    }
    if (lines.isEmpty()) return {};
    return QStringLiteral("; stderr: ") + lines.mid(std::max<qsizetype>(0, lines.size() - 5)).join(QStringLiteral(" | "));
}

void ReplicaProcess::terminate()
{
    if (!m_process) return;
    // From here on nothing the process reports may reach this replica, which is about to go.
    m_process->disconnect(this);
    m_terminated_pid = m_process->processId();
    if (m_process->state() != QProcess::NotRunning) signal_replica(m_terminated_pid, SIGTERM);
}

void ReplicaProcess::reap(const QDeadlineTimer& grace)
{
    if (!m_process) return;
    QProcess* process = std::exchange(m_process, nullptr);
    const qint64 pid = m_terminated_pid;
    if (process->state() != QProcess::NotRunning && !process->waitForFinished(static_cast<int>(std::max<qint64>(1, grace.remainingTime())))) {
        qCWarning(lcAgent).noquote() << QStringLiteral("pid %1 ignored SIGTERM for %2 ms; killing it").arg(pid).arg(stop_grace_ms);
        signal_replica(pid, SIGKILL);
        if (!process->waitForFinished(kill_wait_ms))
            qCWarning(lcAgent).noquote() << QStringLiteral("pid %1 survived SIGKILL for %2 ms").arg(pid).arg(kill_wait_ms);
    }
    // Whatever the replica spawned and left behind in its group goes too. The group's id is
    // the replica's pid, just reaped, which the kernel hands out again only after wrapping.
    if (pid > 0) ::kill(-static_cast<pid_t>(pid), SIGKILL);
    // Not deleted here: this may run inside one of the process's own signals.
    process->deleteLater();
}

QUrl ReplicaProcess::local_url(const QString& path) const
{
    return QUrl(QStringLiteral("http://") + loopback + QLatin1Char(':') + QString::number(m_port) + path);
}

qint64 ReplicaProcess::pid() const
{
    return m_process ? m_process->processId() : 0;
}

} // namespace berth
