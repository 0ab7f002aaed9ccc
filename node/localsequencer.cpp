#include "localsequencer.h"

namespace berth {

LocalSequencer::LocalSequencer(std::uint64_t block_ms, QObject* parent) : Ordering(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(static_cast<int>(block_ms));
    connect(&m_timer, &QTimer::timeout, this, [this] { Q_EMIT turn({}); });
}

void LocalSequencer::start(const BlockHeader& tip)
{
    m_height = tip.height;
    m_timer.start();
}

void LocalSequencer::stop()
{
    m_timer.stop();
}

void LocalSequencer::propose(const Block&, const std::vector<Hash256>&)
{
    Q_EMIT proposalDecided(true, {});
}

OrderingInfo LocalSequencer::info() const
{
    return OrderingInfo{QStringLiteral("devnet"), {}, {}, true, true, m_height};
}

} // namespace berth
