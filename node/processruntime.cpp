#include "processruntime.h"

#include "replicafront.h"

#include "logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpServer>

#include <algorithm>
#include <limits>

#include <signal.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <unistd.h>

namespace berth {

namespace {

constexpr int max_replicas_per_lease = 256;
constexpr int stop_grace_ms = 2000;
constexpr int kill_wait_ms = 5000;
constexpr int poll_interval_ms = 100;
constexpr int probe_timeout_ms = 1000;
constexpr qsizetype stderr_tail_bytes = 4096;
constexpr int restart_base_ms = 1000;
constexpr int restart_max_ms = 30000;
const QString loopback = QStringLiteral("127.0.0.1");

QString replica_name(const QString& service, int index)
{
    return QStringLiteral("service '%1' replica %2").arg(service).arg(index);
}

/** The last few lines of a process's stderr, on one line, for a failure reason. */
QString tail_of(const QByteArray& stderr_tail)
{
    QStringList lines;
    for (const QByteArray& line : stderr_tail.split('\n')) {
        const QString text = QString::fromUtf8(line).trimmed();
        if (!text.isEmpty()) lines.append(text);
    }
    if (lines.isEmpty()) return {};
    return QStringLiteral("; stderr: ") + lines.mid(std::max<qsizetype>(0, lines.size() - 5)).join(QStringLiteral(" | "));
}

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

ProcessRuntime::ProcessRuntime(QString workload_program, QObject* parent)
    : WorkloadRuntime(parent), m_program(std::move(workload_program)),
      // Without a data directory (a runtime of its own, in tests), the logs live with the content.
      m_logs([this] { return content_dir().filePath(QStringLiteral("logs")); },
             [this](std::uint64_t lease, const QString& service, int replica, const QByteArray& record) {
                 Q_EMIT logged(lease, service, replica, record);
             })
{
    // Health probes go to loopback only; a proxy from the environment must not see them.
    m_network.setProxy(QNetworkProxy::NoProxy);
    m_poll.setInterval(poll_interval_ms);
    connect(&m_poll, &QTimer::timeout, this, &ProcessRuntime::poll);
}

ProcessRuntime::~ProcessRuntime()
{
    stop_all();
    // Their drain timers die with the runtime.
    for (auto& [lease, deployment] : m_retiring) teardown(*deployment);
    m_limits.remove_node_groups();
}

void ProcessRuntime::set_resource_limiter(ResourceLimiter limiter)
{
    m_limits.remove_node_groups();
    m_limits = std::move(limiter);
}

QString ProcessRuntime::default_program()
{
    return QCoreApplication::applicationDirPath() + QStringLiteral("/berth-workload");
}

void ProcessRuntime::set_fail_after_s(int seconds)
{
    // Timers count milliseconds in an int.
    m_fail_after_s = std::clamp(seconds, 0, std::numeric_limits<int>::max() / 1000);
}

void ProcessRuntime::set_health_timeout_ms(int ms)
{
    m_health_timeout_ms = std::max(ms, 1);
}

void ProcessRuntime::set_listen(const QHostAddress& address, const QString& public_host)
{
    m_listen = address;
    m_public_host = public_host;
}

QString ProcessRuntime::refusal(const Manifest& manifest, int lease_replicas, const InstanceType& resources) const
{
    if (lease_replicas < 1) return QStringLiteral("the lease asks for %1 replicas; at least 1 is needed").arg(lease_replicas);
    if (manifest.services.isEmpty()) return QStringLiteral("the manifest has no services");
    qint64 total = 0;
    for (const ServiceSpec& service : manifest.services) {
        if (service.replicas < 1) return QStringLiteral("service '%1' asks for %2 replicas").arg(service.name).arg(service.replicas);
        // A service that asks for more than its replicas get would only fail later, under its limits.
        const QString type = resources.name.empty() ? QStringLiteral("this provider's default replica") : QStringLiteral("a %1 replica").arg(QString::fromStdString(resources.name));
        if (static_cast<std::uint64_t>(service.resources.memory_mb) > resources.memory_mib)
            return QStringLiteral("service '%1' asks for %2 MiB of memory; %3 has %4 MiB")
                .arg(service.name).arg(service.resources.memory_mb).arg(type).arg(resources.memory_mib);
        if (static_cast<std::uint32_t>(service.resources.cpu_millis) > resources.millicpus)
            return QStringLiteral("service '%1' asks for %2 thousandths of a CPU; %3 has %4")
                .arg(service.name).arg(service.resources.cpu_millis).arg(type).arg(resources.millicpus);
        if (!service.health_path.startsWith(QLatin1Char('/')))
            return QStringLiteral("service '%1' has health path '%2', which does not start with /").arg(service.name, service.health_path);
        if (service.kind == WorkloadKind::Command) {
            if (!m_allow_commands) return QStringLiteral("command workloads are disabled on this provider");
            if (!m_sandbox.available())
                return QStringLiteral("command workloads run only in a sandbox, and this provider has no bubblewrap (bwrap) installed");
            if (service.command.isEmpty() || service.command.first().isEmpty())
                return QStringLiteral("service '%1' is a command workload without a command").arg(service.name);
        }
        total += qint64{service.replicas} * lease_replicas;
    }
    if (total > max_replicas_per_lease)
        return QStringLiteral("the lease needs %1 replicas; this provider runs at most %2 per lease").arg(total).arg(max_replicas_per_lease);
    return {};
}

void ProcessRuntime::deploy(std::uint64_t lease, const Manifest& manifest, int lease_replicas, const QList<quint16>& ports,
                            const InstanceType& resources)
{
    const quint64 serial = ++m_next_serial;
    m_latest[lease] = serial;
    // Checked before anything that runs is touched: what cannot run here leaves the lease as it is.
    if (const QString refused = refusal(manifest, lease_replicas, resources); !refused.isEmpty()) {
        fail_later(lease, serial, refused);
        return;
    }
    if (auto current = m_leases.find(lease); current != m_leases.end()) {
        if (current->second->deployed) {
            // The running deployment serves on until the new one is healthy.
            qCInfo(lcAgent).noquote() << QStringLiteral("lease %1: rolling out a new deployment beside the running one").arg(lease);
            if (auto retiring = m_retiring.find(lease); retiring != m_retiring.end()) teardown(*retiring->second);
            m_retiring[lease] = std::move(current->second);
        } else {
            teardown(*current->second);
        }
        m_leases.erase(current);
    }
    auto deployment = std::make_unique<Deployment>();
    deployment->serial = serial;
    deployment->resources = resources;
    deployment->dir = content_dir().filePath(QStringLiteral("lease-%1-%2").arg(lease).arg(serial));
    if (!content_dir().isValid() || !QDir().mkpath(deployment->dir + QStringLiteral("/work"))) {
        fail_later(lease, serial, QStringLiteral("cannot create a working directory for the lease under %1").arg(QDir::tempPath()));
        return;
    }

    int total = 0;
    for (qsizetype s = 0; s < manifest.services.size(); ++s) {
        const ServiceSpec& service = manifest.services[s];
        QString content_file;
        if (service.kind == WorkloadKind::StaticHttp) {
            QJsonObject content;
            for (auto it = service.content.begin(); it != service.content.end(); ++it)
                content.insert(it.key(), QString::fromUtf8(it.value()));
            content_file = deployment->dir + QStringLiteral("/content-%1.json").arg(s);
            QFile out(content_file);
            if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(content).toJson(QJsonDocument::Compact)) < 0 || !out.flush()) {
                const QString reason = QStringLiteral("cannot write the content of service '%1': %2").arg(service.name, out.errorString());
                teardown(*deployment);
                fail_later(lease, serial, reason);
                return;
            }
        }
        const int count = service.replicas * lease_replicas;
        for (int i = 0; i < count; ++i) {
            auto replica = std::make_unique<Replica>();
            replica->lease = lease;
            replica->serial = serial;
            replica->ordinal = deployment->replicas.size();
            replica->service = service.name;
            replica->index = i;
            replica->health_path = service.health_path;
            // A site's root when it has one; otherwise the path the runtime saw answer 2xx.
            const bool has_root = service.content.contains(QStringLiteral("/")) || service.content.contains(QStringLiteral("/index.html"));
            replica->url_path = service.kind == WorkloadKind::StaticHttp && has_root ? QStringLiteral("/") : service.health_path;
            Replica& started = *replica;
            const quint16 wanted = ports.value(static_cast<qsizetype>(deployment->replicas.size()));
            deployment->replicas.push_back(std::move(replica));
            start_replica(*deployment, started, service, content_file, wanted);
        }
        total += count;
    }
    qCInfo(lcAgent).noquote() << QStringLiteral("lease %1: starting %2 replica(s) of %3 service(s)").arg(lease).arg(total).arg(manifest.services.size());
    deployment->health_deadline = QDeadlineTimer(m_health_timeout_ms);
    m_leases[lease] = std::move(deployment);
    if (!m_poll.isActive()) m_poll.start();
}

void ProcessRuntime::start_replica(Deployment& deployment, Replica& replica, const ServiceSpec& service, const QString& content_file,
                                   quint16 port)
{
    replica.spec = service;
    replica.content_file = content_file;
    // Never the node's own directory: a file server started there would publish its keys.
    replica.work_dir = deployment.dir + QStringLiteral("/work");
    replica.log = m_logs.log_of(replica.lease, replica.service, replica.index);
    auto refuse = [&](const QString& why) {
        replica.failure = replica_name(replica.service, replica.index) + QLatin1Char(' ') + why;
        replica.state = ReplicaStatus::State::Exited;
        evaluate_later(replica.lease, replica.serial);
    };
    // The front takes the public port first (the one on chain when it is free), so that a
    // replica that cannot be reached is never started.
    replica.front = std::make_unique<ReplicaFront>(replica.lease, replica.service, replica.index);
    if (!replica.front->listen(m_listen, port)) {
        refuse(QStringLiteral("found no free port on %1").arg(m_listen.toString()));
        return;
    }
    QString limit_error;
    const QString group_name = QStringLiteral("lease%1-%2-%3").arg(replica.lease).arg(replica.serial).arg(deployment.replicas.size() - 1);
    replica.group = m_limits.create(group_name, deployment.resources, &limit_error);
    if (!replica.group) {
        refuse(QStringLiteral("cannot be held to its resources: %1").arg(limit_error));
        return;
    }
    if (service.kind == WorkloadKind::Command && !m_sandbox.give_to_workload_user(replica.work_dir)) {
        refuse(QStringLiteral("cannot hand its working directory to the workload user"));
        return;
    }
    if (!launch(replica)) refuse(QStringLiteral("found no free port on %1").arg(loopback));
}

bool ProcessRuntime::launch(Replica& replica)
{
    const ServiceSpec& service = replica.spec;
    // A clean environment: nothing of the node's (its passphrase, its paths), only what the
    // manifest sets (the parser refuses the loader's variables) and the runtime's own.
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("PATH"), QStringLiteral("/usr/local/bin:/usr/bin:/bin"));
    environment.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    environment.insert(QStringLiteral("HOME"), replica.work_dir);
    environment.insert(QStringLiteral("TMPDIR"), replica.work_dir);
    for (auto it = service.env.begin(); it != service.env.end(); ++it) environment.insert(it.key(), it.value());

    QString program;
    QStringList arguments;
    QString working_directory;
    replica.port = 0;
    replica.stdout_pending.clear();
    if (service.kind == WorkloadKind::StaticHttp) {
        program = m_program;
        arguments = {QStringLiteral("--content"), replica.content_file, QStringLiteral("--health"), service.health_path,
                     QStringLiteral("--host"), loopback};
        if (m_fail_after_s > 0) arguments << QStringLiteral("--exit-after") << QString::number(m_fail_after_s);
    } else {
        replica.port = free_port(QHostAddress::LocalHost);
        if (replica.port == 0) return false;
        replica.front->set_target(replica.port);
        const QString port_text = QString::number(replica.port);
        program = service.command.first();
        arguments = service.command.mid(1);
        for (QString& argument : arguments) argument.replace(QLatin1String("${PORT}"), port_text);
        environment.insert(QStringLiteral("PORT"), port_text);
        environment.insert(QStringLiteral("HOST"), loopback);
        working_directory = replica.work_dir;
        // In its sandbox the command sees the system read-only and writes only there.
        arguments = m_sandbox.arguments(QStringList{program} + arguments, working_directory);
        program = m_sandbox.program();
    }

    if (replica.process) replica.process->deleteLater();
    auto* process = new QProcess(this);
    replica.process = process;
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
    const ResourceLimiter::Group group = *replica.group;
    const bool sandboxed = service.kind == WorkloadKind::Command;
    const WorkloadSandbox::User user = m_sandbox.user();
    process->setChildProcessModifier([parent, group, sandboxed, user] {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(1);
        ::setpgid(0, 0);
        ResourceLimiter::join(group);
        if (sandboxed) WorkloadSandbox::become(user);
    });

    connect(process, &QProcess::readyReadStandardOutput, this, [this, &replica] { on_stdout(replica); });
    connect(process, &QProcess::readyReadStandardError, this, [this, &replica] { on_stderr(replica); });
    connect(process, &QProcess::finished, this, [this, &replica](int code, QProcess::ExitStatus status) {
        on_exit(replica,
                status == QProcess::NormalExit ? QStringLiteral("exited with code %1").arg(code) : QStringLiteral("was killed by a signal"),
                true);
    });
    connect(process, &QProcess::errorOccurred, this, [this, &replica, process](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart) return; // the others end in finished()
        on_exit(replica, QStringLiteral("could not start '%1': %2").arg(process->program(), process->errorString()), false);
    });
    process->start();
    if (process->processId() > 0)
        replica.log->note(QStringLiteral("started as pid %1").arg(process->processId()));
    if (service.kind == WorkloadKind::Command && process->processId() > 0)
        qCInfo(lcAgent).noquote() << QStringLiteral("lease %1: %2 starting as pid %3 on %4:%5")
                                         .arg(replica.lease)
                                         .arg(replica_name(replica.service, replica.index))
                                         .arg(process->processId())
                                         .arg(loopback)
                                         .arg(replica.port);

    if (service.kind == WorkloadKind::Command && m_fail_after_s > 0 && process->processId() > 0) {
        const qint64 pid = process->processId();
        QTimer::singleShot(m_fail_after_s * 1000, process, [process, pid] {
            if (process->state() != QProcess::NotRunning) signal_replica(pid, SIGKILL);
        });
    }
    return true;
}

void ProcessRuntime::on_stdout(Replica& replica)
{
    const QByteArray chunk = replica.process->readAllStandardOutput();
    // berth-workload's first line says where it listens; all else is the workload's output.
    if (replica.spec.kind != WorkloadKind::StaticHttp || replica.port != 0) {
        replica.log->append(QStringLiteral("stdout"), chunk);
        return;
    }
    replica.stdout_pending += chunk;
    qsizetype newline;
    while (replica.port == 0 && (newline = replica.stdout_pending.indexOf('\n')) >= 0) {
        const QByteArray line = replica.stdout_pending.left(newline).trimmed();
        replica.stdout_pending.remove(0, newline + 1);
        // "LISTENING 127.0.0.1:<port>"
        bool ok = false;
        const uint port = line.startsWith("LISTENING ") ? line.mid(line.lastIndexOf(':') + 1).toUInt(&ok) : 0;
        if (!ok || port == 0 || port > 65535) {
            replica.log->append(QStringLiteral("stdout"), line + '\n');
            continue;
        }
        replica.port = static_cast<quint16>(port);
        replica.front->set_target(replica.port);
        qCInfo(lcAgent).noquote() << QStringLiteral("lease %1: %2 listening on %3:%4 (pid %5)")
                                         .arg(replica.lease)
                                         .arg(replica_name(replica.service, replica.index), loopback)
                                         .arg(replica.port)
                                         .arg(replica.process->processId());
        probe(replica);
    }
    if (replica.port != 0 || replica.stdout_pending.size() > stderr_tail_bytes) {
        replica.log->append(QStringLiteral("stdout"), replica.stdout_pending);
        replica.stdout_pending.clear();
    }
}

void ProcessRuntime::on_stderr(Replica& replica)
{
    const QByteArray chunk = replica.process->readAllStandardError();
    replica.log->append(QStringLiteral("stderr"), chunk);
    replica.stderr_tail += chunk;
    if (replica.stderr_tail.size() > stderr_tail_bytes) replica.stderr_tail.remove(0, replica.stderr_tail.size() - stderr_tail_bytes);
}

void ProcessRuntime::on_exit(Replica& replica, QString cause, bool ran)
{
    if (replica.state == ReplicaStatus::State::Exited) return;
    replica.state = ReplicaStatus::State::Exited;
    replica.healthy = false;
    if (ran) on_stderr(replica);
    if (replica.group) {
        const std::uint64_t kills = m_limits.memory_kills(*replica.group);
        if (kills > replica.memory_kills)
            cause = QStringLiteral("was stopped: it exceeded its memory limit of %1 MiB").arg(replica.group->memory_bytes / (1024 * 1024));
        replica.memory_kills = kills;
    }
    replica.exit_reason = cause;
    replica.log->note(cause);
    const QString what = replica_name(replica.service, replica.index) + QLatin1Char(' ') + cause;
    // No deployment yet means start() failed inside deploy(), before the lease was recorded.
    const Deployment* deployment = find(replica.lease, replica.serial);
    if (!deployment || !deployment->deployed) {
        replica.failure = ran ? what + QStringLiteral(" before it became healthy") + tail_of(replica.stderr_tail) : what;
        evaluate_later(replica.lease, replica.serial);
        return;
    }
    qCWarning(lcAgent).noquote() << QStringLiteral("lease %1: %2%3").arg(replica.lease).arg(what, tail_of(replica.stderr_tail));
    // A deployed replica comes back, later each time it falls again; a faulty provider's does not.
    if (m_fail_after_s == 0) {
        const int delay_ms = std::min(restart_base_ms << std::min(replica.restarts, 5), restart_max_ms);
        replica.log->note(QStringLiteral("restarting in %1 ms").arg(delay_ms));
        QTimer::singleShot(delay_ms, this, [this, lease = replica.lease, serial = replica.serial, ordinal = replica.ordinal] {
            restart(lease, serial, ordinal);
        });
    }
    // Copies: a receiver may stop the lease, which destroys the replica while others still listen.
    const std::uint64_t lease = replica.lease;
    const QString service = replica.service;
    const int index = replica.index;
    Q_EMIT replicaExited(lease, service, index, cause);
}

void ProcessRuntime::restart(std::uint64_t lease, quint64 serial, std::size_t ordinal)
{
    // The lease may have been stopped or updated meanwhile; then there is nothing to bring back.
    Deployment* deployment = find(lease, serial);
    if (!deployment || ordinal >= deployment->replicas.size()) return;
    Replica& replica = *deployment->replicas[ordinal];
    if (replica.state != ReplicaStatus::State::Exited) return;
    ++replica.restarts;
    replica.state = ReplicaStatus::State::Starting;
    qCInfo(lcAgent).noquote() << QStringLiteral("lease %1: restarting %2 (restart %3)").arg(lease).arg(replica_name(replica.service, replica.index)).arg(replica.restarts);
    if (!launch(replica)) {
        on_exit(replica, QStringLiteral("found no free port on %1").arg(loopback), false);
        return;
    }
    if (!m_poll.isActive()) m_poll.start();
}

void ProcessRuntime::probe(Replica& replica)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://") + loopback + QLatin1Char(':') + QString::number(replica.port) + replica.health_path));
    request.setTransferTimeout(probe_timeout_ms);
    QNetworkReply* reply = m_network.get(request);
    replica.probe = reply;
    connect(reply, &QNetworkReply::finished, this, [this, &replica, reply] {
        replica.probe = nullptr;
        reply->deleteLater();
        const int code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (code < 200 || code > 299) {
            replica.last_probe = code != 0 ? QStringLiteral("HTTP %1").arg(code) : reply->errorString();
            return;
        }
        replica.healthy = true;
        // A restarted replica of a running deployment is back once it answers.
        const Deployment* deployment = find(replica.lease, replica.serial);
        if (replica.state == ReplicaStatus::State::Starting && deployment && deployment->deployed) {
            replica.state = ReplicaStatus::State::Running;
            replica.log->note(QStringLiteral("healthy"));
        }
        evaluate(replica.lease, replica.serial);
    });
}

void ProcessRuntime::poll()
{
    std::vector<std::pair<std::uint64_t, quint64>> pending;
    bool restarting = false;
    for (auto& [lease, deployment] : m_leases) {
        if (!deployment->deployed) pending.emplace_back(lease, deployment->serial);
        for (const auto& replica : deployment->replicas) {
            // Before the deployment is decided, every replica; after, those that restarted.
            if (deployment->deployed && replica->state != ReplicaStatus::State::Starting) continue;
            restarting |= deployment->deployed;
            if (replica->failure.isEmpty() && !replica->healthy && replica->port != 0 && !replica->probe &&
                replica->state != ReplicaStatus::State::Exited)
                probe(*replica);
        }
    }
    if (pending.empty() && !restarting) m_poll.stop();
    // Deciding may stop a lease, so it comes after the walk over the leases.
    for (const auto& [lease, serial] : pending) evaluate(lease, serial);
}

void ProcessRuntime::evaluate(std::uint64_t lease, quint64 serial)
{
    Deployment* deployment = find(lease, serial);
    if (!deployment || deployment->deployed) return;
    for (const auto& replica : deployment->replicas) {
        if (!replica->failure.isEmpty()) {
            fail(lease, replica->failure);
            return;
        }
    }
    const auto unhealthy = std::find_if(deployment->replicas.begin(), deployment->replicas.end(),
                                        [](const auto& replica) { return !replica->healthy; });
    if (unhealthy == deployment->replicas.end()) {
        deployment->deployed = true;
        for (const auto& replica : deployment->replicas) replica->state = ReplicaStatus::State::Running;

        qCInfo(lcAgent).noquote() << QStringLiteral("lease %1: deployed, %2 replica(s) healthy").arg(lease).arg(deployment->replicas.size());
        Q_EMIT deployed(lease, status(lease));
        return;
    }
    if (!deployment->health_deadline.hasExpired()) return;
    const Replica& late = **unhealthy;
    const QString what = replica_name(late.service, late.index);
    if (late.port == 0) {
        fail(lease, QStringLiteral("%1 did not report its port within %2 ms%3").arg(what).arg(m_health_timeout_ms).arg(tail_of(late.stderr_tail)));
        return;
    }
    fail(lease, QStringLiteral("%1 did not answer GET %2 with 2xx within %3 ms (last answer: %4)")
                    .arg(what, late.health_path)
                    .arg(m_health_timeout_ms)
                    .arg(late.last_probe.isEmpty() ? QStringLiteral("none") : late.last_probe));
}

void ProcessRuntime::evaluate_later(std::uint64_t lease, quint64 serial)
{
    QMetaObject::invokeMethod(this, [this, lease, serial] { evaluate(lease, serial); }, Qt::QueuedConnection);
}

void ProcessRuntime::fail(std::uint64_t lease, QString reason)
{
    qCWarning(lcAgent).noquote() << QStringLiteral("lease %1: deployment failed: %2").arg(lease).arg(reason);
    auto found = m_leases.find(lease);
    if (found != m_leases.end()) {
        const std::unique_ptr<Deployment> failed = std::move(found->second);
        m_leases.erase(found);
        teardown(*failed);
    }
    // The deployment it was to replace is still serving: it stays.
    if (auto retiring = m_retiring.find(lease); retiring != m_retiring.end()) {
        m_leases[lease] = std::move(retiring->second);
        m_retiring.erase(retiring);
        qCInfo(lcAgent).noquote() << QStringLiteral("lease %1: the previous replicas keep serving").arg(lease);
    } else {
        m_latest.erase(lease);
    }
    Q_EMIT deployFailed(lease, reason);
}

void ProcessRuntime::fail_later(std::uint64_t lease, quint64 serial, const QString& reason)
{
    QMetaObject::invokeMethod(
        this,
        [this, lease, serial, reason] {
            // A later deploy() or stop() of the lease makes this outcome stale.
            const auto latest = m_latest.find(lease);
            if (latest == m_latest.end() || latest->second != serial) return;
            // A refused update leaves the running deployment as it was.
            if (!m_leases.contains(lease)) m_latest.erase(latest);
            qCWarning(lcAgent).noquote() << QStringLiteral("lease %1: deployment refused: %2").arg(lease).arg(reason);
            Q_EMIT deployFailed(lease, reason);
        },
        Qt::QueuedConnection);
}

void ProcessRuntime::stop(std::uint64_t lease)
{
    m_latest.erase(lease);
    retire_previous(lease);
    const auto found = m_leases.find(lease);
    if (found == m_leases.end()) return;
    // Out of the map first, so that whatever runs while the processes end sees the lease gone.
    const std::unique_ptr<Deployment> deployment = std::move(found->second);
    m_leases.erase(found);
    teardown(*deployment);
    qCInfo(lcAgent).noquote() << QStringLiteral("lease %1: stopped").arg(lease);
}

void ProcessRuntime::retire_previous(std::uint64_t lease)
{
    const auto retiring = m_retiring.find(lease);
    if (retiring == m_retiring.end()) return;
    const quint64 serial = retiring->second->serial;
    // A client that read the old addresses just before the switch is still answered.
    QTimer::singleShot(m_drain_ms, this, [this, lease, serial] { retire_now(lease, serial); });
}

void ProcessRuntime::retire_now(std::uint64_t lease, quint64 serial)
{
    const auto retiring = m_retiring.find(lease);
    // A newer rollout may have replaced or ended it meanwhile.
    if (retiring == m_retiring.end() || retiring->second->serial != serial) return;
    const std::unique_ptr<Deployment> old = std::move(retiring->second);
    m_retiring.erase(retiring);
    teardown(*old);
    qCInfo(lcAgent).noquote() << QStringLiteral("lease %1: the previous replicas are stopped").arg(lease);
}

void ProcessRuntime::stop_all()
{
    while (!m_leases.empty()) stop(m_leases.begin()->first);
    m_latest.clear();
}

void ProcessRuntime::teardown(Deployment& deployment)
{
    std::vector<std::pair<QProcess*, qint64>> running;
    for (const auto& replica : deployment.replicas) {
        if (replica->probe) {
            replica->probe->disconnect(this);
            replica->probe->abort();
            replica->probe->deleteLater();
            replica->probe = nullptr;
        }
        QProcess* process = replica->process;
        if (!process) continue;
        // From here on nothing the process reports may reach the replica being destroyed.
        process->disconnect(this);
        const qint64 pid = process->processId();
        if (process->state() != QProcess::NotRunning) signal_replica(pid, SIGTERM);
        running.emplace_back(process, pid);
    }
    const QDeadlineTimer grace(stop_grace_ms);
    for (const auto& [process, pid] : running) {
        if (process->state() != QProcess::NotRunning &&
            !process->waitForFinished(static_cast<int>(std::max<qint64>(1, grace.remainingTime())))) {
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
    for (const auto& replica : deployment.replicas)
        if (replica->group) m_limits.remove(*replica->group);
    deployment.replicas.clear();
    if (!deployment.dir.isEmpty()) QDir(deployment.dir).removeRecursively();
}

ProcessRuntime::Deployment* ProcessRuntime::find(std::uint64_t lease, quint64 serial) const
{
    const auto found = m_leases.find(lease);
    if (found == m_leases.end() || found->second->serial != serial) return nullptr;
    return found->second.get();
}

QList<ReplicaStatus> ProcessRuntime::status(std::uint64_t lease) const
{
    QList<ReplicaStatus> out;
    const auto found = m_leases.find(lease);
    if (found == m_leases.end()) return out;
    for (const auto& replica : found->second->replicas) {
        ReplicaStatus status;
        status.service = replica->service;
        status.index = replica->index;
        status.state = replica->state;
        status.exit_reason = replica->exit_reason;
        status.restarts = replica->restarts;
        status.healthy = replica->healthy && replica->state == ReplicaStatus::State::Running;
        if (replica->front && replica->front->is_listening()) {
            status.host = m_public_host;
            status.port = replica->front->port();
            status.url = QStringLiteral("http://%1:%2%3").arg(m_public_host).arg(status.port).arg(replica->url_path);
        }
        out.append(status);
    }
    return out;
}

QTemporaryDir& ProcessRuntime::content_dir()
{
    if (!m_content_dir) m_content_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/berth-runtime-XXXXXX"));
    return *m_content_dir;
}

QList<QByteArray> ProcessRuntime::log_tail(std::uint64_t lease, const QString& service, int replica, int lines)
{
    return m_logs.tail(lease, service, replica, lines);
}

void ProcessRuntime::remove_logs(std::uint64_t lease)
{
    m_logs.remove(lease);
    Q_EMIT logsRemoved(lease);
}

QList<std::uint64_t> ProcessRuntime::leases() const
{
    QList<std::uint64_t> out;
    for (const auto& entry : m_leases) out.append(entry.first);
    return out;
}

QList<qint64> ProcessRuntime::pids(std::uint64_t lease) const
{
    QList<qint64> out;
    const auto found = m_leases.find(lease);
    if (found == m_leases.end()) return out;
    for (const auto& replica : found->second->replicas)
        if (replica->process && replica->process->processId() > 0) out.append(replica->process->processId());
    return out;
}

} // namespace berth
