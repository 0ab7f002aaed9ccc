#pragma once

#include <transaction.h>

#include <QThreadPool>

#include <cstdint>
#include <span>
#include <vector>

namespace berth {

/**
 * Checks the Ed25519 signatures of many transactions at once, spread over a thread pool of its
 * own. Signature checks are independent of each other and of the state, so they are the part
 * of admitting a batch or replaying a block that can use every core; the answer is one flag
 * per transaction in input order, the same whatever the number of threads.
 */
class SignatureVerifier
{
public:
    /** `threads` of 0 uses one per core; 1 checks on the calling thread. */
    explicit SignatureVerifier(int threads = 0);

    /** 1 where the transaction's signature matches its sender's key, 0 where it does not. */
    std::vector<std::uint8_t> verify(std::span<const Transaction> txs);
    int threads() const { return m_threads; }

private:
    int m_threads;
    QThreadPool m_pool;
};

} // namespace berth
