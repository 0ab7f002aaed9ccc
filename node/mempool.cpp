#include "mempool.h"

#include <algorithm>

namespace berth {

std::uint64_t Mempool::next_nonce(const Address& sender, const Ledger& ledger) const
{
    const std::uint64_t on_chain = ledger.next_nonce(sender);
    auto it = m_next_nonce.find(sender);
    return it == m_next_nonce.end() ? on_chain : std::max(on_chain, it->second);
}

Mempool::Standing Mempool::standing(const Address& sender, const Ledger& ledger)
{
    const State& state = ledger.state();
    const Account* account = state.accounts.find(sender);
    if (state.providers.find(sender) || (account && account->stake != 0)) return Standing::Provider;
    if (account && (account->usdc != 0 || account->pond != 0 || account->earnings != 0 || account->nonce != 0)) return Standing::Funded;
    return Standing::Unknown;
}

std::size_t Mempool::pending_of(const Address& sender) const
{
    auto it = m_senders.find(sender);
    return it == m_senders.end() ? 0 : it->second.pending;
}

void Mempool::count_in(const Address& address, Standing standing)
{
    Sender& sender = m_senders[address];
    if (sender.pending > 0) m_victims.erase(key_of(address, sender));
    sender.standing = standing;
    ++sender.pending;
    m_victims.insert(key_of(address, sender));
}

void Mempool::count_out(const Address& address, std::size_t count)
{
    auto it = m_senders.find(address);
    if (it == m_senders.end()) return;
    m_victims.erase(key_of(address, it->second));
    it->second.pending -= std::min(count, it->second.pending);
    if (it->second.pending == 0) {
        m_senders.erase(it);
        return;
    }
    m_victims.insert(key_of(address, it->second));
}

bool Mempool::evict_for(Standing standing, std::size_t pending)
{
    if (m_victims.empty()) return false;
    const auto& [victim_standing, minus_pending, victim] = *m_victims.begin();
    const auto victim_pending = static_cast<std::size_t>(-minus_pending);
    if (!(victim_standing < static_cast<int>(standing) || (victim_standing == static_cast<int>(standing) && victim_pending > pending + 1)))
        return false;
    const Address address = victim;
    for (auto it = m_queue.end(); it != m_queue.begin();) {
        --it;
        if (it->sender() != address) continue;
        // The newest of its transactions, so that its remaining nonces stay consecutive.
        m_next_nonce[address] = it->tx.tx().nonce;
        m_ids.erase(it->id());
        m_evicted.push_back(it->id());
        m_queue.erase(it);
        count_out(address);
        return true;
    }
    return false;
}

std::optional<Rejection> Mempool::add(const Transaction& tx, const Ledger& ledger, Ledger::SignatureCheck check)
{
    return add(PreparedTransaction(tx), ledger, check);
}

std::optional<Rejection> Mempool::add(PreparedTransaction tx, const Ledger& ledger, Ledger::SignatureCheck check)
{
    const Hash256& id = tx.id();
    if (m_ids.contains(id)) return Rejection{"duplicate", "transaction " + id.hex() + " is already pending"};
    if (auto error = ledger.precheck(tx, check)) return Rejection{std::string(error_code_name(error->code())), error->what()};
    const Address sender = tx.sender();
    const std::uint64_t nonce = tx.tx().nonce;
    const std::uint64_t expected = next_nonce(sender, ledger);
    if (nonce != expected)
        return Rejection{std::string(error_code_name(ErrorCode::BadNonce)),
                         "nonce " + std::to_string(nonce) + " is not the sender's next nonce " + std::to_string(expected)};
    const std::size_t pending = pending_of(sender);
    if (pending >= m_per_sender)
        return Rejection{"sender_limit", "the sender has " + std::to_string(pending) +
                                             " transactions pending, the most one sender may (mempool_max_per_sender " +
                                             std::to_string(m_per_sender) + "); retry after the next block"};
    const Standing rank = standing(sender, ledger);
    if (m_queue.size() >= m_capacity && !evict_for(rank, pending))
        return Rejection{"mempool_full", "the mempool holds its limit of " + std::to_string(m_capacity) +
                                             " transactions (mempool_max_transactions), and no sender of lower standing or with more pending "
                                             "transactions holds a place to give up; retry after the next block"};
    m_ids.insert(id);
    m_next_nonce[sender] = expected + 1;
    count_in(sender, rank);
    m_queue.push_back({std::move(tx)});
    return std::nullopt;
}

std::vector<PreparedTransaction> Mempool::take(std::size_t max, std::size_t max_bytes)
{
    // When every pending sender stands alike, the block is the oldest transactions: take them
    // from the front without looking at the rest, which may be many blocks' worth.
    const bool one_standing = std::all_of(m_senders.begin(), m_senders.end(),
                                          [&](const auto& entry) { return entry.second.standing == m_senders.begin()->second.standing; });
    if (one_standing) {
        std::size_t count = 0;
        std::size_t bytes = 0;
        for (; count < m_queue.size() && count < max; ++count) {
            if (max_bytes == SIZE_MAX) continue;
            bytes += m_queue[count].tx.encoding().size();
            if (bytes > max_bytes && count > 0) break;
        }
        std::vector<PreparedTransaction> out;
        out.reserve(count);
        // Counted out per sender once: a block holds many transactions of few senders.
        std::unordered_map<Address, std::size_t, AddressHash> taken_of;
        for (std::size_t i = 0; i < count; ++i) {
            Entry& entry = m_queue[i];
            m_ids.erase(entry.id());
            ++taken_of[entry.sender()];
            out.push_back(std::move(entry.tx));
        }
        for (const auto& [sender, taken] : taken_of) count_out(sender, taken);
        m_queue.erase(m_queue.begin(), m_queue.begin() + static_cast<std::ptrdiff_t>(count));
        return out;
    }
    // Which transactions: the highest standing first, each standing in arrival order, so that a
    // flood of fresh keys that fills every block still leaves room for a provider's bid and a
    // funded tenant's order. A sender's transactions share its standing, so its nonces stay in
    // order; and when everything fits, everything goes.
    std::vector<bool> taken(m_queue.size(), false);
    std::size_t count = 0;
    std::size_t bytes = 0;
    bool full = false;
    for (int standing = static_cast<int>(Standing::Provider); standing >= 0 && !full; --standing) {
        for (std::size_t i = 0; i < m_queue.size(); ++i) {
            const Entry& entry = m_queue[i];
            if (static_cast<int>(m_senders.at(entry.sender()).standing) != standing) continue;
            if (count >= max) {
                full = true;
                break;
            }
            if (max_bytes != SIZE_MAX) {
                bytes += entry.tx.encoding().size();
                if (bytes > max_bytes && count > 0) {
                    full = true;
                    break;
                }
            }
            taken[i] = true;
            ++count;
        }
    }
    // In what order: the order they arrived in, whoever sent them, as the chain saw them come.
    std::vector<PreparedTransaction> out;
    out.reserve(count);
    std::deque<Entry> kept;
    for (std::size_t i = 0; i < m_queue.size(); ++i) {
        Entry& entry = m_queue[i];
        if (!taken[i]) {
            kept.push_back(std::move(entry));
            continue;
        }
        m_ids.erase(entry.id());
        count_out(entry.sender());
        out.push_back(std::move(entry.tx));
    }
    m_queue = std::move(kept);
    return out;
}

void Mempool::resync(const Ledger& ledger)
{
    m_next_nonce.clear();
    m_senders.clear();
    m_victims.clear();
    // Kept entries close up in place: after most blocks nothing is dropped, and the queue may
    // hold many blocks' worth.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < m_queue.size(); ++i) {
        Entry& entry = m_queue[i];
        const Address& sender = entry.sender();
        const std::uint64_t expected = next_nonce(sender, ledger);
        if (entry.tx.tx().nonce != expected) {
            m_ids.erase(entry.id());
            continue;
        }
        m_next_nonce[sender] = expected + 1;
        // The block may have changed a sender's standing (a new provider, a funded key).
        auto known = m_senders.find(sender);
        if (known == m_senders.end()) known = m_senders.emplace(sender, Sender{0, standing(sender, ledger)}).first;
        ++known->second.pending;
        if (kept != i) m_queue[kept] = std::move(entry);
        ++kept;
    }
    m_queue.erase(m_queue.begin() + static_cast<std::ptrdiff_t>(kept), m_queue.end());
    for (const auto& [address, sender] : m_senders) m_victims.insert(key_of(address, sender));
}

} // namespace berth
