#include "nodeworker.h"

#include "certificatekeeper.h"
#include "chainsnapshots.h"
#include "identitysession.h"
#include "leaselogfeed.h"
#include "orderfollower.h"

#include <node.h>
#include <qtbytes.h>
#include <tlsidentity.h>

#include <QThread>

#include <algorithm>
#include <cerrno>
#include <exception>

#include <unistd.h>
#include <sys/resource.h>

namespace berth::gui {

namespace {

/** The lowest priority a nice value gives. */
constexpr int max_niceness = 19;

/** Rows per ProviderChunk: small beside a large market, large enough that a chunk costs little to send. */
constexpr std::size_t provider_chunk_rows = 1000;

/** How many past events of the identity the wallet's history starts with. */
constexpr std::size_t history_seed = 200;

/**
 * How far below the GUI thread's the node thread's scheduling priority is, as a nice increment.
 * On two cores, opening a large market's store while the window loaded took turns from the GUI
 * thread and delayed the window's first frame. The node still has every cycle the GUI leaves
 * idle; the threads and processes it starts inherit the value.
 */
constexpr int node_thread_niceness = 5;

/** Lowers the calling thread's priority: on Linux a nice value belongs to a thread, not to its process. */
void yield_to_gui_thread()
{
    const auto thread = static_cast<id_t>(gettid());
    errno = 0;
    const int current = getpriority(PRIO_PROCESS, thread);
    if (current == -1 && errno != 0) return;
    // A priority that cannot be lowered leaves the node as it is: it only shares the cores less politely.
    setpriority(PRIO_PROCESS, thread, std::min(current + node_thread_niceness, max_niceness));
}

} // namespace

NodeWorker::NodeWorker(NodeConfig config, const QString& identity) : m_config(std::move(config)), m_start_identity(identity) {}

NodeWorker::~NodeWorker() = default;

void NodeWorker::start()
{
    // Everything here touches the node: it runs on the node thread only (queued from EmbeddedNode).
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_node) return;
    yield_to_gui_thread();
    try {
        auto node = std::make_unique<Node>(m_config);
        node->start();
        m_node = std::move(node);
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
        return;
    }
    m_node_thread.store(m_node->thread());
    m_identity = std::make_unique<IdentitySession>(*m_node, m_config.datadir, m_config.devnet, m_start_identity);
    m_certificates = std::make_unique<CertificateKeeper>(m_config.datadir);
    m_snapshots = std::make_unique<ChainSnapshots>();
    m_order = std::make_unique<OrderFollower>(m_config.datadir,
                                              OrderFollower::Reports{[this](const ActionOutcome& outcome) { Q_EMIT actionFinished(outcome); },
                                                                     [this](JobId job) { Q_EMIT orderCreated(job); },
                                                                     [this](const OrderProgress& progress) { Q_EMIT orderProgress(progress); }});
    connect(m_node.get(), &Node::blockCommitted, this, &NodeWorker::on_block);
    connect(m_node.get(), &Node::fatalError, this, &NodeWorker::failed);
    if (TenantAgent* tenant = m_node->tenant()) {
        connect(tenant, &TenantAgent::uploadProgress, this, &NodeWorker::uploadProgress);
        // The identity's receipts go on chain with its own key, whatever key file it came from.
        tenant->set_key_source([this](const Address& owner) -> std::optional<PrivateKey> {
            if (m_identity->unlocked() && owner == m_identity->owner()) return PrivateKey::from_seed(m_identity->signing_key().seed());
            return m_node->own_key(owner);
        });
    }
    m_identity->adopt_at_start();

    NodeSnapshot snapshot;
    const Params& params = m_node->ledger().params();
    snapshot.block = summary(m_node->tip());
    snapshot.stake_per_job = params.stake_per_job;
    snapshot.min_escrow_seconds = params.min_escrow_seconds;
    snapshot.chain_id = QString::fromStdString(params.chain_id);
    snapshot.block_ms = params.block_ms;
    snapshot.instance_types = params.instance_types;
    snapshot.data_directory = m_config.datadir;
    snapshot.rpc_url = m_node->rpc_url().toString();
    snapshot.identity = identity_snapshot();
    snapshot.accounts = m_identity->accounts();
    Q_EMIT started(snapshot);
    ChainSnapshots::providers(m_node->ledger().state(), provider_chunk_rows,
                              [this](const ProviderChunk& chunk) { Q_EMIT providersLoaded(chunk); });
}

BlockSummary NodeWorker::summary(const BlockHeader& header) const
{
    BlockSummary s;
    s.height = header.height;
    s.time_ms = header.timestamp_ms;
    s.state_root = QString::fromStdString(header.state_root.hex());
    s.mempool_size = m_node->mempool_size();
    const OrderingInfo ordering = m_node->ordering_info();
    s.ordering = ordering.kind;
    s.leader = ordering.leader;
    s.ordering_members = ordering.members;
    s.leading = ordering.leading;
    s.in_step = ordering.in_step;
    return s;
}

IdentitySnapshot NodeWorker::identity_snapshot()
{
    const Address& owner = m_identity->owner();
    IdentitySnapshot snapshot =
        m_snapshots->identity(m_node->ledger().state(), m_identity->row(m_certificates->pending_for(owner)), owner, m_node->tip().timestamp_ms);
    if (!owner.is_null())
        for (const StoredEvent& stored : m_node->store().account_events(owner, history_seed))
            if (auto row = HistoryRow::from(stored.height, stored.event, owner)) snapshot.history.push_back(std::move(*row));
    return snapshot;
}

void NodeWorker::on_block(const BlockHeader& header, const std::vector<Event>& events)
{
    Q_ASSERT(QThread::currentThread() == thread());
    BlockDelta delta = m_snapshots->delta(m_node->ledger().state(), header.height, events, m_identity->owner());
    delta.block = summary(header);
    const std::optional<ActionOutcome> saved = m_certificates->save_if_published(*m_node, *m_identity);
    delta.identity = m_identity->row(m_certificates->pending_for(m_identity->owner()));
    if (saved) Q_EMIT actionFinished(*saved);
    Q_EMIT blockApplied(delta);
    m_order->follow(*m_node, header.height);
}

bool NodeWorker::require_node(NodeAction action)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_node) return true;
    Q_EMIT actionFinished(ActionOutcome::failure(action, QStringLiteral("unavailable"), tr("The node is not running.")));
    return false;
}

void NodeWorker::submit(const QByteArray& encoded_transaction)
{
    if (!require_node(NodeAction::Transaction)) return;
    try {
        const Transaction tx = Transaction::decode(as_byte_view(encoded_transaction));
        ActionOutcome outcome = ActionOutcome::success(NodeAction::Transaction);
        if (const auto rejection = m_node->submit(tx))
            outcome = ActionOutcome::failure(NodeAction::Transaction, QString::fromStdString(rejection->code),
                                             QString::fromStdString(rejection->message));
        outcome.transaction_id = QString::fromStdString(tx.id().hex());
        Q_EMIT actionFinished(outcome);
    } catch (const std::exception& e) {
        Q_EMIT actionFinished(ActionOutcome::failure(NodeAction::Transaction, QStringLiteral("malformed"), QString::fromStdString(e.what())));
    }
}

void NodeWorker::send(NodeAction action, JobId lease, const tx::Payload& payload)
{
    if (require_node(action)) Q_EMIT actionFinished(m_identity->send(*m_node, action, lease, payload));
}

void NodeWorker::place_order(const OrderRequest& request)
{
    if (require_node(NodeAction::PlaceOrder)) m_order->place(*m_node, *m_identity, *m_certificates, request);
}

void NodeWorker::publish_certificate()
{
    if (require_node(NodeAction::PublishCertificate)) Q_EMIT actionFinished(m_certificates->publish(*m_node, *m_identity));
}

void NodeWorker::switch_identity(const QString& name, const QString& passphrase)
{
    if (!require_node(NodeAction::SwitchIdentity)) return;
    try {
        m_identity->adopt(name, passphrase);
    } catch (const KeystoreError& e) {
        // The identity in use stays as it was.
        Q_EMIT actionFinished(ActionOutcome::failure(NodeAction::SwitchIdentity, IdentitySession::code_of(e), QString::fromStdString(e.what())));
        return;
    }
    Q_EMIT identitySwitched(identity_snapshot());
    Q_EMIT actionFinished(ActionOutcome::success(NodeAction::SwitchIdentity));
}

void NodeWorker::create_account(const QString& name, const QString& passphrase)
{
    if (!require_node(NodeAction::CreateAccount)) return;
    const ActionOutcome outcome = m_identity->create_account(name, passphrase);
    if (outcome.ok()) Q_EMIT accountsChanged(m_identity->accounts());
    Q_EMIT actionFinished(outcome);
}

void NodeWorker::import_account(const QString& name, const QString& path)
{
    if (!require_node(NodeAction::ImportAccount)) return;
    const ActionOutcome outcome = m_identity->import_account(name, path);
    if (outcome.ok()) Q_EMIT accountsChanged(m_identity->accounts());
    Q_EMIT actionFinished(outcome);
}

void NodeWorker::export_account(const QString& name, const QString& path)
{
    if (require_node(NodeAction::ExportAccount)) Q_EMIT actionFinished(m_identity->export_account(name, path));
}

void NodeWorker::open_logs(LeaseLogFeed& feed, JobId lease)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_node) return feed.fail(lease, tr("The node is not running."));
    const State& state = m_node->ledger().state();
    const Job* job = state.jobs.find(lease);
    const Provider* provider = job ? state.providers.find(job->provider) : nullptr;
    const Account* provider_account = job ? state.accounts.find(job->provider) : nullptr;
    std::optional<TlsIdentity> identity;
    try {
        identity = TlsIdentity::find(m_config.datadir, m_identity->owner());
    } catch (const TlsIdentityError&) {}
    if (!job || job->owner != m_identity->owner()) return feed.fail(lease, tr("lease %1 is not one of %2's").arg(lease).arg(m_identity->name()));
    if (!provider || !provider_account || provider_account->certificate.empty())
        return feed.fail(lease, tr("the lease has no provider with a registered certificate"));
    if (!identity) return feed.fail(lease, tr("%1 has no TLS certificate on this computer").arg(m_identity->name()));
    feed.open(lease, QUrl(QString::fromStdString(provider->endpoint)), QSslCertificate(to_qbytearray(provider_account->certificate), QSsl::Der),
              *identity);
}

void NodeWorker::stop()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_node) {
        m_node->stop();
        // The helpers hold references to the node: they go first.
        m_order.reset();
        m_snapshots.reset();
        m_certificates.reset();
        m_identity.reset();
        m_node.reset();
    }
    QThread::currentThread()->quit();
}

} // namespace berth::gui
