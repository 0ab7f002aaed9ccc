#pragma once

#include "genesisfile.h"
#include "mempool.h"
#include "nodeconfig.h"
#include "signatureverifier.h"
#include "store.h"

#include <block.h>
#include <ledger.h>
#include <privatekey.h>

#include <QObject>
#include <QTimer>
#include <QUrl>

#include <deque>
#include <map>
#include <memory>
#include <optional>

class QLockFile;
class QNetworkAccessManager;

namespace berth {

class RpcServer;
class ProviderAgent;
class AuditorAgent;
class TenantAgent;

/** What the node knows about a submitted transaction. */
struct TxStatus {
    enum class Kind { Unknown, Pending, Included, Rejected } kind = Kind::Unknown;
    std::uint64_t height = 0;
    std::string code;
    std::string message;
    JobId created_job = 0;
};

/**
 * The light node. It opens the SQLite store in the data directory, loads the state from it
 * (never replaying the chain), and then either produces a signed block every block_ms from
 * its mempool (the devnet sequencer) or follows another node's RPC, verifying and replaying
 * each block. It serves RPC and runs the in-process agents. Everything here runs on the
 * thread the node lives on; other threads reach it only through queued calls and signals.
 */
class Node : public QObject
{
    Q_OBJECT

public:
    explicit Node(NodeConfig config, QObject* parent = nullptr);
    ~Node() override;

    /** Opens the store and starts; throws (StoreError, std::invalid_argument, std::runtime_error) with a readable reason. */
    void start();
    void stop();

    const Ledger& ledger() const { return *m_ledger; }
    Store& store() { return *m_store; }
    const GenesisFile& genesis() const { return m_genesis; }
    const NodeConfig& config() const { return m_config; }
    const BlockHeader& tip() const { return m_tip; }
    std::size_t mempool_size() const { return m_mempool.size(); }
    /** The http:// base URL RPC listens on, or empty. */
    QUrl rpc_url() const { return m_rpc_url; }
    bool is_producer() const { return m_config.follow.isEmpty(); }
    /** The agent that uploads this node's accounts' manifests; null when agents are off. */
    TenantAgent* tenant() const { return m_tenant.get(); }

    /** Validates and queues a transaction; nullopt when accepted. */
    std::optional<Rejection> submit(const Transaction& tx);
    /** Validates and queues a batch in order, checking its signatures on every core; an answer per transaction. */
    std::vector<std::optional<Rejection>> submit_batch(std::span<const Transaction> txs);
    /** Applies the pending transactions as the next block and commits it; the block timer calls this every block_ms. */
    void produce_block();
    TxStatus status(const Hash256& id);
    /** The next nonce for a sender, counting its pending transactions. */
    std::uint64_t next_nonce(const Address& sender) const { return m_mempool.next_nonce(sender, *m_ledger); }
    /** The key of a devnet demo account by name (agents and the faucet sign with it). */
    std::optional<Address> named(const QString& name) const;

Q_SIGNALS:
    /** Emitted on the node's thread after a block is committed to disk. */
    void blockCommitted(const berth::BlockHeader& header, const std::vector<berth::Event>& events);
    /** The node hit an error it cannot continue from (disk full, a bad block from the producer). */
    void fatalError(const QString& message);

private:
    void open_chain();
    /** Startup-time fetch from the producer's RPC, for a follower; throws std::runtime_error. */
    QByteArray fetch_from_producer(const QString& path);
    void start_devnet_agents();
    void poll_producer();
    void accept_followed_block(const QByteArray& body);
    void commit(const Block& block, const BlockOutcome& outcome);
    void remember(const Hash256& id, TxStatus status);
    void fail(const QString& message);

    NodeConfig m_config;
    GenesisFile m_genesis;
    std::unique_ptr<QLockFile> m_lock;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Ledger> m_ledger;
    std::optional<PrivateKey> m_producer_key;
    BlockHeader m_tip;
    Mempool m_mempool;
    SignatureVerifier m_verifier;
    QTimer m_block_timer;
    QNetworkAccessManager* m_network = nullptr;
    bool m_poll_in_flight = false;
    std::unique_ptr<RpcServer> m_rpc;
    std::vector<std::unique_ptr<ProviderAgent>> m_agents;
    std::vector<std::unique_ptr<AuditorAgent>> m_auditors;
    std::unique_ptr<TenantAgent> m_tenant;
    QUrl m_rpc_url;
    std::map<Hash256, TxStatus> m_statuses;
    std::deque<Hash256> m_status_order;
    bool m_stopped = false;
};

} // namespace berth
