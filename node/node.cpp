#include "node.h"

#include "devnet.h"
#include "etcdordering.h"
#include "keystore.h"
#include "localsequencer.h"
#include "logging.h"
#include "rpcfollower.h"
#include "rpcserver.h"
#include "storeerror.h"

#include <decoder.h>

#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QLockFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <algorithm>
#include <stdexcept>
#include <tuple>

namespace berth {

static constexpr std::size_t max_remembered_statuses = 100000;

static Rejection not_producer()
{
    return Rejection{"not_producer", "this node follows another node; submit transactions to the producer"};
}

static std::uint64_t wall_clock_ms()
{
    return static_cast<std::uint64_t>(QDateTime::currentMSecsSinceEpoch());
}

Node::Node(NodeConfig config, QObject* parent)
    : QObject(parent), m_config(std::move(config)), m_mempool(m_config.mempool_capacity, m_config.mempool_per_sender),
      m_verifier(m_config.verify_threads),
      m_admission(
          m_verifier,
          [this](PreparedTransaction tx, const Transaction& submitted, bool signature_ok) {
              // A bad signature goes through the full check again, so that its answer names the
              // same first problem (duplicate, full pool, chain id) as submit() would.
              return admit(std::move(tx), submitted, signature_ok ? Ledger::SignatureCheck::AlreadyVerified : Ledger::SignatureCheck::Verify);
          },
          this)
{}

Node::~Node()
{
    stop();
}

std::optional<Address> Node::named(const QString& name) const
{
    auto it = m_roster.names.find(name);
    if (it == m_roster.names.end()) return std::nullopt;
    return it.value();
}

void Node::start()
{
    if (!QDir().mkpath(m_config.datadir)) throw std::runtime_error("cannot create the data directory " + m_config.datadir.toStdString());
    // Two nodes on one data directory would both write its chain; a crashed holder's lock is
    // stale (its process is gone) and is taken over.
    m_lock = std::make_unique<QLockFile>(QDir(m_config.datadir).filePath(QStringLiteral("node.lock")));
    m_lock->setStaleLockTime(0);
    if (!m_lock->tryLock(0)) {
        if (m_lock->error() != QLockFile::LockFailedError)
            throw std::runtime_error("cannot write in the data directory " + m_config.datadir.toStdString() +
                                     (m_lock->error() == QLockFile::PermissionError ? ": it is read-only" : ": it is not usable"));
        qint64 pid = 0;
        QString host, app;
        m_lock->getLockInfo(&pid, &host, &app);
        throw std::runtime_error("the data directory " + m_config.datadir.toStdString() + " is in use by another Berth node (" +
                                 app.toStdString() + ", pid " + std::to_string(pid) + ")");
    }
    open_chain();

    if (m_config.rpc_enabled) {
        m_rpc = std::make_unique<RpcServer>(*this);
        const quint16 port = m_rpc->listen(m_config.rpc_address, m_config.rpc_port);
        m_rpc_url = QUrl(QStringLiteral("http://%1:%2").arg(m_config.rpc_address.toString()).arg(port));
    }

    m_ordering = make_ordering();
    connect(m_ordering.get(), &Ordering::turn, this, &Node::take_turn);
    connect(m_ordering.get(), &Ordering::proposalDecided, this, &Node::on_proposal_decided);
    connect(m_ordering.get(), &Ordering::blockArrived, this, &Node::accept_followed_block);
    connect(m_ordering.get(), &Ordering::failed, this, &Node::fail);

    if (m_config.run_agents) m_agents = std::make_unique<NodeAgents>(*this);
    m_ordering->start(m_tip);
    switch (mode()) {
    case Mode::Devnet: qCInfo(lcNode) << "producing blocks every" << m_ledger->params().block_ms << "ms from height" << m_tip.height; break;
    case Mode::Follower: qCInfo(lcNode) << "following" << m_config.follow.toString() << "from height" << m_tip.height; break;
    case Mode::Network:
        qCInfo(lcNode).noquote() << "member of network" << QString::fromStdString(m_ledger->params().chain_id) << "from height" << m_tip.height
                                 << (m_producer_key ? "as a producer" : "as a follower");
        break;
    }
}

Node::Mode Node::mode() const
{
    if (!m_config.network_genesis.isEmpty()) return Mode::Network;
    return m_config.follow.isEmpty() ? Mode::Devnet : Mode::Follower;
}

std::unique_ptr<Ordering> Node::make_ordering() const
{
    const std::uint64_t block_ms = m_ledger->params().block_ms;
    switch (mode()) {
    case Mode::Devnet: return std::make_unique<LocalSequencer>(block_ms);
    case Mode::Follower: return std::make_unique<RpcFollower>(m_config.follow, block_ms);
    case Mode::Network: break;
    }
    EtcdOrdering::Options options;
    options.endpoints = m_config.etcd_endpoints;
    if (!m_config.etcd_ca_file.isEmpty() || !m_config.etcd_cert_file.isEmpty() || !m_config.etcd_key_file.isEmpty())
        options.tls = EtcdTls{m_config.etcd_ca_file, m_config.etcd_cert_file, m_config.etcd_key_file};
    options.chain_id = m_ledger->params().chain_id;
    options.block_ms = block_ms;
    if (m_producer_key) options.producer = m_producer_key->public_key();
    // A dead leader holds its turn until its lease runs out: a few blocks, at least etcd's minimum.
    options.leader_ttl_s = static_cast<qint64>(std::max<std::uint64_t>(2, (3 * block_ms + 999) / 1000));
    return std::make_unique<EtcdOrdering>(std::move(options));
}

std::optional<PrivateKey> Node::own_key(const Address& account) const
{
    if (mode() == Mode::Devnet) {
        // The devnet's demo users, whose keys come from public seeds.
        for (auto it = m_roster.names.begin(); it != m_roster.names.end(); ++it)
            if (it.value() == account) return Devnet::demo_key(it.key());
        return std::nullopt;
    }
    return m_agents ? m_agents->own_key(account) : std::nullopt;
}

void Node::stop()
{
    if (m_stopped) return;
    m_stopped = true;
    if (m_ordering) m_ordering->stop();
    if (m_agents) m_agents->stop();
    m_rpc.reset();
}

void Node::open_chain()
{
    const QString store_path = QDir(m_config.datadir).filePath(QStringLiteral("chain.sqlite"));
    // A store that holds its chain reopens without the genesis file, which may list a whole
    // market; a network member still checks the file it was given against the one it kept.
    if (mode() != Mode::Network && QFile::exists(store_path)) {
        m_store = std::make_unique<Store>(store_path);
        if (m_store->has_genesis())
            if (const auto roster = m_store->genesis_roster()) {
                m_roster = GenesisRoster::from_json(QByteArray::fromStdString(*roster));
                open_producer_key();
                load_ledger();
                return;
            }
    }
    const GenesisFile genesis = read_genesis();
    m_roster = GenesisRoster::of(genesis);
    open_producer_key();
    if (!m_store) m_store = std::make_unique<Store>(store_path);
    if (m_store->has_genesis()) {
        m_store->set_genesis_roster(m_roster.to_json().toStdString());
        load_ledger();
        return;
    }
    m_ledger = std::make_unique<Ledger>(genesis.genesis.build_state());
    Block genesis_block;
    genesis_block.header.height = 0;
    genesis_block.header.timestamp_ms = genesis.genesis.timestamp_ms;
    genesis_block.header.prev_hash = genesis.genesis.hash();
    genesis_block.header.state_root = m_ledger->state_root();
    if (mode() == Mode::Network) {
        // Every member builds a network's genesis block from the genesis file alike; no one signs it.
    } else if (m_producer_key) {
        genesis_block.header.producer = m_producer_key->public_key();
        genesis_block.header.sign(*m_producer_key);
    } else {
        genesis_block.header.producer = genesis.producers.front();
        // A follower takes the producer's signature over the genesis block it built itself.
        const QByteArray raw = fetch_from_producer(QStringLiteral("/blocks/0/raw"));
        const BlockHeader theirs =
            Block::decode(ByteView(reinterpret_cast<const std::uint8_t*>(raw.constData()), static_cast<std::size_t>(raw.size()))).header;
        genesis_block.header.signature = theirs.signature;
        if (theirs != genesis_block.header || !theirs.verify_signature())
            throw std::runtime_error("the producer's genesis block does not match its genesis file");
    }
    m_store->write_genesis(genesis_block, *m_ledger, m_roster.to_json().toStdString());
    m_tip = genesis_block.header;
}

GenesisFile Node::read_genesis()
{
    const QString genesis_path = genesis_file_path();
    if (mode() == Mode::Network) {
        GenesisFile given = GenesisFile::load(m_config.network_genesis);
        if (QFile::exists(genesis_path)) {
            const GenesisFile kept = GenesisFile::load(genesis_path);
            if (kept.genesis.hash() != given.genesis.hash() || kept.producers != given.producers)
                throw std::invalid_argument("the data directory " + m_config.datadir.toStdString() + " holds another chain than " +
                                            m_config.network_genesis.toStdString());
        } else {
            given.save(genesis_path);
        }
        return given;
    }
    if (QFile::exists(genesis_path)) return GenesisFile::load(genesis_path);
    if (mode() == Mode::Follower) {
        GenesisFile fetched = GenesisFile::from_json(fetch_from_producer(QStringLiteral("/genesis")));
        fetched.save(genesis_path);
        return fetched;
    }
    if (!m_config.devnet)
        throw std::invalid_argument("no genesis.json in " + m_config.datadir.toStdString() +
                                    ": start with --devnet to create one, or --follow a node");
    GenesisFile created = Devnet::create(m_config.demo_providers, m_config.block_ms, wall_clock_ms(), m_config.devnet_params);
    // Demo keys first: a crash before genesis.json exists just redoes this on the next start.
    Keystore keys(QDir(m_config.datadir).filePath(QStringLiteral("keys")), Keystore::min_scrypt_n);
    for (const QString& name : created.names.keys())
        if (!keys.address(name)) keys.import_seed(name, Devnet::demo_key(name).seed(), QString::fromLatin1(Devnet::demo_passphrase));
    created.save(genesis_path);
    qCInfo(lcNode) << "created a devnet genesis with" << created.genesis.providers.size() << "providers in" << genesis_path;
    return created;
}

void Node::load_ledger()
{
    try {
        m_ledger = std::make_unique<Ledger>(m_store->load_ledger());
    } catch (const DecodeError& e) {
        throw StoreError(std::string("the stored state is corrupt: ") + e.what());
    }
    const auto tip = m_store->tip();
    if (!tip || tip->height != m_ledger->height() || tip->state_root != m_ledger->state_root())
        throw StoreError("the stored state does not match the last stored block; the data directory is inconsistent");
    m_tip = *tip;
    qCInfo(lcNode) << "loaded the chain at height" << m_tip.height << "state root" << QString::fromStdString(m_tip.state_root.hex());
}

QString Node::genesis_file_path() const
{
    return QDir(m_config.datadir).filePath(QStringLiteral("genesis.json"));
}

QByteArray Node::genesis_json() const
{
    QFile file(genesis_file_path());
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot read " + file.fileName().toStdString() + ": " + file.errorString().toStdString());
    return file.readAll();
}

void Node::open_producer_key()
{
    if (mode() == Mode::Devnet) {
        if (!m_config.devnet)
            throw std::invalid_argument("a block-producing node must run the devnet (--devnet), join a network (--network) or --follow a node");
        m_producer_key = Devnet::demo_key(QString::fromLatin1(Devnet::producer_name));
        if (!m_roster.may_produce(m_producer_key->public_key()))
            throw std::invalid_argument("this data directory's genesis names another block producer");
        return;
    }
    if (mode() != Mode::Network || m_config.producer_account.isEmpty()) return;
    Keystore keys(QDir(m_config.datadir).filePath(QStringLiteral("keys")));
    m_producer_key = keys.unlock(m_config.producer_account, m_config.passphrase);
    if (!m_roster.may_produce(m_producer_key->public_key()))
        throw std::invalid_argument("the key of '" + m_config.producer_account.toStdString() + "' (" + m_producer_key->public_key().hex() +
                                    ") is not one of the network's producers in its genesis");
}

QByteArray Node::fetch_from_producer(const QString& path)
{
    if (!m_network) m_network = new QNetworkAccessManager(this);
    QNetworkReply* reply = m_network->get(QNetworkRequest(m_config.follow.resolved(QUrl(path))));
    QEventLoop loop;
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    if (reply->error() != QNetworkReply::NoError)
        throw std::runtime_error("cannot fetch " + path.toStdString() + " from " + m_config.follow.toString().toStdString() + ": " +
                                 reply->errorString().toStdString());
    return reply->readAll();
}

std::optional<Rejection> Node::submit(const Transaction& tx)
{
    if (!m_ordering || !m_ordering->takes_transactions()) return not_producer();
    // A sender's transactions must reach the mempool in the order they were submitted.
    m_admission.admit_all();
    auto rejection = admit(PreparedTransaction(tx), tx, Ledger::SignatureCheck::Verify);
    note_evicted();
    return rejection;
}

void Node::submit_async(std::vector<Transaction> txs, AdmissionQueue::Answered answered)
{
    std::optional<Rejection> refusal;
    if (!m_ordering || !m_ordering->takes_transactions()) refusal = not_producer();
    // More than the mempool holds would wait for nothing but its turn to be refused, in memory.
    const std::size_t checking = m_admission.transactions();
    if (!refusal && checking + txs.size() > m_config.mempool_capacity)
        refusal = Rejection{"mempool_full", "the node is still checking " + std::to_string(checking) +
                                                " submitted transactions, and with these it would check more than its mempool holds "
                                                "(mempool_max_transactions " +
                                                std::to_string(m_config.mempool_capacity) + "); retry after the next block"};
    if (refusal) {
        std::vector<AdmissionQueue::Outcome> outcomes;
        for (const Transaction& tx : txs) outcomes.push_back({tx.id(), refusal});
        answered(std::move(outcomes));
        return;
    }
    m_admission.enqueue(std::move(txs), [this, answered = std::move(answered)](std::vector<AdmissionQueue::Outcome> outcomes) {
        note_evicted();
        answered(std::move(outcomes));
    });
}

std::optional<Rejection> Node::admit(PreparedTransaction tx, const Transaction& submitted, Ledger::SignatureCheck check)
{
    const Hash256 id = tx.id();
    auto rejection = m_mempool.add(std::move(tx), *m_ledger, check);
    if (!rejection) {
        remember(id, TxStatus{TxStatus::Kind::Pending, 0, {}, {}, 0});
        m_ordering->forward(submitted);
    }
    return rejection;
}

TxStatus Node::status(const Hash256& id)
{
    auto it = m_statuses.find(id);
    if (it != m_statuses.end()) return it->second;
    if (auto location = m_store->find_transaction(id)) {
        if (location->error.empty()) return TxStatus{TxStatus::Kind::Included, location->height, {}, {}, 0};
        return TxStatus{TxStatus::Kind::Rejected, location->height, location->error, location->message, 0};
    }
    return {};
}

TxStatus Node::status_of(const Receipt& receipt, std::uint64_t height)
{
    if (receipt.ok()) return TxStatus{TxStatus::Kind::Included, height, {}, {}, receipt.created_job};
    return TxStatus{TxStatus::Kind::Rejected, height, std::string(error_code_name(*receipt.error)), receipt.message, 0};
}

void Node::note_evicted()
{
    for (const Hash256& id : m_mempool.take_evicted())
        remember(id,
                 TxStatus{TxStatus::Kind::Rejected, m_tip.height, "mempool_evicted",
                          "the full mempool gave its place to a sender of higher standing or with fewer pending transactions; submit it again",
                          0});
}

void Node::remember(const Hash256& id, TxStatus status)
{
    auto [it, inserted] = m_statuses.insert_or_assign(id, std::move(status));
    if (inserted) m_status_order.push_back(id);
    while (m_status_order.size() > max_remembered_statuses) {
        m_statuses.erase(m_status_order.front());
        m_status_order.pop_front();
    }
}

void Node::produce_block()
{
    take_turn({});
}

void Node::take_turn(const std::vector<Transaction>& pool)
{
    if (m_stopped || m_proposal || !m_producer_key) return;
    // Transactions submitted to other nodes join this pool, each sender's in nonce order (the
    // ordering hands them over in any order); one that can never apply is done with.
    std::vector<const Transaction*> arrivals;
    for (const Transaction& tx : pool) arrivals.push_back(&tx);
    std::sort(arrivals.begin(), arrivals.end(),
              [](const Transaction* a, const Transaction* b) { return std::tie(a->sender, a->nonce) < std::tie(b->sender, b->nonce); });
    std::vector<Hash256> settled;
    for (const Transaction* arrival : arrivals) {
        const Transaction& tx = *arrival;
        if (m_ledger->precheck(tx))
            settled.push_back(tx.id());
        else
            m_mempool.add(tx, *m_ledger);
    }
    std::vector<PreparedTransaction> candidates = m_mempool.take(m_config.max_block_transactions, m_ordering->max_block_bytes());
    const std::uint64_t height = m_tip.height + 1;
    const std::uint64_t timestamp = m_tip.timestamp_ms + chain_time_step();
    Proposal proposal;
    try {
        // The mempool verified every signature on arrival.
        proposal.outcome = m_ledger->apply_block(height, timestamp, candidates, Ledger::SignatureCheck::AlreadyVerified);
    } catch (const std::exception& e) {
        fail(QStringLiteral("block %1 could not be applied: %2").arg(height).arg(QString::fromUtf8(e.what())));
        return;
    }
    Block& block = proposal.block;
    std::vector<Hash256> included_ids;
    included_ids.reserve(candidates.size());
    block.transactions.reserve(candidates.size());
    proposal.statuses.reserve(candidates.size());
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const Receipt& r = proposal.outcome.receipts[i];
        settled.push_back(r.tx_id);
        // A failed transaction is in the block too: its nonce is consumed, it cannot come back.
        if (r.included) {
            block.transactions.push_back(candidates[i].tx());
            included_ids.push_back(r.tx_id);
        }
        proposal.statuses.emplace_back(r.tx_id, status_of(r, height));
    }
    block.header.height = height;
    block.header.timestamp_ms = timestamp;
    block.header.prev_hash = m_tip.hash();
    block.header.tx_root = Block::transaction_root_of_ids(std::move(included_ids));
    block.header.state_root = proposal.outcome.state_root;
    block.header.sign(*m_producer_key);
    proposal.candidates = std::move(candidates);
    m_proposal = std::move(proposal);
    m_ordering->propose(m_proposal->block, settled);
}

std::uint64_t Node::chain_time_step() const
{
    // Chain time advances by the time that passed while the node ran: a node that was stopped,
    // or a machine that slept (the monotonic clock stands still in suspend), bills nothing and
    // runs no deadline for the gap. A stall longer than max_block_gap counts as that much.
    const std::uint64_t block_ms = m_ledger->params().block_ms;
    if (!m_since_tip.isValid()) return block_ms;
    const std::uint64_t max_gap = std::max<std::uint64_t>(max_block_gap_blocks * block_ms, 5000);
    return std::clamp<std::uint64_t>(static_cast<std::uint64_t>(m_since_tip.elapsed()), 1, max_gap);
}

void Node::on_proposal_decided(bool accepted, const QString& why)
{
    if (!m_proposal) return;
    Proposal proposal = std::move(*m_proposal);
    m_proposal.reset();
    if (!accepted) {
        // The ledger applied the block already: go back to the last committed state, and keep
        // the candidates pending for the block that did become the next one.
        qCInfo(lcNode).noquote() << "block" << proposal.block.header.height << "was not taken:" << why;
        try {
            *m_ledger = m_store->load_ledger();
        } catch (const std::exception& e) {
            fail(QStringLiteral("cannot reload the committed state: %1").arg(QString::fromUtf8(e.what())));
            return;
        }
        for (PreparedTransaction& tx : proposal.candidates) m_mempool.add(std::move(tx), *m_ledger);
        return;
    }
    for (auto& [id, status] : proposal.statuses) remember(id, std::move(status));
    commit(proposal.block, proposal.outcome);
}

void Node::commit(const Block& block, const BlockOutcome& outcome)
{
    try {
        m_store->commit_block(block, outcome, *m_ledger);
    } catch (const StoreError& e) {
        // Memory is now ahead of disk: stop, and let a restart resume from the last committed block.
        fail(QStringLiteral("cannot commit block %1: %2").arg(block.header.height).arg(QString::fromUtf8(e.what())));
        return;
    }
    m_tip = block.header;
    m_since_tip.restart();
    m_ordering->committed(m_tip);
    const std::size_t before = m_mempool.size();
    m_mempool.resync(*m_ledger);
    if (m_mempool.size() != before)
        qCInfo(lcNode) << before - m_mempool.size() << "pending transactions dropped: their nonces are no longer next";
    Q_EMIT blockCommitted(block.header, outcome.events);
}

void Node::accept_followed_block(const QByteArray& body)
{
    // This node's own proposal for the height is being decided; the ordering offers the block again.
    if (m_stopped || m_proposal) return;
    Block block;
    try {
        block = Block::decode(ByteView(reinterpret_cast<const std::uint8_t*>(body.constData()), static_cast<std::size_t>(body.size())));
    } catch (const DecodeError& e) {
        fail(QStringLiteral("the producer sent a malformed block: %1").arg(QString::fromUtf8(e.what())));
        return;
    }
    const BlockHeader& h = block.header;
    QString refusal;
    if (h.height != m_tip.height + 1)
        refusal = QStringLiteral("it is not the next height");
    else if (!m_roster.may_produce(h.producer))
        refusal = QStringLiteral("it was produced by a key that is not one of the genesis producers");
    else if (!h.verify_signature())
        refusal = QStringLiteral("its producer signature is invalid");
    else if (h.prev_hash != m_tip.hash())
        refusal = QStringLiteral("it does not extend this node's chain");
    else if (h.tx_root != Block::transaction_root(block.transactions))
        refusal = QStringLiteral("its transaction root is wrong");
    if (!refusal.isEmpty()) {
        fail(QStringLiteral("refusing block %1: %2").arg(h.height).arg(refusal));
        return;
    }
    // Signatures do not depend on the state: check them all at once on every core, then replay without.
    const std::vector<std::uint8_t> signed_ok = m_verifier.verify(block.transactions);
    const auto forged = std::find(signed_ok.begin(), signed_ok.end(), std::uint8_t{0});
    if (forged != signed_ok.end()) {
        fail(QStringLiteral("refusing block %1: its transaction %2 has a bad signature").arg(h.height).arg(forged - signed_ok.begin()));
        return;
    }
    // Replaying mutates the ledger, so a refusal after this point stops the node; a restart reloads the last good state.
    BlockOutcome outcome;
    try {
        outcome = m_ledger->apply_block(h.height, h.timestamp_ms, block.transactions, Ledger::SignatureCheck::AlreadyVerified);
    } catch (const std::exception& e) {
        fail(QStringLiteral("refusing block %1: %2").arg(h.height).arg(QString::fromUtf8(e.what())));
        return;
    }
    for (const Receipt& r : outcome.receipts)
        if (!r.included) {
            fail(QStringLiteral("refusing block %1: it includes a transaction the ledger cannot take (%2)")
                     .arg(h.height)
                     .arg(QString::fromStdString(r.message)));
            return;
        }
    if (outcome.state_root != h.state_root) {
        fail(QStringLiteral("refusing block %1: replaying it gives state root %2, the header says %3")
                 .arg(h.height)
                 .arg(QString::fromStdString(outcome.state_root.hex()), QString::fromStdString(h.state_root.hex())));
        return;
    }
    // Transactions submitted here and included by another producer are decided now.
    for (const Receipt& r : outcome.receipts)
        if (m_statuses.count(r.tx_id)) remember(r.tx_id, status_of(r, h.height));
    commit(block, outcome);
}

void Node::fail(const QString& message)
{
    qCCritical(lcNode).noquote() << message;
    stop();
    Q_EMIT fatalError(message);
}

} // namespace berth
