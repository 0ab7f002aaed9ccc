#pragma once

#include "etcdclient.h"
#include "ordering.h"

#include <publickey.h>

#include <QTimer>

#include <optional>

namespace berth {

/**
 * The ordering of a Berth network: an etcd cluster (Raft) decides who produces and in which
 * order blocks come, the way Hyperledger Fabric's Raft orderer does; every node still checks
 * each block's signature and replays it. Under /berth/CHAIN/ etcd holds the blocks by height,
 * the pool of submitted transactions, and the leader key. A node allowed to produce campaigns
 * by creating the leader key under an etcd lease it keeps alive; while it holds the key it
 * builds the next block in its turn and writes it with a transaction that succeeds only if no
 * block of that height exists and it still holds the key, so there is exactly one block per
 * height. When a leader dies its lease expires and another producer's campaign succeeds. Every
 * node reads the blocks in height order and catches up from etcd after a pause.
 */
class EtcdOrdering : public Ordering
{
    Q_OBJECT

public:
    struct Options {
        QList<QUrl> endpoints;
        std::optional<EtcdTls> tls;
        std::string chain_id;
        std::uint64_t block_ms = 1000;
        /** The producer key this node campaigns with; none for a node that only follows. */
        std::optional<PublicKey> producer;
        /** Seconds of the leader's etcd lease: how long a dead leader holds its turn. */
        qint64 leader_ttl_s = 3;
    };

    /** Throws std::invalid_argument for unusable endpoints or TLS files. */
    explicit EtcdOrdering(Options options, QObject* parent = nullptr);
    ~EtcdOrdering() override;

    void start(const BlockHeader& tip) override;
    void stop() override;
    bool takes_transactions() const override { return true; }
    void forward(const Transaction& tx) override;
    void propose(const Block& block, const std::vector<Hash256>& settled) override;
    void committed(const BlockHeader& header) override;
    OrderingInfo info() const override;
    /** etcd refuses requests over 1.5 MiB by default, and a block travels base64-encoded in JSON. */
    std::size_t max_block_bytes() const override { return 1'000'000; }

    static QByteArray block_key(const std::string& chain_id, std::uint64_t height);

private:
    QByteArray key(const char* suffix) const;
    void poll();
    void campaign();
    void keep_alive();
    void lose_leadership(const QString& why);
    void take_turn();
    void refresh_members();
    /** Removes settled pool entries after their block is written, in transactions within etcd's --max-txn-ops. */
    void clear_pool(const std::vector<Hash256>& settled);

    Options m_options;
    EtcdClient m_client;
    QByteArray m_me;
    QTimer m_poll_timer;
    QTimer m_turn_timer;
    QTimer m_keep_alive_timer;
    QTimer m_members_timer;
    std::uint64_t m_height = 0;
    std::uint64_t m_known_height = 0;
    bool m_polling = false;
    bool m_caught_up = false;
    bool m_campaigning = false;
    bool m_proposing = false;
    bool m_taking_turn = false;
    /** Set while the node's proposal for the current turn is being written. */
    bool m_awaiting_proposal = false;
    qint64 m_lease = 0;
    bool m_leading = false;
    QString m_leader;
    QStringList m_members;
    bool m_stopped = true;
    QString m_last_error;
};

} // namespace berth
