#include "nodehost.h"

#include "amountinput.h"
#include "embeddednode.h"

#include <QDateTime>
#include <QJSEngine>
#include <QPointer>

namespace berth::gui {

namespace {
QPointer<NodeHost> g_node_host;
}

NodeHost::NodeHost(NodeConfig config, QObject* parent, const QString& identity)
    : NodeHost(std::make_unique<EmbeddedNode>(config, identity), config.datadir, parent)
{
    m_identity = identity;
}

NodeHost::NodeHost(std::unique_ptr<NodeClient> node, const QString& data_directory, QObject* parent)
    : QObject(parent), m_node(std::move(node)), m_data_directory(data_directory), m_deploy(m_providers, *m_node), m_actions(*this)
{
    qRegisterMetaType<NodeSnapshot>();
    qRegisterMetaType<ProviderChunk>();
    qRegisterMetaType<BlockDelta>();
    qRegisterMetaType<LeaseRow>();
    qRegisterMetaType<OrderRequest>();
    qRegisterMetaType<OrderProgress>();
    qRegisterMetaType<ActionOutcome>();
    qRegisterMetaType<JobId>("berth::JobId");
    qRegisterMetaType<IdentitySnapshot>();
    qRegisterMetaType<QList<AccountRow>>();
    m_lease_events.setSourceModel(&m_events);
    connect_node();
}

void NodeHost::connect_node()
{
    NodeClient* node = m_node.get();
    connect(node, &NodeClient::started, this, &NodeHost::on_started);
    connect(node, &NodeClient::providersLoaded, this, [this](const ProviderChunk& chunk) {
        if (!m_stopped) m_providers.append_loaded(chunk.rows, chunk.last);
    });
    connect(node, &NodeClient::failed, this, &NodeHost::on_failed);
    connect(node, &NodeClient::blockApplied, this, &NodeHost::on_block);
    connect(node, &NodeClient::actionFinished, this, &NodeHost::on_outcome);
    connect(node, &NodeClient::orderCreated, &m_deploy, &DeployFlow::on_created);
    connect(node, &NodeClient::orderProgress, &m_deploy, &DeployFlow::on_progress);
    connect(node, &NodeClient::uploadProgress, this, &NodeHost::on_upload);
    connect(node, &NodeClient::identitySwitched, this, &NodeHost::on_identity);
    connect(node, &NodeClient::accountsChanged, &m_accounts, &AccountListModel::apply);
    connect(node, &NodeClient::logRecords, this, [this](JobId lease, const QList<QByteArray>& records) {
        if (lease != m_logs_lease) return;
        m_logs.append(records);
        if (m_logs_status.isEmpty()) return;
        m_logs_status.clear();
        Q_EMIT logsChanged();
    });
    connect(node, &NodeClient::logReplicas, this, &NodeHost::on_log_replicas);
    connect(node, &NodeClient::logsEnded, this, [this](JobId lease, const QString& reason) {
        if (lease != m_logs_lease) return;
        m_logs_status = reason.isEmpty() ? tr("The lease has ended; these are its last lines.") : tr("No logs: %1").arg(reason);
        Q_EMIT logsChanged();
    });
}

void NodeHost::on_log_replicas(JobId lease, const QList<QJsonObject>& replicas)
{
    if (lease != m_logs_lease) return;
    m_log_replicas.clear();
    for (const QJsonObject& r : replicas)
        m_log_replicas.append(
            tr("%1#%2: %3, %4, restarts: %5")
                .arg(r.value(QLatin1String("service")).toString())
                .arg(r.value(QLatin1String("index")).toInt())
                .arg(r.value(QLatin1String("state")).toString(), r.value(QLatin1String("healthy")).toBool() ? tr("healthy") : tr("not healthy"))
                .arg(r.value(QLatin1String("restarts")).toInt()));
    Q_EMIT logsChanged();
}

void NodeHost::openLogs(const QString& lease_id)
{
    bool ok = false;
    const JobId lease = lease_id.toULongLong(&ok);
    if (!ok) return;
    m_logs.clear();
    m_logs.setPaused(false);
    m_logs_lease = lease;
    m_log_replicas.clear();
    m_logs_status = tr("Asking the provider for the logs…");
    Q_EMIT logsChanged();
    m_node->open_logs(lease);
}

void NodeHost::closeLogs()
{
    m_logs_lease = 0;
    m_logs_status.clear();
    m_log_replicas.clear();
    Q_EMIT logsChanged();
    m_node->close_logs();
}

NodeHost::~NodeHost()
{
    shutdown();
    if (g_node_host == this) g_node_host = nullptr;
}

void NodeHost::set_instance(NodeHost* host)
{
    g_node_host = host;
}

NodeHost* NodeHost::instance()
{
    return g_node_host;
}

NodeHost* NodeHost::create(QQmlEngine*, QJSEngine*)
{
    NodeHost* host = g_node_host;
    if (host) QJSEngine::setObjectOwnership(host, QJSEngine::CppOwnership);
    return host;
}

void NodeHost::start()
{
    if (!m_stopped) m_node->start();
}

void NodeHost::shutdown()
{
    if (m_stopped) return;
    m_stopped = true;
    m_node->stop();
    if (m_running) {
        m_running = false;
        Q_EMIT runningChanged();
    }
}

void NodeHost::submit(const QByteArray& encoded_transaction)
{
    m_node->submit_transaction(encoded_transaction);
}

QString NodeHost::topUpLease(const QString& lease_id, const QString& amount)
{
    QString error;
    const auto value = AmountInput::parse(amount, AmountInput::Kind::Usdc, &error);
    if (!value) return error;
    return send_lease_action(lease_id, tx::DepositEscrow{lease_id.toULongLong(), *value},
                             tr("Sending top-up of %1 USDC…").arg(format_usdc(*value)));
}

QString NodeHost::closeLease(const QString& lease_id)
{
    return send_lease_action(lease_id, tx::CloseLease{lease_id.toULongLong()}, tr("Sending close request…"));
}

QString NodeHost::updateLease(const QString& lease_id, const QString& replicas, const QString& max_price)
{
    const LeaseRow* row = lease(lease_id);
    if (!row) return tr("Unknown lease: %1").arg(lease_id);
    if (const QString error = DeployFlow::replicas_problem(replicas); !error.isEmpty()) return error;
    QString error;
    const auto price = AmountInput::parse(max_price, AmountInput::Kind::UsdcPerSecond, &error);
    if (!price) return tr("Max price: %1").arg(error);
    const std::uint32_t count = static_cast<std::uint32_t>(replicas.trimmed().toInt());
    if (count == row->job.replicas && *price == row->job.max_price_per_s) return tr("These are the lease's current terms.");
    const PendingUpdate terms{row->job.instance_type, count, row->job.manifest_hash, *price};
    return send_lease_action(lease_id, tx::UpdateLease{row->job.id, terms},
                             tr("Asking for %1 replica(s) at most %2 USDC/s…").arg(count).arg(format_price(*price)));
}

const LeaseRow* NodeHost::lease(const QString& lease_id) const
{
    const int row = m_leases.row_of(lease_id);
    return row < 0 ? nullptr : &m_leases.entry(row).row;
}

QString NodeHost::send_lease_action(const QString& lease_id, tx::Payload payload, const QString& pending)
{
    if (!lease(lease_id)) return tr("Unknown lease: %1").arg(lease_id);
    if (!m_node->is_running()) return tr("The node is not running.");
    m_leases.set_action_result(lease_id, pending, false);
    m_node->send_as_identity(NodeAction::LeaseChange, lease_id.toULongLong(), payload);
    return QString();
}

void NodeHost::on_upload(JobId lease, TenantAgent::UploadStage stage, const QString& message)
{
    m_deploy.on_upload(lease, stage, message);
    const QString id = QString::number(lease);
    if (m_leases.row_of(id) < 0) return;
    if (stage == TenantAgent::UploadStage::Uploading) m_leases.set_action_result(id, tr("Uploading the manifest over mutual TLS…"), false);
    if (stage == TenantAgent::UploadStage::Accepted) m_leases.set_action_result(id, tr("The provider accepted the manifest."), false);
    if (stage == TenantAgent::UploadStage::Failed) m_leases.set_action_result(id, tr("The manifest upload failed: %1").arg(message), true);
}

void NodeHost::report_outcome(LeaseListModel& model, const ActionOutcome& outcome)
{
    const QString lease_id = QString::number(outcome.lease);
    if (outcome.ok())
        model.set_action_result(lease_id, tr("Accepted; it takes effect with the next block."), false);
    else
        model.set_action_result(lease_id, tr("Rejected (%1): %2").arg(outcome.code, outcome.message), true);
}

void NodeHost::on_outcome(const ActionOutcome& outcome)
{
    switch (outcome.action) {
    case NodeAction::Transaction: break;
    case NodeAction::LeaseChange: report_outcome(m_leases, outcome); break;
    // A provider's exit reports on the served lease's own row, like a top-up on the owner's card.
    case NodeAction::LeaseExit: report_outcome(m_served, outcome); break;
    case NodeAction::PlaceOrder: m_deploy.on_submitted(outcome); break;
    case NodeAction::RegisterProvider:
    case NodeAction::SetOffer:
    case NodeAction::Stake:
    case NodeAction::WithdrawEarnings:
    case NodeAction::PublishCertificate:
    case NodeAction::CertificateSaved:
    case NodeAction::SwitchIdentity:
    case NodeAction::CreateAccount:
    case NodeAction::ImportAccount:
    case NodeAction::ExportAccount: m_actions.finished(outcome); break;
    }
    Q_EMIT actionFinished(outcome);
}

void NodeHost::load_identity(const IdentitySnapshot& snapshot)
{
    const bool switched = snapshot.identity.name != m_account.name() || snapshot.identity.address != m_account.address();
    m_identity = snapshot.identity.name;
    m_leases.load(snapshot.leases, snapshot.now_ms);
    m_served.load(snapshot.served, snapshot.now_ms);
    m_account.apply(snapshot.identity, switched);
    m_account.history()->load(snapshot.history);
    m_accounts.set_current(m_identity);
    update_totals(snapshot.now_ms);
}

void NodeHost::on_identity(const IdentitySnapshot& snapshot)
{
    if (!m_running) return;
    load_identity(snapshot);
    Q_EMIT identityChanged();
}

void NodeHost::update_totals(std::uint64_t now_ms)
{
    const auto [escrow, spent] = m_leases.totals(now_ms);
    m_account.set_totals(now_ms, escrow, spent);
}

QString NodeHost::instanceTypeResources(const QString& instance_type) const
{
    const std::string name = instance_type.toStdString();
    for (const InstanceType& type : m_instance_types)
        if (type.name == name)
            return tr("%1 vCPU · %2 MiB · %3 processes per replica")
                .arg(QString::fromStdString(format_amount(type.millicpus, 3)))
                .arg(type.memory_mib)
                .arg(type.processes);
    return QString();
}

QString NodeHost::lastBlockTime() const
{
    if (m_block.time_ms == 0) return QString();
    return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(m_block.time_ms), Qt::UTC).toString(Qt::ISODateWithMs);
}

void NodeHost::on_started(const NodeSnapshot& snapshot)
{
    if (m_stopped) return;
    m_block = snapshot.block;
    m_block_ms = snapshot.block_ms;
    m_instance_types = snapshot.instance_types;
    m_chain_id = snapshot.chain_id;
    m_rpc_url = snapshot.rpc_url;
    m_providers.begin_load();
    m_accounts.load(snapshot.accounts);
    m_account.set_stake_per_job(snapshot.stake_per_job);
    m_deploy.set_min_escrow_seconds(snapshot.min_escrow_seconds);
    const QString before = m_identity;
    load_identity(snapshot.identity);
    m_running = true;
    Q_EMIT runningChanged();
    Q_EMIT blockChanged();
    if (m_identity != before) Q_EMIT identityChanged();
    Q_EMIT snapshotLoaded(snapshot);
}

void NodeHost::on_failed(const QString& message)
{
    // The models keep what they last showed; the pages say the node stopped and why.
    m_error = message;
    m_running = false;
    Q_EMIT errorChanged();
    Q_EMIT runningChanged();
}

void NodeHost::on_block(const BlockDelta& delta)
{
    if (!m_running) return;
    m_block = delta.block;
    m_providers.apply(delta.changed_providers);
    m_leases.apply(delta.changed_leases, delta.block.time_ms);
    m_served.apply(delta.changed_served, delta.block.time_ms);
    m_account.apply(delta.identity, false);
    m_account.history()->append(delta.history);
    update_totals(delta.block.time_ms);
    m_events.append(delta.events);
    Q_EMIT blockChanged();
    Q_EMIT blockApplied(delta);
}

} // namespace berth::gui
