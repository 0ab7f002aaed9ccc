#pragma once

#include <ledger.h>
#include <preparedtransaction.h>
#include <table.h>
#include <transaction.h>

#include <vector>

#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace berth {

/** Why the mempool refused a transaction: a stable code (a ledger ErrorCode name or a pool code) and a message. */
struct Rejection {
    std::string code;
    std::string message;
};

/**
 * Transactions waiting for a block. Each is validated on arrival (chain
 * id, signature, nonce); a sender's transactions must arrive with consecutive nonces, a
 * duplicate is refused, and the pool never grows past its capacity.
 *
 * No sender may crowd the others out. One sender holds at most `per_sender` pending
 * transactions ("sender_limit"). When the pool is full, a newcomer takes the place of the
 * newest transaction of the sender that stands lowest and, among those, holds the most: it may
 * when that sender's standing is below its own, or equal with more than one transaction more
 * than the newcomer would then hold; otherwise it is refused with "mempool_full". Standing is
 * what the chain knows of a sender: a registered or staked provider stands highest, then an
 * account with funds or history, then an unknown key. So a flood from fresh keys fills only
 * free room, a provider's bid or a funded tenant's order still enters a pool the flood filled,
 * and a busy sender yields room to a quiet one of its standing. Evicting the newest keeps each
 * sender's nonces consecutive; the evicted ids are handed out by take_evicted(). A block that
 * cannot take every pending transaction takes the highest standing first, so a flood that
 * fills every block still does not delay a bid.
 */
class Mempool
{
public:
    /** How the chain knows a sender, lowest first. */
    enum class Standing { Unknown = 0, Funded = 1, Provider = 2 };

    /** `capacity`: mempool_max_transactions; `per_sender`: mempool_max_per_sender (0: the capacity). */
    explicit Mempool(std::size_t capacity, std::size_t per_sender = 0)
        : m_capacity(capacity), m_per_sender(per_sender == 0 ? capacity : per_sender)
    {}

    /** Admits one transaction; `check` skips the signature when the caller has verified it. */
    std::optional<Rejection> add(const Transaction& tx, const Ledger& ledger, Ledger::SignatureCheck check = Ledger::SignatureCheck::Verify);
    /** add() of a transaction whose id, sender and signing bytes are computed already; the pool keeps them. */
    std::optional<Rejection> add(PreparedTransaction tx, const Ledger& ledger, Ledger::SignatureCheck check = Ledger::SignatureCheck::Verify);
    /**
     * Removes and returns up to `max` transactions whose encodings add up to at most `max_bytes`
     * (at least one), in arrival order; when not all fit, those of the highest standing are
     * chosen first, each standing oldest first.
     */
    std::vector<PreparedTransaction> take(std::size_t max, std::size_t max_bytes = SIZE_MAX);
    /** After a block: drops what the chain has made invalid and re-derives each sender's next nonce. */
    void resync(const Ledger& ledger);

    std::size_t size() const { return m_queue.size(); }
    /** Pending transactions of one sender. */
    std::size_t pending_of(const Address& sender) const;
    /** The ids evicted to make room since the last call. */
    std::vector<Hash256> take_evicted() { return std::exchange(m_evicted, {}); }
    static Standing standing(const Address& sender, const Ledger& ledger);
    bool contains(const Hash256& id) const { return m_ids.contains(id); }
    /** The nonce the sender's next transaction must carry, counting pending ones. */
    std::uint64_t next_nonce(const Address& sender, const Ledger& ledger) const;

private:
    struct Entry {
        PreparedTransaction tx;
        const Hash256& id() const { return tx.id(); }
        const Address& sender() const { return tx.sender(); }
    };
    struct Sender {
        std::size_t pending = 0;
        Standing standing = Standing::Unknown;
    };
    /** Orders senders as eviction victims: lowest standing first, then the most pending. */
    using VictimKey = std::tuple<int, std::int64_t, Address>;
    static VictimKey key_of(const Address& address, const Sender& sender)
    {
        return {static_cast<int>(sender.standing), -static_cast<std::int64_t>(sender.pending), address};
    }

    void count_in(const Address& sender, Standing standing);
    void count_out(const Address& sender, std::size_t count = 1);
    /** Makes room for a newcomer of `standing` with `pending` transactions already; false when it may not. */
    bool evict_for(Standing standing, std::size_t pending);

    std::size_t m_capacity;
    std::size_t m_per_sender;
    std::deque<Entry> m_queue;
    // Looked up by key only: order lives in m_queue and m_victims.
    std::unordered_set<Hash256, Hash256Hash> m_ids;
    std::unordered_map<Address, std::uint64_t, AddressHash> m_next_nonce;
    std::unordered_map<Address, Sender, AddressHash> m_senders;
    std::set<VictimKey> m_victims;
    std::vector<Hash256> m_evicted;
};

} // namespace berth
