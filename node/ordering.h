#pragma once

#include <block.h>
#include <transaction.h>

#include <QObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace berth {

/** What the ordering can say about the network, for the Node page and /status. */
struct OrderingInfo {
    /** "devnet", "follower" or "etcd". */
    QString kind;
    /** The producer's public key (hex) that holds the turn now, if known. */
    QString leader;
    /** The ordering service's members (etcd client URLs), if any. */
    QStringList members;
    /** Whether this node holds the producer's turn. */
    bool leading = false;
    /** Whether this node has applied every block the ordering knows of. */
    bool in_step = true;
    /** The newest height the ordering has seen. */
    std::uint64_t known_height = 0;
};

/**
 * The seam between the node and whatever orders its blocks: where blocks come from and where
 * transactions go. The node validates, applies and stores; an ordering only decides when this
 * node may produce, carries transactions to the producer, and delivers other producers'
 * blocks in height order. Three implementations: the devnet's local sequencer, a follower of
 * another node's RPC, and an etcd cluster (Raft) shared by several nodes. A BFT engine such as
 * CometBFT's ABCI++ would be a fourth (docs/scale-out.md).
 */
class Ordering : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    /** Starts after the node's tip; turns and blocks then arrive as signals on this thread. */
    virtual void start(const BlockHeader& tip) = 0;
    virtual void stop() = 0;
    /** Whether transactions submitted to this node can reach a producer through this ordering. */
    virtual bool takes_transactions() const = 0;
    /** Hands on a transaction this node accepted into its pool, so that whoever produces sees it. */
    virtual void forward(const Transaction& tx) = 0;
    /**
     * Offers the block this node built in its turn as the next one; proposalDecided answers.
     * `settled` names the pool's transactions that are done with: included, or refused for good.
     */
    virtual void propose(const Block& block, const std::vector<Hash256>& settled) = 0;
    /** The node committed `header`, its own or another producer's. */
    virtual void committed(const BlockHeader& header) = 0;
    virtual OrderingInfo info() const = 0;
    /** The largest encoded block (its transactions' bytes) this ordering can carry. */
    virtual std::size_t max_block_bytes() const { return SIZE_MAX; }

Q_SIGNALS:
    /** This node may build the next block now; `pool` holds transactions submitted to other nodes. */
    void turn(const std::vector<berth::Transaction>& pool);
    /** Whether the proposed block became the next one; a refused block must be forgotten. */
    void proposalDecided(bool accepted, const QString& why);
    /** Another producer's block, encoded, in height order. */
    void blockArrived(const QByteArray& raw);
    /** The ordering cannot go on (misconfiguration, a lost cluster); the node stops. */
    void failed(const QString& message);
};

} // namespace berth
