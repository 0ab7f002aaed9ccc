#pragma once

#include <preparedtransaction.h>
#include <transaction.h>

#include <QFuture>
#include <QThreadPool>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace berth {

/**
 * Checks the Ed25519 signatures of many transactions at once, spread over a thread pool of its
 * own. Signature checks are independent of each other and of the state, so they are the part
 * of admitting a batch or replaying a block that can use every core; the answer is one flag
 * per transaction in input order, the same whatever the number of threads. For admission it
 * checks off the calling thread altogether, so that the node's thread produces blocks and
 * answers requests while the pool checks what was submitted.
 */
class SignatureVerifier
{
public:
    /** `threads` of 0 uses one per core; 1 checks on one thread. */
    explicit SignatureVerifier(int threads = 0);

    /** 1 where the transaction's signature matches its sender's key, 0 where it does not; waits for the pool. */
    std::vector<std::uint8_t> verify(std::span<const Transaction> txs);

    /** A batch as check() hands it back: each transaction as submitted and prepared, and whether its signature matched. */
    struct Checked {
        std::vector<Transaction> txs;
        std::vector<std::optional<PreparedTransaction>> prepared;
        std::vector<std::uint8_t> signature_ok;
    };
    /**
     * Prepares each transaction (PreparedTransaction) and checks its signature on the pool, in
     * chunks spread over its threads, and returns at once; the future is ready when every chunk
     * is done. Batches are started in the order they were handed over.
     */
    QFuture<Checked> check(std::vector<Transaction> txs);

    int threads() const { return m_threads; }

private:
    int m_threads;
    QThreadPool m_pool;
};

} // namespace berth
