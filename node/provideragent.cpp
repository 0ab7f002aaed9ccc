#include "provideragent.h"

#include "logging.h"
#include "manifestserver.h"
#include "node.h"
#include "processruntime.h"
#include "qtbytes.h"

#include <fieldlimits.h>
#include <manifestreceipt.h>
#include <matchingengine.h>
#include <price.h>
#include <transaction.h>

#include <QDir>
#include <QJsonArray>

namespace berth {

namespace {

Access access_of(const QList<ReplicaStatus>& replicas, const QString& public_host)
{
    Access access;
    access.host = public_host.toStdString();
    for (const ReplicaStatus& r : replicas) {
        access.ports.push_back(r.port);
        access.urls.push_back(r.url.toStdString());
    }
    return access;
}

} // namespace

ProviderAgent::ProviderAgent(Node& node, QString name, PrivateKey key, Options options)
    : m_node(node), m_name(std::move(name)), m_key(std::move(key)), m_address(Address::of(m_key.public_key())), m_options(std::move(options)),
      m_manifests(ManifestStore::provider_directory(node.config().datadir, m_name))
{
    auto runtime =
        std::make_unique<ProcessRuntime>(m_options.workload_program.isEmpty() ? ProcessRuntime::default_program() : m_options.workload_program);
    runtime->set_allow_commands(m_options.allow_commands);
    runtime->hide_from_workloads(node.config().datadir);
    runtime->set_log_directory(logs_directory());
    runtime->set_listen(m_options.listen, m_options.public_host);
    runtime->set_fail_after_s(m_options.fail_after_s);
    const ResourceLimiter& limits = runtime->resource_limiter();
    QString how = limits.mode_name();
    if (!limits.fallback_reason().isEmpty()) how += QStringLiteral(" (%1)").arg(limits.fallback_reason());
    qCInfo(lcAgent).noquote() << m_name << "holds replicas to their instance types with" << how;
    m_runtime = std::move(runtime);
    connect(m_runtime.get(), &WorkloadRuntime::deployed, this, &ProviderAgent::on_deployed);
    connect(m_runtime.get(), &WorkloadRuntime::deployFailed, this, &ProviderAgent::on_deploy_failed);
    connect(m_runtime.get(), &WorkloadRuntime::replicaExited, this,
            [this](JobId lease, const QString& service, int index, const QString& reason) {
                qCWarning(lcAgent).noquote() << m_name << "lease" << lease << "service" << service << "replica" << index << reason;
            });
    connect(&m_node, &Node::blockCommitted, this, &ProviderAgent::on_block);

    // The one full scan, at start: which leases this provider already holds.
    m_node.ledger().state().jobs.for_each([this](JobId id, const Job& job) {
        if (job.provider == m_address && job.holds_provider()) m_leases.insert(id);
    });
    start_endpoint();

    // Logs of leases that ended while the node was down go now.
    for (const QString& dir : QDir(logs_directory()).entryList({QStringLiteral("lease-*")}, QDir::Dirs)) {
        bool ok = false;
        const JobId id = dir.mid(6).toULongLong(&ok);
        if (ok && !m_leases.contains(id)) m_runtime->remove_logs(id);
    }

    // Workloads do not survive the node: bring back what the chain says is deployed here.
    for (JobId id : m_leases) {
        const Job& job = *m_node.ledger().state().jobs.find(id);
        if (job.state != JobState::DeploymentConfirmed && job.state != JobState::UpdateLease && job.state != JobState::ExitCooldown) continue;
        if (const auto bytes = m_manifests.load(job.manifest_hash)) {
            try {
                // Back at the addresses the chain has, where they are free; RestoreAccess posts any that moved.
                QList<quint16> ports;
                for (std::uint32_t port : job.access.ports) ports.append(static_cast<quint16>(port));
                deploy(id, job.manifest_hash, Manifest::parse(*bytes), job.instance_type, static_cast<int>(job.replicas),
                       Deployment::Then::RestoreAccess, ports);
            } catch (const ManifestError& e) {
                qCWarning(lcAgent).noquote() << m_name << "cannot restore lease" << id << ":" << e.what();
            }
        }
    }
}

ProviderAgent::~ProviderAgent()
{
    // The runtime stops every workload as it goes; the server must go before it answers for them.
    m_server.reset();
    m_runtime.reset();
}

void ProviderAgent::start_endpoint()
{
    const QString datadir = m_node.config().datadir;
    const Account* account = m_node.ledger().state().accounts.find(m_address);
    const QByteArray on_chain = account ? to_qbytearray(account->certificate) : QByteArray();
    try {
        m_identity = TlsIdentity::load(datadir, m_name);
        if (!m_identity || m_identity->der() != on_chain) {
            if (!m_identity) {
                m_identity = TlsIdentity::generate(m_address);
                m_identity->save(datadir, m_name);
            }
            const QByteArray der = m_identity->der();
            send(tx::PublishCertificate{to_bytes(der)}, "certificate");
        }
    } catch (const TlsIdentityError& e) {
        qCCritical(lcAgent).noquote() << m_name << "has no TLS identity, so it serves no manifests:" << e.what();
        m_identity.reset();
        return;
    }

    m_server = std::make_unique<ManifestServer>(m_node.ledger(), m_address, [this](JobId lease) { return deployment_status(lease); });
    m_server->set_check([this](JobId lease, const Manifest& manifest) { return check_manifest(lease, manifest); });
    m_server->set_logs(m_runtime.get());
    m_server->set_receipt([this](JobId lease, const Hash256& hash) {
        const Signature receipt = ManifestReceipt::sign(m_key, m_node.ledger().params().chain_id, lease, hash);
        return QJsonObject{{"receipt", QString::fromStdString(to_hex(receipt))},
                           {"provider_key", QString::fromStdString(m_key.public_key().hex())}};
    });
    connect(m_server.get(), &ManifestServer::manifestReceived, this, &ProviderAgent::on_manifest);
    connect(m_server.get(), &ManifestServer::manifestRefused, this, [this](JobId lease, const QString& reason) {
        const Job* job = m_node.ledger().state().jobs.find(lease);
        if (job && job->state == JobState::UpdateLease) refuse_update(lease, reason);
    });
    refresh_trusted_clients();
    const Provider* self = m_node.ledger().state().providers.find(m_address);
    // Keep the registered port across restarts when it is still free, so the chain need not change.
    const QUrl registered(self ? QString::fromStdString(self->endpoint) : QString());
    const quint16 wanted = registered.host() == m_options.public_host ? static_cast<quint16>(registered.port(0)) : 0;
    try {
        m_endpoint = m_server->start(*m_identity, wanted, m_options.listen, m_options.public_host);
    } catch (const std::runtime_error&) {
        m_endpoint = m_server->start(*m_identity, 0, m_options.listen, m_options.public_host);
    }
    qCInfo(lcAgent).noquote() << m_name << "serves manifests at" << m_endpoint.toString();
    if (self && registered != m_endpoint) send(tx::UpdateProvider{self->name, self->region, m_endpoint.toString().toStdString()}, "endpoint");
}

void ProviderAgent::send(tx::Payload payload, const char* what)
{
    const std::uint64_t nonce = m_node.next_nonce(m_address);
    const Transaction t = Transaction::make(m_node.ledger().params().chain_id, m_key, nonce, std::move(payload));
    if (auto rejection = m_node.submit(t))
        qCWarning(lcAgent).noquote() << m_name << what << "refused:" << QString::fromStdString(rejection->message);
    else
        qCDebug(lcAgent).noquote() << m_name << what;
}

void ProviderAgent::on_block(const BlockHeader& header, const std::vector<Event>& events)
{
    const State& state = m_node.ledger().state();
    const Provider* self = state.providers.find(m_address);
    if (!self) return;
    bool owners_changed = false;
    for (const Event& e : events) {
        if (e.name == EventName::CertificatePublished || e.name == EventName::CertificateRevoked) {
            owners_changed = true;
            continue;
        }
        const Job* job = state.jobs.find(e.job);
        if (!job) continue;
        const bool mine = job->provider == m_address;
        switch (e.name) {
        case EventName::ProviderLookup: {
            if (job->state != JobState::ProviderLookup) break;
            const auto price = quote(job->instance_type, job->replicas);
            if (!price) break;
            // Bid only where the chain would accept it; the ledger checks again when the window closes.
            if (MatchingEngine(state).ineligibility(*job, m_address, *price)) break;
            send(tx::CreateBid{job->id, *price}, "bid");
            break;
        }
        case EventName::CreateLease:
            if (mine && job->state == JobState::CreateLease) {
                m_leases.insert(job->id);
                owners_changed = true;
                send(tx::LeaseReady{job->id}, "lease ready");
            }
            break;
        case EventName::UpdateLease:
            if (mine && job->state == JobState::UpdateLease) {
                m_refused.erase(job->id);
                apply_update(job->id);
            }
            break;
        case EventName::LeaseUpdated:
            // The chain now points users at the new replicas: the old ones can go.
            if (mine) m_runtime->retire_previous(job->id);
            break;
        case EventName::CloseLease:
            if (mine && job->state == JobState::CloseLease) {
                m_runtime->stop(job->id);
                send(tx::LeaseClosed{job->id}, "lease closed");
            }
            break;
        case EventName::LeaseClosed:
        case EventName::JobReassigned:
            // A reassigned job names its new provider already; the event names the one it left.
            if (e.name == EventName::LeaseClosed ? mine : e.field("from") == m_address.str()) {
                end_lease(job->id);
                owners_changed = true;
            }
            break;
        default: break;
        }
    }
    if (owners_changed) refresh_trusted_clients();
    close_leases_without_manifest(header.timestamp_ms);
}

void ProviderAgent::on_manifest(JobId lease, const QByteArray& bytes, const Manifest& manifest)
{
    const Job* job = m_node.ledger().state().jobs.find(lease);
    if (!job) return;
    const Hash256 hash = ManifestStore::hash_of(bytes);
    auto current = m_deployments.find(lease);
    if (current != m_deployments.end() && current->second.manifest_hash == hash && job->state != JobState::UpdateLease)
        return; // a retried upload of what is already deploying or running
    try {
        m_manifests.save(bytes);
    } catch (const std::runtime_error& e) {
        qCWarning(lcAgent).noquote() << m_name << "cannot keep the manifest of lease" << lease << ":" << e.what();
    }
    switch (job->state) {
    case JobState::LeaseReady:
        deploy(lease, hash, manifest, job->instance_type, static_cast<int>(job->replicas), Deployment::Then::ConfirmDeployment);
        break;
    case JobState::UpdateLease: apply_update(lease); break;
    default: deploy(lease, hash, manifest, job->instance_type, static_cast<int>(job->replicas), Deployment::Then::Nothing); break;
    }
}

void ProviderAgent::deploy(JobId lease, const Hash256& hash, const Manifest& manifest, const std::string& instance_type, int replicas,
                           Deployment::Then then, const QList<quint16>& ports)
{
    std::optional<Hash256> previous;
    if (auto running = m_deployments.find(lease); running != m_deployments.end() && running->second.running)
        previous = running->second.manifest_hash;
    m_deployments[lease] = Deployment{hash, then, false, previous};
    qCInfo(lcAgent).noquote() << m_name << "deploys lease" << lease << "with" << manifest.services.size() << "service(s) ×" << replicas;
    m_runtime->deploy(lease, manifest, replicas, ports, resources_of(instance_type));
}

QString ProviderAgent::logs_directory() const
{
    return QDir(m_node.config().datadir).filePath(QStringLiteral("providers/%1/logs").arg(m_name));
}

InstanceType ProviderAgent::resources_of(const std::string& instance_type) const
{
    // A chain without a table of instance types leaves the runtime's defaults.
    const InstanceType* described = m_node.ledger().params().instance_type(instance_type);
    return described ? *described : InstanceType{};
}

QString ProviderAgent::check_manifest(JobId lease, const Manifest& manifest) const
{
    const Job* job = m_node.ledger().state().jobs.find(lease);
    if (!job) return QStringLiteral("there is no lease %1").arg(lease);
    const bool updating = job->state == JobState::UpdateLease && job->pending_update;
    const std::uint32_t replicas = updating ? job->pending_update->replicas : job->replicas;
    return m_runtime->refusal(manifest, static_cast<int>(replicas),
                              resources_of(updating ? job->pending_update->instance_type : job->instance_type));
}

void ProviderAgent::refuse_update(JobId lease, const QString& reason)
{
    if (!m_refused.insert(lease).second) return;
    qCWarning(lcAgent).noquote() << m_name << "refuses the update of lease" << lease << ":" << reason;
    send(tx::RefuseUpdate{lease, clip_utf8(reason, std::min<std::size_t>(200, limits::reason))}, "update refused");
}

void ProviderAgent::apply_update(JobId lease)
{
    const State& state = m_node.ledger().state();
    const Job* job = state.jobs.find(lease);
    if (!job || job->state != JobState::UpdateLease || !job->pending_update || m_refused.count(lease)) return;
    const PendingUpdate& terms = *job->pending_update;
    const auto price = quote(terms.instance_type, terms.replicas);
    if (!price) {
        refuse_update(lease, QStringLiteral("this provider has no offer of instance type %1").arg(QString::fromStdString(terms.instance_type)));
        return;
    }
    if (*price > terms.max_price_per_s) {
        refuse_update(lease,
                      QStringLiteral("the price of these terms, %1 USDC/s (%2 USDC/h), is above the new max price, %3 USDC/s")
                          .arg(QString::fromStdString(price::format_usdc_per_s(*price)), QString::fromStdString(price::format_per_hour(*price)),
                               QString::fromStdString(price::format_usdc_per_s(terms.max_price_per_s))));
        return;
    }
    auto current = m_deployments.find(lease);
    // Only the price terms changed: what runs stays as it is, nothing restarts.
    if (terms.manifest_hash == job->manifest_hash && terms.replicas == job->replicas && terms.instance_type == job->instance_type &&
        current != m_deployments.end() && current->second.running && current->second.manifest_hash == job->manifest_hash) {
        send(tx::LeaseUpdated{lease, *price, job->access}, "lease updated, price only");
        return;
    }
    if (current != m_deployments.end() && current->second.manifest_hash == terms.manifest_hash &&
        current->second.then == Deployment::Then::LeaseUpdated)
        return; // already being applied
    const auto bytes = m_manifests.load(terms.manifest_hash);
    if (!bytes) {
        qCInfo(lcAgent).noquote() << m_name << "waits for the updated manifest of lease" << lease;
        return;
    }
    Manifest manifest;
    try {
        manifest = Manifest::parse(*bytes);
    } catch (const ManifestError& e) {
        refuse_update(lease, QString::fromUtf8(e.what()));
        return;
    }
    if (const QString why = m_runtime->refusal(manifest, static_cast<int>(terms.replicas), resources_of(terms.instance_type)); !why.isEmpty()) {
        refuse_update(lease, why);
        return;
    }
    deploy(lease, terms.manifest_hash, manifest, terms.instance_type, static_cast<int>(terms.replicas), Deployment::Then::LeaseUpdated);
}

void ProviderAgent::on_deployed(JobId lease, const QList<ReplicaStatus>& replicas)
{
    auto it = m_deployments.find(lease);
    if (it == m_deployments.end()) return;
    it->second.running = true;
    it->second.previous.reset();
    const Deployment::Then then = std::exchange(it->second.then, Deployment::Then::Nothing);
    const State& state = m_node.ledger().state();
    const Job* job = state.jobs.find(lease);
    if (!job) return;
    const Access access = access_of(replicas, m_options.public_host);
    if (then == Deployment::Then::ConfirmDeployment && job->state == JobState::LeaseReady) {
        send(tx::ConfirmDeployment{lease, access}, "deployment confirmed");
    } else if (then == Deployment::Then::LeaseUpdated && job->state == JobState::UpdateLease && job->pending_update) {
        if (const auto price = quote(job->pending_update->instance_type, job->pending_update->replicas))
            send(tx::LeaseUpdated{lease, *price, access}, "lease updated");
    } else if (then == Deployment::Then::RestoreAccess && job->billing && !(access == job->access)) {
        // Some address could not be had again after the restart: the chain learns the new ones.
        send(tx::RestoreAccess{lease, access}, "access restored");
    }
}

std::optional<Amount> ProviderAgent::quote(const std::string& instance_type, std::uint32_t replicas) const
{
    const Provider* self = m_node.ledger().state().providers.find(m_address);
    if (!self) return std::nullopt;
    auto offer = self->offers.find(instance_type);
    if (offer == self->offers.end()) return std::nullopt;
    return offer->second.price_per_s * replicas * m_options.price_factor_bps / 10000;
}

void ProviderAgent::on_deploy_failed(JobId lease, const QString& reason)
{
    qCWarning(lcAgent).noquote() << m_name << "could not deploy lease" << lease << ":" << reason;
    auto it = m_deployments.find(lease);
    if (it == m_deployments.end()) return;
    const Deployment failed = it->second;
    if (failed.previous) {
        // The runtime kept the previous deployment serving.
        it->second = Deployment{*failed.previous, Deployment::Then::Nothing, true, std::nullopt};
    } else {
        m_deployments.erase(it);
    }
    const Job* job = m_node.ledger().state().jobs.find(lease);
    if (failed.then == Deployment::Then::LeaseUpdated && job && job->state == JobState::UpdateLease) refuse_update(lease, reason);
}

void ProviderAgent::end_lease(JobId lease)
{
    m_runtime->stop(lease);
    m_runtime->remove_logs(lease);
    m_deployments.erase(lease);
    m_leases.erase(lease);
    m_timed_out.erase(lease);
}

void ProviderAgent::close_leases_without_manifest(std::uint64_t now_ms)
{
    const State& state = m_node.ledger().state();
    const std::uint64_t timeout_ms = state.params().manifest_timeout_s * 1000;
    for (JobId id : m_leases) {
        const Job* job = state.jobs.find(id);
        // A manifest whose delivery the owner proved on chain must be deployed, not timed out.
        if (!job || job->state != JobState::LeaseReady || job->manifest_delivered_at_ms != 0 || m_deployments.count(id) || m_timed_out.count(id))
            continue;
        if (now_ms < job->matched_at_ms + timeout_ms) continue;
        m_timed_out.insert(id);
        qCInfo(lcAgent).noquote() << m_name << "closes lease" << id << ": no manifest within manifest_timeout_s";
        send(tx::ManifestTimeout{id}, "manifest timeout");
    }
}

void ProviderAgent::refresh_trusted_clients()
{
    if (!m_server) return;
    const State& state = m_node.ledger().state();
    QList<QSslCertificate> trusted;
    std::set<Address> owners;
    for (JobId id : m_leases)
        if (const Job* job = state.jobs.find(id)) owners.insert(job->owner);
    for (const Address& owner : owners) {
        const Account* account = state.accounts.find(owner);
        if (account && !account->certificate.empty()) trusted.append(QSslCertificate(to_qbytearray(account->certificate), QSsl::Der));
    }
    m_server->set_trusted_clients(trusted);
}

QJsonObject ProviderAgent::deployment_status(JobId lease) const
{
    QJsonArray replicas;
    QJsonArray urls;
    bool starting = false;
    bool exited = false;
    for (const ReplicaStatus& r : m_runtime->status(lease)) {
        replicas.append(QJsonObject{{"service", r.service},
                                    {"index", r.index},
                                    {"state", replica_state_name(r.state)},
                                    {"host", r.host},
                                    {"port", r.port},
                                    {"url", r.url},
                                    {"healthy", r.healthy},
                                    {"restarts", r.restarts},
                                    {"exit_reason", r.exit_reason}});
        if (r.state == ReplicaStatus::State::Running) urls.append(r.url);
        starting |= r.state == ReplicaStatus::State::Starting;
        exited |= r.state == ReplicaStatus::State::Exited;
    }
    const QString deployment = replicas.isEmpty() ? (m_deployments.count(lease) ? "starting" : "none")
                               : exited           ? "degraded"
                               : starting         ? "starting"
                                                  : "running";
    return QJsonObject{{"deployment", deployment}, {"replicas", replicas}, {"urls", urls}};
}

} // namespace berth
