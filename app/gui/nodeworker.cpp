#include "nodeworker.h"

#include "leaselogfeed.h"

#include <devnet.h>
#include <keystore.h>
#include <manifest.h>
#include <manifeststore.h>
#include <matchingengine.h>
#include <node.h>
#include <qtbytes.h>
#include <tlsidentity.h>

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QThread>

#include <exception>
#include <stdexcept>

namespace berth::gui {

namespace {

/** How many past events of the identity the wallet's history starts with. */
constexpr std::size_t history_seed = 200;

QString keystore_code(const KeystoreError& e)
{
    switch (e.code()) {
    case KeystoreError::Code::InvalidName: return QStringLiteral("invalid_name");
    case KeystoreError::Code::NameExists: return QStringLiteral("name_exists");
    case KeystoreError::Code::UnknownName: return QStringLiteral("unknown_name");
    case KeystoreError::Code::WrongPassphrase: return QStringLiteral("wrong_passphrase");
    case KeystoreError::Code::Malformed: return QStringLiteral("malformed");
    case KeystoreError::Code::InvalidParameter: return QStringLiteral("invalid_parameter");
    case KeystoreError::Code::Io: return QStringLiteral("io");
    case KeystoreError::Code::Crypto: return QStringLiteral("crypto");
    }
    return QStringLiteral("keystore");
}

} // namespace

NodeWorker::NodeWorker(NodeConfig config, const QString& identity) : m_config(std::move(config)), m_identity(identity) {}

NodeWorker::~NodeWorker() = default;

Keystore NodeWorker::keystore() const { return Keystore(QDir(m_config.datadir).filePath(QStringLiteral("keys"))); }

bool NodeWorker::is_demo(const QString& name, const Address& address) const
{
    // Only the devnet's own accounts, under their own names, unlock with its public passphrase.
    return m_config.devnet && m_node && m_node->genesis().names.value(name) == address;
}

const PrivateKey& NodeWorker::signing_key() const
{
    if (!m_key) throw std::runtime_error("the account " + m_identity.toStdString() + " is locked");
    return *m_key;
}

std::optional<Rejection> NodeWorker::sign_and_submit(tx::Payload payload, Hash256* id)
{
    if (!m_node) throw std::runtime_error("the node is not running");
    const PrivateKey& key = signing_key();
    const Transaction tx = Transaction::make(m_node->ledger().params().chain_id, key, m_node->next_nonce(m_owner), std::move(payload));
    if (id) *id = tx.id();
    return m_node->submit(tx);
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

void NodeWorker::adopt(const QString& name, const QString& passphrase)
{
    const Keystore keys = keystore();
    const std::optional<Address> address = keys.address(name);
    if (!address) throw KeystoreError(KeystoreError::Code::UnknownName, "there is no key named " + name.toStdString());
    const bool demo = is_demo(name, *address);
    const QString secret = passphrase.isEmpty() && demo ? QString::fromLatin1(Devnet::demo_passphrase) : passphrase;
    PrivateKey key = keys.unlock(name, secret);
    m_key.emplace(std::move(key));
    m_identity = name;
    m_owner = *address;
    refresh_certificate_files();
}

IdentityRow NodeWorker::identity_row() const
{
    IdentityRow row = IdentityRow::from(m_identity, m_owner, m_node->ledger().state());
    row.demo = is_demo(m_identity, m_owner);
    row.certificate_files = m_certificate_files;
    row.certificate_pending = m_pending_certificate && m_pending_certificate->address == m_owner;
    return row;
}

IdentitySnapshot NodeWorker::identity_snapshot()
{
    IdentitySnapshot snapshot;
    const State& state = m_node->ledger().state();
    snapshot.identity = identity_row();
    snapshot.now_ms = m_node->tip().timestamp_ms;
    // A scan on start-up and on a switch only; after that a block resends just the jobs it touched.
    m_served.clear();
    for (const auto& [id, job] : state.jobs.rows()) {
        if (job.owner == m_owner) snapshot.leases.push_back(LeaseRow::from(job, state));
        if (job.provider == m_owner && !m_owner.is_null()) {
            snapshot.served.push_back(LeaseRow::from(job, state));
            m_served.insert(id);
        }
    }
    if (!m_owner.is_null())
        for (const StoredEvent& stored : m_node->store().account_events(m_owner, history_seed))
            if (auto row = HistoryRow::from(stored.height, stored.event, m_owner)) snapshot.history.push_back(std::move(*row));
    return snapshot;
}

QList<AccountRow> NodeWorker::accounts() const
{
    QList<AccountRow> out;
    const Keystore keys = keystore();
    for (const QString& name : keys.names()) {
        AccountRow row;
        row.name = name;
        if (const auto address = keys.address(name)) {
            row.address = QString::fromStdString(address->str());
            row.demo = is_demo(name, *address);
        }
        out.append(row);
    }
    return out;
}

void NodeWorker::refresh_certificate_files()
{
    m_certificate_files = false;
    if (!m_node) return;
    const Account* account = m_node->ledger().state().accounts.find(m_owner);
    if (!account || account->certificate.empty()) return;
    try {
        const auto local = TlsIdentity::load(m_config.datadir, m_identity);
        m_certificate_files = local && local->der() == to_qbytearray(account->certificate);
    } catch (const TlsIdentityError&) {
        // Corrupt files hold no usable certificate; the Settings page offers to create a new one.
    }
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
    if (TenantAgent* tenant = m_node->tenant()) {
        connect(tenant, &TenantAgent::uploadProgress, this, &NodeWorker::uploadProgress);
        // The identity's receipts go on chain with its own key, whatever key file it came from.
        tenant->set_key_source([this](const Address& owner) -> std::optional<PrivateKey> {
            if (m_key && owner == m_owner) return PrivateKey::from_seed(m_key->seed());
            return m_node->own_key(owner);
        });
    }

    try {
        adopt(m_identity, QString());
    } catch (const KeystoreError&) {
        // A locked or missing start-up identity: the pages show it empty, and Settings unlocks another one.
        m_key.reset();
        // No identity at all (a network joined before any key was made here) is no name.
        m_owner = Keystore::is_valid_name(m_identity) ? keystore().address(m_identity).value_or(Address()) : Address();
    }

    NodeSnapshot snapshot;
    snapshot.block = summary(m_node->tip());
    const State& state = m_node->ledger().state();
    snapshot.providers.reserve(state.providers.size());
    for (const auto& [address, provider] : state.providers.rows())
        snapshot.providers.push_back(ProviderRow::from(address, provider, state.accounts.find(address)));
    snapshot.identity = identity_snapshot();
    snapshot.accounts = accounts();
    snapshot.stake_per_job = m_node->ledger().params().stake_per_job;
    snapshot.chain_id = QString::fromStdString(m_node->ledger().params().chain_id);
    snapshot.block_ms = m_node->ledger().params().block_ms;
    snapshot.instance_types = m_node->ledger().params().instance_types;
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
        if (!m_owner.is_null())
            if (auto row = HistoryRow::from(header.height, event, m_owner)) delta.history.push_back(std::move(*row));
    }
    const State& state = m_node->ledger().state();
    for (const Address& address : touched)
        if (const Provider* provider = state.providers.find(address))
            delta.changed_providers.push_back(ProviderRow::from(address, *provider, state.accounts.find(address)));
    for (const JobId id : touched_jobs) {
        const Job* job = state.jobs.find(id);
        if (!job) continue;
        if (job->owner == m_owner) delta.changed_leases.push_back(LeaseRow::from(*job, state));
        // A job stays in the served list after a reassignment moved it away, so its row shows that.
        if ((job->provider == m_owner && !m_owner.is_null()) || m_served.contains(id)) {
            m_served.insert(id);
            delta.changed_served.push_back(LeaseRow::from(*job, state));
        }
    }
    save_published_certificate();
    delta.identity = identity_row();
    Q_EMIT blockApplied(delta);
    follow_order(header);
}

void NodeWorker::open_logs(LeaseLogFeed& feed, JobId lease)
{
    const Job* job = m_node ? m_node->ledger().state().jobs.find(lease) : nullptr;
    const Provider* provider = job ? m_node->ledger().state().providers.find(job->provider) : nullptr;
    const Account* provider_account = job ? m_node->ledger().state().accounts.find(job->provider) : nullptr;
    std::optional<TlsIdentity> identity;
    try {
        identity = TlsIdentity::find(m_config.datadir, m_owner);
    } catch (const TlsIdentityError&) {
    }
    if (!job || job->owner != m_owner) return feed.fail(lease, tr("lease %1 is not one of %2's").arg(lease).arg(m_identity));
    if (!provider || !provider_account || provider_account->certificate.empty())
        return feed.fail(lease, tr("the lease has no provider with a registered certificate"));
    if (!identity) return feed.fail(lease, tr("%1 has no TLS certificate on this computer").arg(m_identity));
    feed.open(lease, QUrl(QString::fromStdString(provider->endpoint)), QSslCertificate(to_qbytearray(provider_account->certificate), QSsl::Der), *identity);
}

void NodeWorker::ensure_certificate()
{
    const std::optional<TlsIdentity> identity = TlsIdentity::find(m_config.datadir, m_owner);
    const Account* account = m_node->ledger().state().accounts.find(m_owner);
    if (identity && account && account->certificate == to_bytes(identity->der())) return;
    if (m_pending_certificate && m_pending_certificate->address == m_owner) return; // already on its way
    CertificatePublication publication(m_owner);
    if (const auto rejection = sign_and_submit(publication.transaction()))
        throw std::runtime_error("the certificate was refused (" + rejection->code + "): " + rejection->message);
    m_pending_certificate.emplace(PendingCertificate{m_identity, m_owner, std::move(publication)});
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
        // The provider takes the manifest over mTLS only from the certificate the chain holds for us.
        ensure_certificate();
        tx::CreateOrder order{request.instance_type.toStdString(), request.replicas, request.max_price_per_s, manifest_hash, std::string(),
                              request.deposit};
        Hash256 id;
        if (const auto rejection = sign_and_submit(std::move(order), &id)) {
            Q_EMIT orderSubmitted(QString::fromStdString(rejection->code), QString::fromStdString(rejection->message));
            return;
        }
        m_pending_order = id;
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

void NodeWorker::save_published_certificate()
{
    if (!m_pending_certificate) return;
    const Account* account = m_node->ledger().state().accounts.find(m_pending_certificate->address);
    if (!account || !m_pending_certificate->publication.held_by(account->certificate)) return;
    const PendingCertificate pending = std::move(*m_pending_certificate);
    m_pending_certificate.reset();
    try {
        pending.publication.save(m_config.datadir, pending.name);
        if (pending.address == m_owner) refresh_certificate_files();
        Q_EMIT actionDone(QStringLiteral("certificate_saved"), QString(), QString());
    } catch (const TlsIdentityError& e) {
        Q_EMIT actionDone(QStringLiteral("certificate_saved"), QStringLiteral("certificate_error"), QString::fromStdString(e.what()));
    }
}

void NodeWorker::submit(const QByteArray& encoded_transaction)
{
    if (!m_node) {
        Q_EMIT submitted(QString(), QStringLiteral("unavailable"), tr("The node is not running."));
        return;
    }
    try {
        const Transaction tx = Transaction::decode(as_byte_view(encoded_transaction));
        const QString id = QString::fromStdString(tx.id().hex());
        if (const auto rejection = m_node->submit(tx))
            Q_EMIT submitted(id, QString::fromStdString(rejection->code), QString::fromStdString(rejection->message));
        else
            Q_EMIT submitted(id, QString(), QString());
    } catch (const std::exception& e) {
        Q_EMIT submitted(QString(), QStringLiteral("malformed"), QString::fromStdString(e.what()));
    }
}

std::pair<QString, QString> NodeWorker::try_submit(const tx::Payload& payload)
{
    try {
        if (const auto rejection = sign_and_submit(payload))
            return {QString::fromStdString(rejection->code), QString::fromStdString(rejection->message)};
        return {};
    } catch (const std::exception& e) {
        return {QStringLiteral("unavailable"), QString::fromStdString(e.what())};
    }
}

void NodeWorker::lease_action(JobId job, const tx::Payload& payload)
{
    const auto [code, message] = try_submit(payload);
    Q_EMIT leaseActionDone(QString::number(job), code, message);
}

void NodeWorker::send(const QString& action, const tx::Payload& payload)
{
    const auto [code, message] = try_submit(payload);
    Q_EMIT actionDone(action, code, message);
}

void NodeWorker::switch_identity(const QString& name, const QString& passphrase)
{
    if (!m_node) {
        Q_EMIT actionDone(QStringLiteral("switch"), QStringLiteral("unavailable"), tr("The node is not running."));
        return;
    }
    try {
        adopt(name, passphrase);
    } catch (const KeystoreError& e) {
        // The identity in use stays as it was.
        Q_EMIT actionDone(QStringLiteral("switch"), keystore_code(e), QString::fromStdString(e.what()));
        return;
    }
    Q_EMIT identitySwitched(identity_snapshot());
    Q_EMIT actionDone(QStringLiteral("switch"), QString(), QString());
}

void NodeWorker::add_account(const QString& action, const std::function<void(Keystore&)>& add)
{
    try {
        Keystore keys = keystore();
        add(keys);
    } catch (const KeystoreError& e) {
        Q_EMIT actionDone(action, keystore_code(e), QString::fromStdString(e.what()));
        return;
    }
    Q_EMIT accountsChanged(accounts());
    Q_EMIT actionDone(action, QString(), QString());
}

void NodeWorker::create_account(const QString& name, const QString& passphrase)
{
    add_account(QStringLiteral("create"), [&](Keystore& keys) { keys.create(name, passphrase); });
}

void NodeWorker::import_account(const QString& name, const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Q_EMIT actionDone(QStringLiteral("import"), QStringLiteral("io"), tr("Cannot read %1: %2").arg(path, file.errorString()));
        return;
    }
    const QByteArray contents = file.readAll();
    add_account(QStringLiteral("import"), [&](Keystore& keys) { keys.import_file(name, contents); });
}

void NodeWorker::export_account(const QString& name, const QString& path)
{
    QByteArray contents;
    try {
        contents = keystore().export_file(name);
    } catch (const KeystoreError& e) {
        Q_EMIT actionDone(QStringLiteral("export"), keystore_code(e), QString::fromStdString(e.what()));
        return;
    }
    // QSaveFile renames into place: a failed export leaves no half-written key file behind.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(contents) != contents.size() || !file.commit()) {
        Q_EMIT actionDone(QStringLiteral("export"), QStringLiteral("io"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
    Q_EMIT actionDone(QStringLiteral("export"), QString(), QString());
}

void NodeWorker::publish_certificate()
{
    try {
        if (!m_node) throw std::runtime_error("the node is not running");
        CertificatePublication publication(m_owner);
        if (const auto rejection = sign_and_submit(publication.transaction())) {
            Q_EMIT actionDone(QStringLiteral("certificate"), QString::fromStdString(rejection->code), QString::fromStdString(rejection->message));
            return;
        }
        m_pending_certificate.emplace(PendingCertificate{m_identity, m_owner, std::move(publication)});
        Q_EMIT actionDone(QStringLiteral("certificate"), QString(), QString());
    } catch (const std::exception& e) {
        Q_EMIT actionDone(QStringLiteral("certificate"), QStringLiteral("certificate_error"), QString::fromStdString(e.what()));
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
