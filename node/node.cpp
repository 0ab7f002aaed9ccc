#include "node.h"

#include "devnet.h"
#include "keystore.h"
#include "logging.h"
#include "auditoragent.h"
#include "provideragent.h"
#include "tenantagent.h"
#include "rpcserver.h"
#include "storeerror.h"

#include <decoder.h>

#include <QDateTime>
#include <QDir>
#include <QLockFile>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <algorithm>
#include <stdexcept>

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
    : QObject(parent), m_config(std::move(config)), m_mempool(m_config.mempool_capacity), m_verifier(m_config.verify_threads)
{
    m_block_timer.setTimerType(Qt::PreciseTimer);
}

Node::~Node()
{
    stop();
}

std::optional<Address> Node::named(const QString& name) const
{
    auto it = m_genesis.names.find(name);
    if (it == m_genesis.names.end()) return std::nullopt;
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

    if (m_config.run_agents) m_tenant = std::make_unique<TenantAgent>(*this);
    if (is_producer()) {
        if (m_config.run_agents) start_devnet_agents();
        connect(&m_block_timer, &QTimer::timeout, this, &Node::produce_block);
        m_block_timer.start(static_cast<int>(m_ledger->params().block_ms));
        qCInfo(lcNode) << "producing blocks every" << m_ledger->params().block_ms << "ms from height" << m_tip.height;
    } else {
        connect(&m_block_timer, &QTimer::timeout, this, &Node::poll_producer);
        m_block_timer.start(static_cast<int>(std::max<std::uint64_t>(m_ledger->params().block_ms / 2, 50)));
        qCInfo(lcNode) << "following" << m_config.follow.toString() << "from height" << m_tip.height;
    }
}

void Node::start_devnet_agents()
{
    for (const Genesis::Provider& p : m_genesis.genesis.providers) {
        const QString name = QString::fromStdString(p.name);
        if (m_genesis.names.value(name) != p.address) continue;
        ProviderAgent::Options options;
        options.allow_commands = m_config.allow_command_workloads;
        options.workload_program = m_config.workload_program;
        if (name == m_config.faulty_provider) {
            options.fail_after_s = m_config.faulty_after_s;
            qCWarning(lcNode).noquote() << name << "is faulty: its workloads die" << m_config.faulty_after_s << "s after they start";
        }
        m_agents.push_back(std::make_unique<ProviderAgent>(*this, name, Devnet::demo_key(name), options));
    }
    for (auto it = m_genesis.names.begin(); it != m_genesis.names.end(); ++it)
        if (std::count(m_genesis.genesis.auditors.begin(), m_genesis.genesis.auditors.end(), it.value()))
            m_auditors.push_back(std::make_unique<AuditorAgent>(*this, it.key(), Devnet::demo_key(it.key())));
}

void Node::stop()
{
    if (m_stopped) return;
    m_stopped = true;
    m_block_timer.stop();
    m_tenant.reset();
    m_auditors.clear();
    m_agents.clear();
    m_rpc.reset();
}

void Node::open_chain()
{
    const QString genesis_path = QDir(m_config.datadir).filePath(QStringLiteral("genesis.json"));
    if (QFile::exists(genesis_path)) {
        m_genesis = GenesisFile::load(genesis_path);
    } else if (!is_producer()) {
        m_genesis = GenesisFile::from_json(fetch_from_producer(QStringLiteral("/genesis")));
        m_genesis.save(genesis_path);
    } else if (m_config.devnet) {
        m_genesis = Devnet::create(m_config.demo_providers, m_config.block_ms, wall_clock_ms(), m_config.devnet_params);
        // Demo keys first: a crash before genesis.json exists just redoes this on the next start.
        Keystore keys(QDir(m_config.datadir).filePath(QStringLiteral("keys")), Keystore::min_scrypt_n);
        for (const QString& name : m_genesis.names.keys())
            if (!keys.address(name)) keys.import_seed(name, Devnet::demo_key(name).seed(), QString::fromLatin1(Devnet::demo_passphrase));
        m_genesis.save(genesis_path);
        qCInfo(lcNode) << "created a devnet genesis with" << m_genesis.genesis.providers.size() << "providers in" << genesis_path;
    } else {
        throw std::invalid_argument("no genesis.json in " + m_config.datadir.toStdString() + ": start with --devnet to create one, or --follow a node");
    }
    if (is_producer()) {
        if (!m_config.devnet) throw std::invalid_argument("a block-producing node must run the devnet (--devnet); other nodes --follow it");
        m_producer_key = Devnet::demo_key(QString::fromLatin1(Devnet::producer_name));
        if (m_producer_key->public_key() != m_genesis.producer)
            throw std::invalid_argument("this data directory's genesis names another block producer");
    }

    m_store = std::make_unique<Store>(QDir(m_config.datadir).filePath(QStringLiteral("chain.sqlite")));
    if (!m_store->has_genesis()) {
        m_ledger = std::make_unique<Ledger>(m_genesis.genesis.build_state());
        Block genesis_block;
        genesis_block.header.height = 0;
        genesis_block.header.timestamp_ms = m_genesis.genesis.timestamp_ms;
        genesis_block.header.prev_hash = m_genesis.genesis.hash();
        genesis_block.header.state_root = m_ledger->state_root();
        genesis_block.header.producer = m_genesis.producer;
        if (m_producer_key) {
            genesis_block.header.sign(*m_producer_key);
        } else {
            // A follower takes the producer's signature over the genesis block it built itself.
            const QByteArray raw = fetch_from_producer(QStringLiteral("/blocks/0/raw"));
            const BlockHeader theirs = Block::decode(ByteView(reinterpret_cast<const std::uint8_t*>(raw.constData()), static_cast<std::size_t>(raw.size()))).header;
            genesis_block.header.signature = theirs.signature;
            if (theirs != genesis_block.header || !theirs.verify_signature())
                throw std::runtime_error("the producer's genesis block does not match its genesis file");
        }
        m_store->write_genesis(genesis_block, m_ledger->state().all_objects());
        m_tip = genesis_block.header;
        return;
    }
    try {
        m_ledger = std::make_unique<Ledger>(State::from_objects(m_store->load_state()));
    } catch (const DecodeError& e) {
        throw StoreError(std::string("the stored state is corrupt: ") + e.what());
    }
    const auto tip = m_store->tip();
    if (!tip || tip->height != m_ledger->height() || tip->state_root != m_ledger->state_root())
        throw StoreError("the stored state does not match the last stored block; the data directory is inconsistent");
    m_tip = *tip;
    qCInfo(lcNode) << "loaded the chain at height" << m_tip.height << "state root" << QString::fromStdString(m_tip.state_root.hex());
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
    if (!is_producer()) return not_producer();
    auto rejection = m_mempool.add(tx, *m_ledger);
    if (!rejection) remember(tx.id(), TxStatus{TxStatus::Kind::Pending, 0, {}, {}, 0});
    return rejection;
}

std::vector<std::optional<Rejection>> Node::submit_batch(std::span<const Transaction> txs)
{
    if (!is_producer()) return std::vector<std::optional<Rejection>>(txs.size(), not_producer());
    std::vector<std::optional<Rejection>> answers = m_mempool.add_batch(txs, *m_ledger, m_verifier);
    for (std::size_t i = 0; i < txs.size(); ++i)
        if (!answers[i]) remember(txs[i].id(), TxStatus{TxStatus::Kind::Pending, 0, {}, {}, 0});
    return answers;
}

TxStatus Node::status(const Hash256& id)
{
    auto it = m_statuses.find(id);
    if (it != m_statuses.end()) return it->second;
    if (auto location = m_store->find_transaction(id)) return TxStatus{TxStatus::Kind::Included, location->height, {}, {}, 0};
    return {};
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
    if (m_stopped) return;
    const std::vector<Transaction> candidates = m_mempool.take(m_config.max_block_transactions);
    const std::uint64_t height = m_tip.height + 1;
    const std::uint64_t timestamp = std::max(wall_clock_ms(), m_tip.timestamp_ms + 1);
    BlockOutcome outcome;
    try {
        // The mempool verified every signature on arrival.
        outcome = m_ledger->apply_block(height, timestamp, candidates, Ledger::SignatureCheck::AlreadyVerified);
    } catch (const std::exception& e) {
        fail(QStringLiteral("block %1 could not be applied: %2").arg(height).arg(QString::fromUtf8(e.what())));
        return;
    }
    Block block;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const Receipt& r = outcome.receipts[i];
        if (r.ok()) {
            block.transactions.push_back(candidates[i]);
            remember(r.tx_id, TxStatus{TxStatus::Kind::Included, height, {}, {}, r.created_job});
        } else {
            remember(r.tx_id, TxStatus{TxStatus::Kind::Rejected, height, std::string(error_code_name(*r.error)), r.message, 0});
        }
    }
    block.header.height = height;
    block.header.timestamp_ms = timestamp;
    block.header.prev_hash = m_tip.hash();
    block.header.tx_root = Block::transaction_root(block.transactions);
    block.header.state_root = outcome.state_root;
    block.header.sign(*m_producer_key);
    commit(block, outcome);
}

void Node::commit(const Block& block, const BlockOutcome& outcome)
{
    try {
        m_store->commit_block(block, outcome);
    } catch (const StoreError& e) {
        // Memory is now ahead of disk: stop, and let a restart resume from the last committed block.
        fail(QStringLiteral("cannot commit block %1: %2").arg(block.header.height).arg(QString::fromUtf8(e.what())));
        return;
    }
    m_tip = block.header;
    const std::size_t before = m_mempool.size();
    m_mempool.resync(*m_ledger);
    if (m_mempool.size() != before)
        qCInfo(lcNode) << before - m_mempool.size() << "pending transactions dropped: their nonces are no longer next";
    Q_EMIT blockCommitted(block.header, outcome.events);
}

void Node::poll_producer()
{
    if (m_stopped || m_poll_in_flight) return;
    if (!m_network) m_network = new QNetworkAccessManager(this);
    m_poll_in_flight = true;
    QUrl url = m_config.follow.resolved(QUrl(QStringLiteral("/blocks/%1/raw").arg(m_tip.height + 1)));
    QNetworkReply* reply = m_network->get(QNetworkRequest(url));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        m_poll_in_flight = false;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() == QNetworkReply::NoError && status == 200) {
            accept_followed_block(reply->readAll());
            if (!m_stopped) QTimer::singleShot(0, this, &Node::poll_producer);
        } else if (status != 404) {
            qCWarning(lcNode) << "cannot reach the producer:" << reply->errorString();
        }
    });
}

void Node::accept_followed_block(const QByteArray& body)
{
    Block block;
    try {
        block = Block::decode(ByteView(reinterpret_cast<const std::uint8_t*>(body.constData()), static_cast<std::size_t>(body.size())));
    } catch (const DecodeError& e) {
        fail(QStringLiteral("the producer sent a malformed block: %1").arg(QString::fromUtf8(e.what())));
        return;
    }
    const BlockHeader& h = block.header;
    QString refusal;
    if (h.height != m_tip.height + 1) refusal = QStringLiteral("it is not the next height");
    else if (h.producer != m_genesis.producer) refusal = QStringLiteral("it was produced by a key other than the genesis producer");
    else if (!h.verify_signature()) refusal = QStringLiteral("its producer signature is invalid");
    else if (h.prev_hash != m_tip.hash()) refusal = QStringLiteral("it does not extend this node's chain");
    else if (h.tx_root != Block::transaction_root(block.transactions)) refusal = QStringLiteral("its transaction root is wrong");
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
        if (!r.ok()) {
            fail(QStringLiteral("refusing block %1: it includes a transaction the ledger rejects (%2)").arg(h.height).arg(QString::fromStdString(r.message)));
            return;
        }
    if (outcome.state_root != h.state_root) {
        fail(QStringLiteral("refusing block %1: replaying it gives state root %2, the header says %3")
                 .arg(h.height).arg(QString::fromStdString(outcome.state_root.hex()), QString::fromStdString(h.state_root.hex())));
        return;
    }
    commit(block, outcome);
}

void Node::fail(const QString& message)
{
    qCCritical(lcNode).noquote() << message;
    stop();
    Q_EMIT fatalError(message);
}

} // namespace berth
