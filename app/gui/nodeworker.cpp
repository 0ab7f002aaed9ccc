#include "nodeworker.h"

#include <devnet.h>
#include <manifest.h>
#include <manifeststore.h>
#include <matchingengine.h>
#include <tlsidentity.h>
#include <node.h>
#include <transaction.h>

#include <qtbytes.h>

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
    if (TenantAgent* tenant = m_node->tenant()) connect(tenant, &TenantAgent::uploadProgress, this, &NodeWorker::uploadProgress);

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
    follow_order(header);
}

PrivateKey NodeWorker::signing_key() const { return Devnet::demo_key(m_identity); }

void NodeWorker::ensure_certificate(const PrivateKey& key)
{
    const QString& datadir = m_config.datadir;
    std::optional<TlsIdentity> identity = TlsIdentity::find(datadir, m_owner);
    const Account* account = m_node->ledger().state().accounts.find(m_owner);
    if (identity && account && account->certificate == to_bytes(identity->der())) return;
    if (!identity) {
        identity = TlsIdentity::generate(m_owner);
        identity->save(datadir, m_identity);
    }
    const QByteArray der = identity->der();
    const Transaction tx = Transaction::make(m_node->ledger().params().chain_id, key, m_node->next_nonce(m_owner),
                                             tx::PublishCertificate{to_bytes(der)});
    if (const auto rejection = m_node->submit(tx))
        throw std::runtime_error("the certificate was refused (" + rejection->code + "): " + rejection->message);
}

void NodeWorker::create_order(const OrderRequest& request)
{
    if (!m_node) {
        Q_EMIT orderSubmitted(QStringLiteral("unavailable"), tr("The node is not running."));
        return;
    }
    try {
        Manifest::parse(request.manifest);
        const Hash256 manifest_hash = ManifestStore(ManifestStore::user_directory(m_config.datadir)).save(request.manifest);
        const PrivateKey key = signing_key();
        // The provider will only take the manifest over mTLS from the certificate the chain holds for us.
        ensure_certificate(key);
        tx::CreateOrder order{request.instance_type.toStdString(), request.replicas, request.max_price_per_s, manifest_hash, std::string(),
                              request.deposit};
        const Transaction tx = Transaction::make(m_node->ledger().params().chain_id, key, m_node->next_nonce(m_owner), std::move(order));
        if (const auto rejection = m_node->submit(tx)) {
            Q_EMIT orderSubmitted(QString::fromStdString(rejection->code), QString::fromStdString(rejection->message));
            return;
        }
        m_pending_order = tx.id();
        m_tracked_job = 0;
        Q_EMIT orderSubmitted(QString(), QString());
    } catch (const ManifestError& e) {
        Q_EMIT orderSubmitted(QStringLiteral("invalid_manifest"), QString::fromUtf8(e.what()));
    } catch (const std::exception& e) {
        Q_EMIT orderSubmitted(QStringLiteral("internal"), QString::fromUtf8(e.what()));
    }
}

void NodeWorker::follow_order(const BlockHeader& header)
{
    if (m_pending_order) {
        const TxStatus status = m_node->status(*m_pending_order);
        if (status.kind == TxStatus::Kind::Rejected) {
            m_pending_order.reset();
            Q_EMIT orderSubmitted(QString::fromStdString(status.code), QString::fromStdString(status.message));
        } else if (status.kind == TxStatus::Kind::Included && status.created_job != 0) {
            m_pending_order.reset();
            m_tracked_job = status.created_job;
            if (TenantAgent* tenant = m_node->tenant()) tenant->upload_when_ready(m_tracked_job);
            Q_EMIT orderCreated(m_tracked_job);
        }
    }
    if (m_tracked_job == 0) return;
    const Job* job = m_node->ledger().state().jobs.find(m_tracked_job);
    if (!job) return;
    Q_EMIT orderProgress(progress_of(*job, header.height));
    // Past confirmation the Leases page follows it; the wizard needs nothing more.
    if (job->is_final() || job->state == JobState::DeploymentConfirmed) m_tracked_job = 0;
}

OrderProgress NodeWorker::progress_of(const Job& job, std::uint64_t height) const
{
    const State& state = m_node->ledger().state();
    const auto name_of = [&state](const Address& address) {
        const Provider* provider = state.providers.find(address);
        return provider ? QString::fromStdString(provider->name) : QString::fromStdString(address.str());
    };
    OrderProgress progress;
    progress.job = job;
    progress.height = height;
    if (!job.provider.is_null()) progress.provider_name = name_of(job.provider);
    std::set<Address> bidders;
    for (const Bid& bid : job.bids) {
        bidders.insert(bid.provider);
        progress.bids.push_back(OrderProviderRow{QString::fromStdString(bid.provider.str()), name_of(bid.provider), bid.price_per_s, QString()});
    }
    if (job.state != JobState::ProviderLookup) return progress;
    // "Why no bids": every provider that has not bid, with the matching rule that keeps it out.
    const MatchingEngine engine(state);
    for (const auto& [address, provider] : state.providers.rows()) {
        if (bidders.count(address) != 0) continue;
        const auto offer = provider.offers.find(job.instance_type);
        const Amount price = offer == provider.offers.end() ? Amount(0) : offer->second.price_per_s * job.replicas;
        const auto why = engine.ineligibility(job, address, price);
        ++progress.excluded_total;
        if (progress.excluded.size() < OrderProgress::max_excluded_rows)
            progress.excluded.push_back(OrderProviderRow{QString::fromStdString(address.str()), QString::fromStdString(provider.name), price,
                                                         why ? QString::fromUtf8(why->what()) : tr("eligible, has not bid yet")});
    }
    return progress;
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

void NodeWorker::lease_action(JobId job, const tx::Payload& payload)
{
    const QString lease_id = QString::number(job);
    if (!m_node) {
        Q_EMIT leaseActionDone(lease_id, QStringLiteral("unavailable"), tr("The node is not running."));
        return;
    }
    try {
        const PrivateKey key = signing_key();
        const Transaction tx = Transaction::make(m_node->ledger().params().chain_id, key, m_node->next_nonce(m_owner), payload);
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
