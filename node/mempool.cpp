#include "mempool.h"

#include "signatureverifier.h"

namespace berth {

std::uint64_t Mempool::next_nonce(const Address& sender, const Ledger& ledger) const
{
    const std::uint64_t on_chain = ledger.next_nonce(sender);
    auto it = m_next_nonce.find(sender);
    return it == m_next_nonce.end() ? on_chain : std::max(on_chain, it->second);
}

std::optional<Rejection> Mempool::add(const Transaction& tx, const Ledger& ledger, Ledger::SignatureCheck check)
{
    const Hash256 id = tx.id();
    if (m_ids.count(id)) return Rejection{"duplicate", "transaction " + id.hex() + " is already pending"};
    if (m_queue.size() >= m_capacity)
        return Rejection{"mempool_full", "the mempool holds its limit of " + std::to_string(m_capacity) + " transactions; retry after the next block"};
    if (auto error = ledger.precheck(tx, check)) return Rejection{std::string(error_code_name(error->code())), error->what()};
    const Address sender = tx.sender_address();
    const std::uint64_t expected = next_nonce(sender, ledger);
    if (tx.nonce != expected)
        return Rejection{std::string(error_code_name(ErrorCode::BadNonce)),
                         "nonce " + std::to_string(tx.nonce) + " is not the sender's next nonce " + std::to_string(expected)};
    m_queue.push_back({id, tx});
    m_ids.insert(id);
    m_next_nonce[sender] = expected + 1;
    return std::nullopt;
}

std::vector<std::optional<Rejection>> Mempool::add_batch(std::span<const Transaction> txs, const Ledger& ledger,
                                                         SignatureVerifier& verifier)
{
    const std::vector<std::uint8_t> valid = verifier.verify(txs);
    std::vector<std::optional<Rejection>> answers;
    answers.reserve(txs.size());
    for (std::size_t i = 0; i < txs.size(); ++i) {
        // A bad signature goes through the full check again, so that its answer names the same
        // first problem (duplicate, full pool, chain id) as a single add() would.
        answers.push_back(add(txs[i], ledger, valid[i] ? Ledger::SignatureCheck::AlreadyVerified : Ledger::SignatureCheck::Verify));
    }
    return answers;
}

std::vector<Transaction> Mempool::take(std::size_t max, std::size_t max_bytes)
{
    std::vector<Transaction> out;
    std::size_t bytes = 0;
    while (!m_queue.empty() && out.size() < max) {
        if (max_bytes != SIZE_MAX) {
            bytes += m_queue.front().tx.encode().size();
            if (bytes > max_bytes && !out.empty()) break;
        }
        out.push_back(std::move(m_queue.front().tx));
        m_ids.erase(m_queue.front().id);
        m_queue.pop_front();
    }
    return out;
}

void Mempool::resync(const Ledger& ledger)
{
    m_next_nonce.clear();
    std::deque<Entry> kept;
    for (Entry& entry : m_queue) {
        const Address sender = entry.tx.sender_address();
        const std::uint64_t expected = next_nonce(sender, ledger);
        if (entry.tx.nonce != expected) {
            m_ids.erase(entry.id);
            continue;
        }
        m_next_nonce[sender] = expected + 1;
        kept.push_back(std::move(entry));
    }
    m_queue.swap(kept);
}

} // namespace berth
