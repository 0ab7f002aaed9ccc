#pragma once

#include <preparedtransaction.h>
#include <transaction.h>

#include <QThreadPool>

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace berth {

/**
 * Checks the Ed25519 signatures of many transactions at once, spread over a thread pool of its
 * own. Signature checks are independent of each other and of the state, so they are the part
 * of admitting a batch or replaying a block that can use every core; the answer is one flag
 * per transaction in input order, the same whatever the number of threads. For admission it
 * also pipelines: the pool prepares and checks later chunks of a batch while the caller
 * admits the earlier ones.
 */
class SignatureVerifier
{
public:
    /** `threads` of 0 uses one per core; 1 checks on the calling thread. */
    explicit SignatureVerifier(int threads = 0);

    /** 1 where the transaction's signature matches its sender's key, 0 where it does not. */
    std::vector<std::uint8_t> verify(std::span<const Transaction> txs);

    /** Receives one transaction of a batch on the calling thread: its index, it prepared, and whether its signature matched. */
    using Consumer = std::function<void(std::size_t index, PreparedTransaction& tx, bool signature_ok)>;
    /**
     * Prepares each transaction (PreparedTransaction) and checks its signature on the pool, in
     * chunks, and hands each to `consume` on the calling thread in input order as soon as its
     * chunk is done: the caller works through chunk k while the pool checks the chunks after
     * it, and checks a chunk itself rather than wait. Returns when every one was consumed.
     */
    void prepare_and_verify(std::span<const Transaction> txs, const Consumer& consume);
    int threads() const { return m_threads; }

private:
    int m_threads;
    QThreadPool m_pool;
};

} // namespace berth
