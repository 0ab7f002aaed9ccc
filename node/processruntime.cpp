#include "processruntime.h"

#include "deploymentfit.h"
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

#include <algorithm>
#include <limits>

namespace berth {

namespace {

constexpr int poll_interval_ms = 100;
constexpr int probe_timeout_ms = 1000;

} // namespace

ProcessRuntime::ProcessRuntime(QString workload_program, QObject* parent)
    : WorkloadRuntime(parent),
      // Without a data directory (a runtime of its own, in tests), the logs live with the content.
      m_logs([this] { return content_dir().filePath(QStringLiteral("logs")); },
             [this](std::uint64_t lease, const QString& service, int replica, const QByteArray& record) {
                 Q_EMIT logged(lease, service, replica, record);
             })
{
    // Health probes go to loopback only; a proxy from the environment must not see them.
    m_network.setProxy(QNetworkProxy::NoProxy);
    m_launch.program = std::move(workload_program);
    m_poll.setInterval(poll_interval_ms);
    connect(&m_poll, &QTimer::timeout, this, &ProcessRuntime::poll);
}

ProcessRuntime::~ProcessRuntime()
{
    stop_all();
    // Their drain timers die with the runtime.
    for (auto& [lease, deployment] : m_retiring) teardown(*deployment);
    m_launch.limits.remove_node_groups();
}

void ProcessRuntime::set_resource_limiter(ResourceLimiter limiter)
{
    m_launch.limits.remove_node_groups();
    m_launch.limits = std::move(limiter);
}

QString ProcessRuntime::default_program()
{
    return QCoreApplication::applicationDirPath() + QStringLiteral("/berth-workload");
}

void ProcessRuntime::set_fail_after_s(int seconds)
{
    // Timers count milliseconds in an int.
    m_launch.fail_after_s = std::clamp(seconds, 0, std::numeric_limits<int>::max() / 1000);
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
    return deployment_refusal(manifest, lease_replicas, resources, {m_allow_commands, m_launch.sandbox.available()});
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
            for (auto it = service.content.begin(); it != service.content.end(); ++it) content.insert(it.key(), QString::fromUtf8(it.value()));
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
    qCInfo(lcAgent).noquote()
        << QStringLiteral("lease %1: starting %2 replica(s) of %3 service(s)").arg(lease).arg(total).arg(manifest.services.size());
    deployment->health_deadline = QDeadlineTimer(m_health_timeout_ms);
    m_leases[lease] = std::move(deployment);
    if (!m_poll.isActive()) m_poll.start();
}

void ProcessRuntime::start_replica(Deployment& deployment, Replica& replica, const ServiceSpec& service, const QString& content_file,
                                   quint16 port)
{
    auto refuse = [&](const QString& why) {
        replica.failure = ReplicaProcess::name(replica.service, replica.index) + QLatin1Char(' ') + why;
        replica.state = ReplicaStatus::State::Exited;
        evaluate_later(replica.lease, replica.serial);
    };
    // Never the node's own directory: a file server started there would publish its keys.
    const QString work_dir = deployment.dir + QStringLiteral("/work");
    replica.front = std::make_unique<ReplicaFront>(replica.lease, replica.service, replica.index);
    replica.process = std::make_unique<ReplicaProcess>(m_launch, replica.lease, service, replica.index, content_file, work_dir,
                                                       m_logs.log_of(replica.lease, replica.service, replica.index), *replica.front, this);
    ReplicaProcess* process = replica.process.get();
    connect(process, &ReplicaProcess::listening, this, [this, &replica] { probe(replica); });
    connect(process, &ReplicaProcess::exited, this, [this, &replica](const QString& cause, bool ran) { on_exit(replica, cause, ran); });
    connect(process, &ReplicaProcess::restartDue, this, [this, &replica] { restart(replica); });
    // The front takes the public port first (the one on chain when it is free), so that a
    // replica that cannot be reached is never started.
    if (!replica.front->listen(m_listen, port)) {
        refuse(QStringLiteral("found no free port on %1").arg(m_listen.toString()));
        return;
    }
    QString limit_error;
    const QString group_name = QStringLiteral("lease%1-%2-%3").arg(replica.lease).arg(replica.serial).arg(deployment.replicas.size() - 1);
    if (!process->hold_to(group_name, deployment.resources, &limit_error)) {
        refuse(QStringLiteral("cannot be held to its resources: %1").arg(limit_error));
        return;
    }
    if (service.kind == WorkloadKind::Command && !m_launch.sandbox.give_to_workload_user(work_dir)) {
        refuse(QStringLiteral("cannot hand its working directory to the workload user"));
        return;
    }
    if (const QString error = process->start(); !error.isEmpty()) refuse(error);
}

void ProcessRuntime::on_exit(Replica& replica, QString cause, bool ran)
{
    if (replica.state == ReplicaStatus::State::Exited) return;
    replica.state = ReplicaStatus::State::Exited;
    replica.healthy = false;
    cause = replica.process->settle_exit(std::move(cause), ran);
    const QString what = ReplicaProcess::name(replica.service, replica.index) + QLatin1Char(' ') + cause;
    // No deployment yet means start() failed inside deploy(), before the lease was recorded.
    const Deployment* deployment = find(replica.lease, replica.serial);
    if (!deployment || !deployment->deployed) {
        replica.failure = ran ? what + QStringLiteral(" before it became healthy") + replica.process->stderr_summary() : what;
        evaluate_later(replica.lease, replica.serial);
        return;
    }
    qCWarning(lcAgent).noquote() << QStringLiteral("lease %1: %2%3").arg(replica.lease).arg(what, replica.process->stderr_summary());
    // A deployed replica comes back, later each time it falls again.
    replica.process->restart_later();
    // Copies: a receiver may stop the lease, which destroys the replica while others still listen.
    const std::uint64_t lease = replica.lease;
    const QString service = replica.service;
    const int index = replica.index;
    Q_EMIT replicaExited(lease, service, index, cause);
}

void ProcessRuntime::restart(Replica& replica)
{
    // A stopped lease took its replicas with it; one updated meanwhile serves only until it is
    // retired, and its replicas are not brought back.
    if (!find(replica.lease, replica.serial) || replica.state != ReplicaStatus::State::Exited) return;
    replica.state = ReplicaStatus::State::Starting;
    if (const QString error = replica.process->restart(); !error.isEmpty()) {
        on_exit(replica, error, false);
        return;
    }
    if (!m_poll.isActive()) m_poll.start();
}

void ProcessRuntime::probe(Replica& replica)
{
    QNetworkRequest request(replica.process->local_url(replica.health_path));
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
            replica.process->log().note(QStringLiteral("healthy"));
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
            if (replica->failure.isEmpty() && !replica->healthy && replica->process->port() != 0 && !replica->probe &&
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
    const auto unhealthy =
        std::find_if(deployment->replicas.begin(), deployment->replicas.end(), [](const auto& replica) { return !replica->healthy; });
    if (unhealthy == deployment->replicas.end()) {
        deployment->deployed = true;
        for (const auto& replica : deployment->replicas) replica->state = ReplicaStatus::State::Running;

        qCInfo(lcAgent).noquote() << QStringLiteral("lease %1: deployed, %2 replica(s) healthy").arg(lease).arg(deployment->replicas.size());
        Q_EMIT deployed(lease, status(lease));
        return;
    }
    if (!deployment->health_deadline.hasExpired()) return;
    const Replica& late = **unhealthy;
    const QString what = ReplicaProcess::name(late.service, late.index);
    if (late.process->port() == 0) {
        fail(lease,
             QStringLiteral("%1 did not report its port within %2 ms%3").arg(what).arg(m_health_timeout_ms).arg(late.process->stderr_summary()));
        return;
    }
    fail(lease, QStringLiteral("%1 did not answer GET %2 with 2xx within %3 ms (last answer: %4)")
                    .arg(what, late.health_path)
                    .arg(m_health_timeout_ms)
                    .arg(late.last_probe.isEmpty() ? QStringLiteral("none") : late.last_probe));
}

void ProcessRuntime::evaluate_later(std::uint64_t lease, quint64 serial)
{
    QMetaObject::invokeMethod(
        this, [this, lease, serial] { evaluate(lease, serial); }, Qt::QueuedConnection);
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
    for (const auto& replica : deployment.replicas) {
        if (replica->probe) {
            replica->probe->disconnect(this);
            replica->probe->abort();
            replica->probe->deleteLater();
            replica->probe = nullptr;
        }
        replica->process->terminate();
    }
    // One grace for all: the replicas end side by side.
    const QDeadlineTimer grace(ReplicaProcess::stop_grace_ms);
    for (const auto& replica : deployment.replicas) replica->process->reap(grace);
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
        status.exit_reason = replica->process->exit_reason();
        status.restarts = replica->process->restarts();
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
        if (const qint64 pid = replica->process->pid(); pid > 0) out.append(pid);
    return out;
}

} // namespace berth
