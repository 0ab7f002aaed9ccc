#pragma once

#include "ordering.h"

#include <QTimer>

namespace berth {

/**
 * The devnet's ordering: this node alone produces, one block every block_ms, from its own
 * mempool; every proposal is the next block at once.
 */
class LocalSequencer : public Ordering
{
    Q_OBJECT

public:
    explicit LocalSequencer(std::uint64_t block_ms, QObject* parent = nullptr);

    void start(const BlockHeader& tip) override;
    void stop() override;
    bool takes_transactions() const override { return true; }
    void forward(const Transaction&) override {}
    void propose(const Block& block, const std::vector<Hash256>& settled) override;
    void committed(const BlockHeader& header) override { m_height = header.height; }
    OrderingInfo info() const override;

private:
    QTimer m_timer;
    std::uint64_t m_height = 0;
};

} // namespace berth
