#include "signatureverifier.h"

#include <QThread>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>

namespace berth {

// Below this many transactions per thread, handing work to the pool costs more than it saves.
static constexpr std::size_t min_per_thread = 16;

SignatureVerifier::SignatureVerifier(int threads) : m_threads(threads > 0 ? threads : std::max(1, QThread::idealThreadCount()))
{
    m_pool.setMaxThreadCount(m_threads);
}

std::vector<std::uint8_t> SignatureVerifier::verify(std::span<const Transaction> txs)
{
    std::vector<std::uint8_t> valid(txs.size(), 0);
    const std::size_t threads = std::min<std::size_t>(static_cast<std::size_t>(m_threads), txs.size() / min_per_thread);
    if (threads <= 1) {
        for (std::size_t i = 0; i < txs.size(); ++i) valid[i] = txs[i].verify_signature() ? 1 : 0;
        return valid;
    }
    // A few chunks per thread keep the threads busy when some signatures take longer; each chunk
    // writes only its own slots, so no two threads touch the same flag.
    const std::size_t chunks = threads * 4;
    const std::size_t per_chunk = (txs.size() + chunks - 1) / chunks;
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    for (std::size_t begin = 0; begin < txs.size(); begin += per_chunk) ranges.emplace_back(begin, std::min(txs.size(), begin + per_chunk));
    QtConcurrent::blockingMap(&m_pool, ranges, [&](const std::pair<std::size_t, std::size_t>& range) {
        for (std::size_t i = range.first; i < range.second; ++i) valid[i] = txs[i].verify_signature() ? 1 : 0;
    });
    return valid;
}

} // namespace berth
