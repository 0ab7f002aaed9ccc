#include "nodehost.h"

#include "nodeworker.h"

#include <QDateTime>
#include <QJSEngine>
#include <QPointer>

namespace berth::gui {

namespace {
QPointer<NodeHost> g_instance;
}

NodeHost::NodeHost(NodeConfig config, QObject* parent, const QString& identity)
    : QObject(parent), m_config(std::move(config)), m_identity(identity),
      m_deploy(m_providers, [this](const OrderRequest& request) { return post_order(request); }), m_actions(*this)
{
    qRegisterMetaType<NodeSnapshot>();
    qRegisterMetaType<BlockDelta>();
    qRegisterMetaType<LeaseRow>();
    qRegisterMetaType<OrderRequest>();
    qRegisterMetaType<OrderProgress>();
    qRegisterMetaType<JobId>("berth::JobId");
    qRegisterMetaType<IdentitySnapshot>();
    qRegisterMetaType<QList<AccountRow>>();
    m_thread.setObjectName(QStringLiteral("berth-node"));
    m_lease_events.setSourceModel(&m_events);
    m_worker = std::make_unique<NodeWorker>(m_config, m_identity);
    m_worker->moveToThread(&m_thread);
    // Queued both ways: the worker's slots run on the node thread, these handlers on ours.
    connect(m_worker.get(), &NodeWorker::started, this, &NodeHost::on_started, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::failed, this, &NodeHost::on_failed, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::blockApplied, this, &NodeHost::on_block, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::submitted, this, &NodeHost::transactionSubmitted, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::leaseActionDone, this, &NodeHost::on_lease_action, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::orderSubmitted, &m_deploy, &DeployFlow::on_submitted, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::orderCreated, &m_deploy, &DeployFlow::on_created, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::orderProgress, &m_deploy, &DeployFlow::on_progress, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::uploadProgress, this, &NodeHost::on_upload, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::actionDone, this, &NodeHost::on_action, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::identitySwitched, this, &NodeHost::on_identity, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::accountsChanged, &m_accounts, &AccountListModel::apply, Qt::QueuedConnection);

    m_log_feed = std::make_unique<LeaseLogFeed>();
    m_log_feed->moveToThread(&m_thread);
    connect(m_log_feed.get(), &LeaseLogFeed::records, this, [this](JobId lease, const QList<QByteArray>& records) {
        if (lease != m_logs_lease) return;
        m_logs.append(records);
        if (m_logs_status.isEmpty()) return;
        m_logs_status.clear();
        Q_EMIT logsChanged();
    }, Qt::QueuedConnection);
    connect(m_log_feed.get(), &LeaseLogFeed::replicas, this, [this](JobId lease, const QList<QJsonObject>& replicas) {
        if (lease != m_logs_lease) return;
        m_log_replicas.clear();
        for (const QJsonObject& r : replicas)
            m_log_replicas.append(tr("%1#%2: %3, %4, restarts: %5")
                                      .arg(r.value(QLatin1String("service")).toString())
                                      .arg(r.value(QLatin1String("index")).toInt())
                                      .arg(r.value(QLatin1String("state")).toString(),
                                           r.value(QLatin1String("healthy")).toBool() ? tr("healthy") : tr("not healthy"))
                                      .arg(r.value(QLatin1String("restarts")).toInt()));
        Q_EMIT logsChanged();
    }, Qt::QueuedConnection);
    connect(m_log_feed.get(), &LeaseLogFeed::ended, this, [this](JobId lease, const QString& reason) {
        if (lease != m_logs_lease) return;
        m_logs_status = reason.isEmpty() ? tr("The lease has ended; these are its last lines.") : tr("No logs: %1").arg(reason);
        Q_EMIT logsChanged();
    }, Qt::QueuedConnection);
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
    if (!post([feed = m_log_feed.get(), lease](NodeWorker& worker) { worker.open_logs(*feed, lease); })) {
        m_logs_status = tr("The node is not running.");
        Q_EMIT logsChanged();
    }
}

void NodeHost::closeLogs()
{
    m_logs_lease = 0;
    m_logs_status.clear();
    m_log_replicas.clear();
    Q_EMIT logsChanged();
    if (m_thread.isRunning()) QMetaObject::invokeMethod(m_log_feed.get(), &LeaseLogFeed::close, Qt::QueuedConnection);
}

NodeHost::~NodeHost()
{
    shutdown();
    if (g_instance == this) g_instance = nullptr;
}

void NodeHost::set_instance(NodeHost* host) { g_instance = host; }

NodeHost* NodeHost::instance() { return g_instance; }

NodeHost* NodeHost::create(QQmlEngine*, QJSEngine*)
{
    NodeHost* host = g_instance;
    if (host) QJSEngine::setObjectOwnership(host, QJSEngine::CppOwnership);
    return host;
}

void NodeHost::start()
{
    if (m_thread.isRunning() || m_stopped) return;
    m_thread.start();
    QMetaObject::invokeMethod(m_worker.get(), &NodeWorker::start, Qt::QueuedConnection);
}

void NodeHost::shutdown()
{
    if (m_stopped) return;
    m_stopped = true;
    if (m_thread.isRunning()) {
        // The worker stops the node on the node thread and then ends that thread's event loop.
        QMetaObject::invokeMethod(m_worker.get(), &NodeWorker::stop, Qt::QueuedConnection);
        m_thread.wait();
    }
    m_log_feed.reset();
    m_worker.reset();
    if (m_running) {
        m_running = false;
        Q_EMIT runningChanged();
    }
}

void NodeHost::submit(const QByteArray& encoded_transaction)
{
    if (!m_worker || !m_thread.isRunning()) {
        Q_EMIT transactionSubmitted(QString(), QStringLiteral("unavailable"), tr("The node is not running."));
        return;
    }
    QMetaObject::invokeMethod(m_worker.get(), [worker = m_worker.get(), encoded_transaction] { worker->submit(encoded_transaction); },
                              Qt::QueuedConnection);
}

std::optional<Amount> NodeHost::parse_top_up(const QString& amount, QString* error)
{
    return parse_amount(amount, Denom::USDC, error);
}

std::optional<Amount> NodeHost::parse_amount(const QString& amount, Denom denom, QString* error)
{
    const QString text = amount.trimmed();
    const bool usdc = denom == Denom::USDC;
    auto fail = [error](const QString& message) {
        if (error) *error = message;
        return std::nullopt;
    };
    if (text.isEmpty()) return fail(usdc ? tr("Enter an amount in USDC.") : tr("Enter an amount in POND."));
    if (text.startsWith(QLatin1Char('-'))) return fail(tr("The amount must be positive."));
    const qsizetype dot = text.indexOf(QLatin1Char('.'));
    if (dot >= 0 && text.size() - dot - 1 > static_cast<qsizetype>(decimals(denom)))
        return fail(usdc ? tr("USDC has at most 6 decimals.") : tr("POND has at most 18 decimals."));
    try {
        const Amount value = berth::parse_amount(text.toStdString(), decimals(denom));
        if (value == 0) return fail(tr("The amount must be positive."));
        return value;
    } catch (const std::exception&) {
        return fail(usdc ? tr("Not a USDC amount: %1").arg(text) : tr("Not a POND amount: %1").arg(text));
    }
}

std::optional<Amount> NodeHost::parse_price(const QString& price_per_s, QString* error)
{
    const QString text = price_per_s.trimmed();
    auto fail = [error](const QString& message) {
        if (error) *error = message;
        return std::nullopt;
    };
    if (text.isEmpty()) return fail(tr("Enter an amount in USDC."));
    if (text.startsWith(QLatin1Char('-'))) return fail(tr("The amount must be positive."));
    const qsizetype dot = text.indexOf(QLatin1Char('.'));
    if (dot >= 0 && text.size() - dot - 1 > static_cast<qsizetype>(decimals(Denom::USDC) + price::rate_decimals))
        return fail(tr("A price per second has at most 18 decimals of USDC."));
    try {
        const Amount rate = price::parse_usdc_per_s(text.toStdString());
        if (rate == 0) return fail(tr("The amount must be positive."));
        return rate;
    } catch (const std::exception&) {
        return fail(tr("Not a USDC amount: %1").arg(text));
    }
}

QString NodeHost::validatePrice(const QString& price_per_s) const
{
    QString error;
    parse_price(price_per_s, &error);
    return error;
}

bool NodeHost::post(std::function<void(NodeWorker&)> task)
{
    if (!m_worker || !m_thread.isRunning() || !m_running) return false;
    QMetaObject::invokeMethod(m_worker.get(), [worker = m_worker.get(), task = std::move(task)] { task(*worker); }, Qt::QueuedConnection);
    return true;
}

QString NodeHost::validateTopUp(const QString& amount) const
{
    QString error;
    parse_top_up(amount, &error);
    return error;
}

QString NodeHost::topUpLease(const QString& lease_id, const QString& amount)
{
    QString error;
    const auto value = parse_top_up(amount, &error);
    if (!value) return error;
    return post_lease_action(lease_id, tx::DepositEscrow{lease_id.toULongLong(), *value},
                             tr("Sending top-up of %1 USDC…").arg(format_usdc(*value)));
}

QString NodeHost::closeLease(const QString& lease_id)
{
    return post_lease_action(lease_id, tx::CloseLease{lease_id.toULongLong()}, tr("Sending close request…"));
}

QString NodeHost::updateLease(const QString& lease_id, const QString& replicas, const QString& max_price)
{
    const LeaseRow* row = lease(lease_id);
    if (!row) return tr("Unknown lease: %1").arg(lease_id);
    if (const QString error = m_deploy.checkReplicas(replicas); !error.isEmpty()) return error;
    QString error;
    const auto price = parse_price(max_price, &error);
    if (!price) return tr("Max price: %1").arg(error);
    const std::uint32_t count = static_cast<std::uint32_t>(replicas.trimmed().toInt());
    if (count == row->job.replicas && *price == row->job.max_price_per_s) return tr("These are the lease's current terms.");
    const PendingUpdate terms{row->job.instance_type, count, row->job.manifest_hash, *price};
    return post_lease_action(lease_id, tx::UpdateLease{row->job.id, terms},
                             tr("Asking for %1 replica(s) at most %2 USDC/s…").arg(count).arg(format_price(*price)));
}

const LeaseRow* NodeHost::lease(const QString& lease_id) const
{
    const int row = m_leases.row_of(lease_id);
    return row < 0 ? nullptr : &m_leases.entry(row).row;
}

QString NodeHost::post_lease_action(const QString& lease_id, tx::Payload payload, const QString& pending)
{
    if (!lease(lease_id)) return tr("Unknown lease: %1").arg(lease_id);
    const JobId job = lease_id.toULongLong();
    if (!post([job, payload = std::move(payload)](NodeWorker& worker) { worker.lease_action(job, payload); })) return tr("The node is not running.");
    m_leases.set_action_result(lease_id, pending, false);
    return QString();
}

QString NodeHost::post_order(const OrderRequest& request)
{
    return post([request](NodeWorker& worker) { worker.create_order(request); }) ? QString() : tr("The node is not running.");
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

void NodeHost::on_lease_action(const QString& lease_id, const QString& error_code, const QString& error_message)
{
    report_outcome(m_leases, lease_id, error_code, error_message);
    Q_EMIT leaseActionFinished(lease_id, error_code, error_message);
}

void NodeHost::report_outcome(LeaseListModel& model, const QString& lease_id, const QString& error_code, const QString& error_message)
{
    if (error_code.isEmpty())
        model.set_action_result(lease_id, tr("Accepted; it takes effect with the next block."), false);
    else
        model.set_action_result(lease_id, tr("Rejected (%1): %2").arg(error_code, error_message), true);
}

void NodeHost::on_action(const QString& action, const QString& error_code, const QString& error_message)
{
    // A provider's exit reports on the served lease's own row, like a top-up on the owner's card.
    static const QString exit_prefix = QStringLiteral("exit:");
    if (action.startsWith(exit_prefix))
        report_outcome(m_served, action.mid(exit_prefix.size()), error_code, error_message);
    else
        m_actions.finished(action, error_code, error_message);
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

QThread* NodeHost::node_object_thread() const { return m_worker ? m_worker->node_thread() : nullptr; }

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
    m_providers.load(snapshot.providers);
    m_accounts.load(snapshot.accounts);
    m_account.set_stake_per_job(snapshot.stake_per_job);
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
