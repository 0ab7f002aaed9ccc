#pragma once

#include "ordering.h"

#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;

namespace berth {

/**
 * The ordering of a node that follows another node's RPC: it fetches each next block from
 * GET /blocks/H/raw as it appears and never produces. Transactions go to the producer's own
 * RPC, so this ordering takes none.
 */
class RpcFollower : public Ordering
{
    Q_OBJECT

public:
    RpcFollower(QUrl producer, std::uint64_t block_ms, QObject* parent = nullptr);

    void start(const BlockHeader& tip) override;
    void stop() override;
    bool takes_transactions() const override { return false; }
    void forward(const Transaction&) override {}
    void propose(const Block&, const std::vector<Hash256>&) override {}
    void committed(const BlockHeader& header) override { m_height = header.height; }
    OrderingInfo info() const override;

private:
    void poll();

    QUrl m_producer;
    QNetworkAccessManager* m_network;
    QTimer m_timer;
    std::uint64_t m_height = 0;
    bool m_in_flight = false;
    bool m_reachable = true;
};

} // namespace berth
