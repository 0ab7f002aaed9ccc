#include "signatureverifier.h"

#include <QPromise>
#include <QSemaphore>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <memory>

namespace berth {

// Below this many transactions per thread, handing work to the pool costs more than it saves.
static constexpr std::size_t min_per_thread = 16;
// Small enough that a batch spreads over every thread and the first ones are ready soon; large
// enough that starting a chunk costs nothing beside its signature checks.
static constexpr std::size_t chunk_size = 32;

SignatureVerifier::SignatureVerifier(int threads) : m_threads(threads > 0 ? threads : std::max(1, QThread::idealThreadCount()))
{
    // One thread per core: the caller waits rather than checks (verify), or goes on with other
    // work (check), so more threads than cores would only switch between each other.
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
    QSemaphore done;
    int started = 0;
    for (std::size_t begin = 0; begin < txs.size(); begin += per_chunk, ++started) {
        const std::size_t end = std::min(txs.size(), begin + per_chunk);
        m_pool.start([&, begin, end] {
            for (std::size_t i = begin; i < end; ++i) valid[i] = txs[i].verify_signature() ? 1 : 0;
            done.release();
        });
    }
    done.acquire(started);
    return valid;
}

QFuture<SignatureVerifier::Checked> SignatureVerifier::check(std::vector<Transaction> txs)
{
    // Shared by the batch's chunks; the last one to finish hands the batch over.
    struct Batch {
        Checked checked;
        QPromise<Checked> promise;
        std::atomic<std::size_t> chunks_left{0};
    };
    const auto batch = std::make_shared<Batch>();
    const std::size_t n = txs.size();
    batch->checked.txs = std::move(txs);
    batch->checked.prepared.resize(n);
    batch->checked.signature_ok.resize(n, 0);
    batch->promise.start();
    QFuture<Checked> future = batch->promise.future();
    const std::size_t chunks = (n + chunk_size - 1) / chunk_size;
    if (chunks == 0) {
        batch->promise.addResult(std::move(batch->checked));
        batch->promise.finish();
        return future;
    }
    batch->chunks_left.store(chunks);
    for (std::size_t c = 0; c < chunks; ++c)
        m_pool.start([batch, begin = c * chunk_size, end = std::min(n, (c + 1) * chunk_size)] {
            Checked& checked = batch->checked;
            for (std::size_t i = begin; i < end; ++i) {
                checked.prepared[i].emplace(checked.txs[i]);
                checked.signature_ok[i] = checked.prepared[i]->verify_signature() ? 1 : 0;
            }
            if (batch->chunks_left.fetch_sub(1, std::memory_order_acq_rel) == 1) {
                batch->promise.addResult(std::move(checked));
                batch->promise.finish();
            }
        });
    return future;
}

} // namespace berth
