#include "nodeworker.h"

#include <devnet.h>
#include <node.h>
#include <transaction.h>

#include <QThread>

#include <exception>
#include <set>

namespace berth::gui {

NodeWorker::NodeWorker(NodeConfig config, const QString& identity)
    : m_config(std::move(config)), m_identity(identity), m_owner(Address::of(Devnet::demo_key(identity).public_key()))
{
}

NodeWorker::~NodeWorker() = default;

BlockSummary NodeWorker::summary(const BlockHeader& header) const
{
    BlockSummary s;
    s.height = header.height;
    s.time_ms = header.timestamp_ms;
    s.state_root = QString::fromStdString(header.state_root.hex());
    s.mempool_size = m_node->mempool_size();
    return s;
}

void NodeWorker::start()
{
    if (m_node) return;
    try {
        auto node = std::make_unique<Node>(m_config);
        node->start();
        m_node = std::move(node);
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromStdString(e.what()));
        return;
    }
    m_node_thread.store(m_node->thread());
    connect(m_node.get(), &Node::blockCommitted, this, &NodeWorker::on_block);
    connect(m_node.get(), &Node::fatalError, this, &NodeWorker::failed);

    NodeSnapshot snapshot;
    snapshot.block = summary(m_node->tip());
    const State& state = m_node->ledger().state();
    snapshot.providers.reserve(state.providers.size());
    for (const auto& [address, provider] : state.providers.rows())
        snapshot.providers.push_back(ProviderRow::from(address, provider, state.accounts.find(address)));
    // A one-time scan at start-up; after that only the jobs a block's events name are resent.
    for (const auto& [id, job] : state.jobs.rows())
        if (job.owner == m_owner) snapshot.leases.push_back(LeaseRow::from(job, state));
    snapshot.chain_id = QString::fromStdString(m_node->ledger().params().chain_id);
    snapshot.block_ms = m_node->ledger().params().block_ms;
    snapshot.data_directory = m_config.datadir;
    snapshot.rpc_url = m_node->rpc_url().toString();
    Q_EMIT started(snapshot);
}

void NodeWorker::on_block(const BlockHeader& header, const std::vector<Event>& events)
{
    BlockDelta delta;
    delta.block = summary(header);
    delta.events.reserve(events.size());
    // A provider row changes only through events that name it, as the event's account or its
    // "provider" field; those are the rows to resend, never the whole registry.
    std::set<Address> touched;
    std::set<JobId> touched_jobs;
    for (const Event& event : events) {
        if (event.job != 0) touched_jobs.insert(event.job);
        delta.events.push_back(EventRow::from(header.height, event));
        if (!event.account.is_null()) touched.insert(event.account);
        if (const auto provider = Address::parse(event.field("provider"))) touched.insert(*provider);
    }
    const State& state = m_node->ledger().state();
    for (const Address& address : touched)
        if (const Provider* provider = state.providers.find(address))
            delta.changed_providers.push_back(ProviderRow::from(address, *provider, state.accounts.find(address)));
    for (const JobId id : touched_jobs)
        if (const Job* job = state.jobs.find(id); job && job->owner == m_owner) delta.changed_leases.push_back(LeaseRow::from(*job, state));
    Q_EMIT blockApplied(delta);
}

void NodeWorker::submit(const QByteArray& encoded_transaction)
{
    if (!m_node) {
        Q_EMIT submitted(QString(), QStringLiteral("unavailable"), tr("The node is not running."));
        return;
    }
    try {
        const Transaction tx = Transaction::decode(ByteView(reinterpret_cast<const std::uint8_t*>(encoded_transaction.constData()),
                                                            static_cast<std::size_t>(encoded_transaction.size())));
        const QString id = QString::fromStdString(tx.id().hex());
        if (const auto rejection = m_node->submit(tx))
            Q_EMIT submitted(id, QString::fromStdString(rejection->code), QString::fromStdString(rejection->message));
        else
            Q_EMIT submitted(id, QString(), QString());
    } catch (const std::exception& e) {
        Q_EMIT submitted(QString(), QStringLiteral("malformed"), QString::fromStdString(e.what()));
    }
}

void NodeWorker::lease_action(JobId job, const Amount& amount)
{
    const QString lease_id = QString::number(job);
    if (!m_node) {
        Q_EMIT leaseActionDone(lease_id, QStringLiteral("unavailable"), tr("The node is not running."));
        return;
    }
    try {
        const PrivateKey key = Devnet::demo_key(m_identity);
        tx::Payload payload = amount > 0 ? tx::Payload(tx::DepositEscrow{job, amount}) : tx::Payload(tx::CloseLease{job});
        const Transaction tx = Transaction::make(m_node->ledger().params().chain_id, key, m_node->next_nonce(m_owner), std::move(payload));
        if (const auto rejection = m_node->submit(tx))
            Q_EMIT leaseActionDone(lease_id, QString::fromStdString(rejection->code), QString::fromStdString(rejection->message));
        else
            Q_EMIT leaseActionDone(lease_id, QString(), QString());
    } catch (const std::exception& e) {
        Q_EMIT leaseActionDone(lease_id, QStringLiteral("internal"), QString::fromStdString(e.what()));
    }
}

void NodeWorker::stop()
{
    if (m_node) {
        m_node->stop();
        m_node.reset();
    }
    QThread::currentThread()->quit();
}

} // namespace berth::gui
