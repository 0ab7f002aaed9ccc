#include "signatureverifier.h"

#include <QSemaphore>
#include <QThread>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>

namespace berth {

// Below this many transactions per thread, handing work to the pool costs more than it saves.
static constexpr std::size_t min_per_thread = 16;
// Small enough that the caller starts admitting soon and rarely waits for the pool; large
// enough that claiming a chunk costs nothing beside its signature checks.
static constexpr std::size_t chunk_size = 32;

SignatureVerifier::SignatureVerifier(int threads) : m_threads(threads > 0 ? threads : std::max(1, QThread::idealThreadCount()))
{
    // The calling thread checks signatures too (QtConcurrent's blocking map runs its function on
    // the caller, and prepare_and_verify claims chunks), so the pool is one thread short of
    // m_threads: a thread for every core besides the caller made the threads outnumber the
    // cores, and on two cores their switching cost a batch a tenth of its rate.
    m_pool.setMaxThreadCount(std::max(1, m_threads - 1));
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

void SignatureVerifier::prepare_and_verify(std::span<const Transaction> txs, const Consumer& consume)
{
    const std::size_t n = txs.size();
    const std::size_t chunks = (n + chunk_size - 1) / chunk_size;
    if (m_threads <= 1 || chunks <= 1) {
        for (std::size_t i = 0; i < n; ++i) {
            PreparedTransaction tx(txs[i]);
            const bool ok = tx.verify_signature();
            consume(i, tx, ok);
        }
        return;
    }
    std::vector<std::optional<PreparedTransaction>> prepared(n);
    std::vector<std::uint8_t> valid(n, 0);
    // Chunks are claimed in order by the pool's threads and by the caller alike; each writes
    // only its own slots, and publishes them through its done flag.
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    const std::unique_ptr<std::atomic<bool>[]> done(new std::atomic<bool>[chunks]());
    const auto check_one_chunk = [&]() {
        const std::size_t c = next.fetch_add(1, std::memory_order_relaxed);
        if (c >= chunks || stop.load(std::memory_order_relaxed)) return false;
        for (std::size_t i = c * chunk_size; i < std::min(n, (c + 1) * chunk_size); ++i) {
            prepared[i].emplace(txs[i]);
            valid[i] = prepared[i]->verify_signature() ? 1 : 0;
        }
        done[c].store(true, std::memory_order_release);
        done[c].notify_all();
        return true;
    };
    const int helpers = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(m_pool.maxThreadCount()), chunks - 1));
    QSemaphore finished;
    for (int h = 0; h < helpers; ++h)
        m_pool.start([&] {
            while (check_one_chunk()) {}
            finished.release();
        });
    // The helpers use this frame's state: they must be gone before it is, even when `consume` throws.
    struct Join {
        std::atomic<bool>& stop;
        QSemaphore& finished;
        int helpers;
        ~Join()
        {
            stop.store(true);
            finished.acquire(helpers);
        }
    } join{stop, finished, helpers};
    for (std::size_t c = 0; c < chunks; ++c) {
        while (!done[c].load(std::memory_order_acquire))
            if (!check_one_chunk()) done[c].wait(false, std::memory_order_acquire);
        for (std::size_t i = c * chunk_size; i < std::min(n, (c + 1) * chunk_size); ++i) consume(i, *prepared[i], valid[i] != 0);
    }
}

} // namespace berth
