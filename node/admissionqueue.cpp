#include "admissionqueue.h"

namespace berth {

AdmissionQueue::AdmissionQueue(SignatureVerifier& verifier, Admit admit, QObject* parent)
    : QObject(parent), m_verifier(verifier), m_admit(std::move(admit))
{}

void AdmissionQueue::enqueue(std::vector<Transaction> txs, Answered answered)
{
    m_transactions += txs.size();
    auto watcher = std::make_unique<QFutureWatcher<SignatureVerifier::Checked>>();
    connect(watcher.get(), &QFutureWatcherBase::finished, this, &AdmissionQueue::admit_checked);
    watcher->setFuture(m_verifier.check(std::move(txs)));
    m_queue.push_back({std::move(watcher), std::move(answered)});
}

void AdmissionQueue::admit_all()
{
    while (!m_queue.empty()) {
        m_queue.front().checked->waitForFinished();
        admit_checked();
    }
}

void AdmissionQueue::admit_checked()
{
    while (!m_queue.empty() && m_queue.front().checked->isFinished()) {
        Submission submission = std::move(m_queue.front());
        m_queue.pop_front();
        SignatureVerifier::Checked checked = submission.checked->future().takeResult();
        m_transactions -= checked.txs.size();
        std::vector<Outcome> outcomes(checked.txs.size());
        for (std::size_t i = 0; i < checked.txs.size(); ++i) {
            PreparedTransaction& tx = *checked.prepared[i];
            outcomes[i].id = tx.id();
            outcomes[i].rejection = m_admit(std::move(tx), checked.txs[i], checked.signature_ok[i] != 0);
        }
        submission.answered(std::move(outcomes));
    }
}

} // namespace berth
