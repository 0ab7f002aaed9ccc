#pragma once

#include "mempool.h"
#include "signatureverifier.h"

#include <QFutureWatcher>
#include <QObject>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace berth {

/**
 * Submitted transactions on their way into the mempool, admitted in the order they were
 * submitted with their signatures checked beforehand on the SignatureVerifier's threads, not
 * the node's. While the pool checks, the node's thread goes on producing blocks and answering
 * requests, so block production overlaps the checks instead of waiting for them; a batch is
 * admitted as soon as it and every batch before it are checked. A sender's transactions
 * therefore reach the mempool in the order they were sent, however the checks interleave.
 */
class AdmissionQueue : public QObject
{
    Q_OBJECT

public:
    /** What became of one submitted transaction: its id, and why it was refused (nullopt: admitted). */
    struct Outcome {
        Hash256 id;
        std::optional<Rejection> rejection;
    };
    /** Admits one checked transaction on the queue's thread; `signature_ok` says whether its signature matched. */
    using Admit = std::function<std::optional<Rejection>(PreparedTransaction tx, const Transaction& submitted, bool signature_ok)>;
    /** Hears, on the queue's thread, what became of each transaction of a batch, in the batch's order. */
    using Answered = std::function<void(std::vector<Outcome> outcomes)>;

    AdmissionQueue(SignatureVerifier& verifier, Admit admit, QObject* parent = nullptr);

    /** Queues a batch behind the ones queued before it; `answered` is called once it was admitted. */
    void enqueue(std::vector<Transaction> txs, Answered answered);
    /** Admits every queued batch now, waiting for their checks: a transaction admitted after this follows them. */
    void admit_all();
    /** Batches queued and not yet admitted. */
    std::size_t size() const { return m_queue.size(); }
    /** Transactions in those batches. */
    std::size_t transactions() const { return m_transactions; }

private:
    /** Admits the batches at the front whose checks are done. */
    void admit_checked();

    struct Submission {
        /** Tells this thread when the batch is checked; a batch checked before the ones ahead of it waits for them. */
        std::unique_ptr<QFutureWatcher<SignatureVerifier::Checked>> checked;
        Answered answered;
    };
    SignatureVerifier& m_verifier;
    Admit m_admit;
    std::deque<Submission> m_queue;
    std::size_t m_transactions = 0;
};

} // namespace berth
