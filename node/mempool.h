#pragma once

#include <ledger.h>
#include <transaction.h>

#include <span>
#include <vector>

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace berth {

class SignatureVerifier;

/** Why the mempool refused a transaction: a stable code (a ledger ErrorCode name or a pool code) and a message. */
struct Rejection {
    std::string code;
    std::string message;
};

/**
 * Transactions waiting for a block, in arrival order. Each is validated on arrival (chain
 * id, signature, nonce); a sender's transactions must arrive with consecutive nonces, a
 * duplicate is refused, and a full pool refuses with "mempool_full" rather than grow.
 */
class Mempool
{
public:
    explicit Mempool(std::size_t capacity) : m_capacity(capacity) {}

    /** Admits one transaction; `check` skips the signature when the caller has verified it. */
    std::optional<Rejection> add(const Transaction& tx, const Ledger& ledger,
                                 Ledger::SignatureCheck check = Ledger::SignatureCheck::Verify);
    /**
     * Admits a batch in order, with its signatures checked beforehand by `verifier` (on every
     * core it has); each answer is what add() would have given for that transaction at its turn.
     */
    std::vector<std::optional<Rejection>> add_batch(std::span<const Transaction> txs, const Ledger& ledger,
                                                    SignatureVerifier& verifier);
    /** Removes and returns up to `max` transactions, oldest first, whose encodings add up to at most `max_bytes` (at least one). */
    std::vector<Transaction> take(std::size_t max, std::size_t max_bytes = SIZE_MAX);
    /** After a block: drops what the chain has made invalid and re-derives each sender's next nonce. */
    void resync(const Ledger& ledger);

    std::size_t size() const { return m_queue.size(); }
    bool contains(const Hash256& id) const { return m_ids.count(id) != 0; }
    /** The nonce the sender's next transaction must carry, counting pending ones. */
    std::uint64_t next_nonce(const Address& sender, const Ledger& ledger) const;

private:
    struct Entry {
        Hash256 id;
        Transaction tx;
    };

    std::size_t m_capacity;
    std::deque<Entry> m_queue;
    std::set<Hash256> m_ids;
    std::map<Address, std::uint64_t> m_next_nonce;
};

} // namespace berth
