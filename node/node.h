#pragma once

#include "admissionqueue.h"
#include "genesisfile.h"
#include "genesisroster.h"
#include "mempool.h"
#include "nodeagents.h"
#include "nodeconfig.h"
#include "ordering.h"
#include "signatureverifier.h"
#include "store.h"

#include <block.h>
#include <ledger.h>
#include <privatekey.h>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <deque>
#include <memory>
#include <optional>
#include <unordered_map>

class QLockFile;
class QNetworkAccessManager;

namespace berth {

class RpcServer;

/** What the node knows about a submitted transaction. */
/**
 * What the node knows about a submitted transaction. Rejected with a height: included in that
 * block as a failure (its nonce consumed); rejected without one: left out of the chain.
 */
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
    /** Who may produce blocks and the well-known accounts' names, from the genesis. */
    const GenesisRoster& roster() const { return m_roster; }
    /** The genesis file as this node keeps it, for a node that follows it; throws std::runtime_error when it cannot be read. */
    QByteArray genesis_json() const;
    const NodeConfig& config() const { return m_config; }
    const BlockHeader& tip() const { return m_tip; }
    std::size_t mempool_size() const { return m_mempool.size(); }
    /** The http:// base URL RPC listens on, or empty. */
    QUrl rpc_url() const { return m_rpc_url; }
    /** How this node gets its blocks: it sequences the devnet, follows a node's RPC, or is a member of an etcd-ordered network. */
    enum class Mode { Devnet, Follower, Network };
    Mode mode() const;
    /** Whether this node signs blocks: the devnet's sequencer, or a network producer with its key. */
    bool is_producer() const { return m_producer_key.has_value(); }
    /** The ordering's view of the network (leader, members, whether this node is in step). */
    OrderingInfo ordering_info() const { return m_ordering ? m_ordering->info() : OrderingInfo{}; }
    /** The agent that uploads this node's accounts' manifests; null when agents are off. */
    TenantAgent* tenant() const { return m_agents ? m_agents->tenant() : nullptr; }

    /**
     * Validates and queues a transaction, checking its signature on this thread, after every
     * batch submit_async() queued before it; nullopt when accepted.
     */
    std::optional<Rejection> submit(const Transaction& tx);
    /**
     * Validates and queues a batch in order, behind the batches submitted before it, with its
     * signatures checked on every core while this thread goes on (AdmissionQueue); `answered`
     * hears on this thread what became of each transaction.
     */
    void submit_async(std::vector<Transaction> txs, AdmissionQueue::Answered answered);
    /** Admits every batch submit_async() queued, waiting for their signature checks. */
    void admit_submitted() { m_admission.admit_all(); }
    /** Builds the next block from the pending transactions and offers it to the ordering (the devnet commits it at once). */
    void produce_block();
    TxStatus status(const Hash256& id);
    /** The next nonce for a sender, counting its pending transactions. */
    std::uint64_t next_nonce(const Address& sender) const { return m_mempool.next_nonce(sender, *m_ledger); }
    /** The key of an account this node holds: a devnet demo account, or a network node's own key. */
    std::optional<PrivateKey> own_key(const Address& account) const;
    /** The key of a devnet demo account by name (agents and the faucet sign with it). */
    std::optional<Address> named(const QString& name) const;

Q_SIGNALS:
    /** Emitted on the node's thread after a block is committed to disk. */
    void blockCommitted(const berth::BlockHeader& header, const std::vector<berth::Event>& events);
    /** The node hit an error it cannot continue from (disk full, a bad block from the producer). */
    void fatalError(const QString& message);

private:
    void open_chain();
    /** The genesis to build a new store from: the data directory's file, the network's, a producer's or a new devnet's. */
    GenesisFile read_genesis();
    void load_ledger();
    QString genesis_file_path() const;
    /** Startup-time fetch from the producer's RPC, for a follower; throws std::runtime_error. */
    QByteArray fetch_from_producer(const QString& path);
    void open_producer_key();
    std::unique_ptr<Ordering> make_ordering() const;
    /** This node's turn to produce, with the transactions other nodes handed to the ordering. */
    void take_turn(const std::vector<Transaction>& pool);
    void on_proposal_decided(bool accepted, const QString& why);
    /** How far the next block's time is after the tip's: the time this node saw pass since it, capped. */
    std::uint64_t chain_time_step() const;
    void accept_followed_block(const QByteArray& body);
    void commit(const Block& block, const BlockOutcome& outcome);
    void remember(const Hash256& id, TxStatus status);
    static TxStatus status_of(const Receipt& receipt, std::uint64_t height);
    /** Marks the transactions the mempool evicted as rejected ("mempool_evicted"), so that their submitters learn it. */
    void note_evicted();
    /** Admits one transaction to the mempool, and on success remembers it as pending and hands it to the ordering. */
    std::optional<Rejection> admit(PreparedTransaction tx, const Transaction& submitted, Ledger::SignatureCheck check);
    void fail(const QString& message);

    NodeConfig m_config;
    GenesisRoster m_roster;
    std::unique_ptr<QLockFile> m_lock;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Ledger> m_ledger;
    std::optional<PrivateKey> m_producer_key;
    BlockHeader m_tip;
    Mempool m_mempool;
    SignatureVerifier m_verifier;
    AdmissionQueue m_admission;
    /** A block this node built and offered to the ordering, applied to the ledger but not committed. */
    struct Proposal {
        Block block;
        BlockOutcome outcome;
        std::vector<PreparedTransaction> candidates;
        std::vector<std::pair<Hash256, TxStatus>> statuses;
    };
    /** A stall of more than this many block times (at least 5 s) advances chain time by only that much. */
    static constexpr std::uint64_t max_block_gap_blocks = 10;
    std::unique_ptr<Ordering> m_ordering;
    /** Monotonic time since the tip was committed here; invalid until the first block after start. */
    QElapsedTimer m_since_tip;
    std::optional<Proposal> m_proposal;
    QNetworkAccessManager* m_network = nullptr;
    std::unique_ptr<RpcServer> m_rpc;
    std::unique_ptr<NodeAgents> m_agents;
    QUrl m_rpc_url;
    std::unordered_map<Hash256, TxStatus, Hash256Hash> m_statuses;
    std::deque<Hash256> m_status_order;
    bool m_stopped = false;
};

} // namespace berth
