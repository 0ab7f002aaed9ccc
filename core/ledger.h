#pragma once

#include "event.h"
#include "hash.h"
#include "jobdeadline.h"
#include "preparedtransaction.h"
#include "state.h"
#include "statecommitment.h"
#include "transaction.h"
#include "txerror.h"

#include <absl/container/btree_set.h>
#include <absl/container/flat_hash_map.h>

#include <optional>
#include <span>
#include <vector>

namespace berth {

class BlockContext;

/**
 * The outcome of one transaction in a block. A transaction whose envelope is right (chain id,
 * signature, the sender's next nonce) is included: applied, or failed with a code and a
 * message, its writes undone and its nonce consumed, so it cannot be replayed. One whose
 * envelope is wrong is left out of the block.
 */
struct Receipt {
    Hash256 tx_id;
    std::optional<ErrorCode> error;
    std::string message;
    /** The order a create_order transaction opened; 0 otherwise. */
    JobId created_job = 0;
    bool included = false;
    bool ok() const { return !error.has_value(); }
};

/**
 * What applying a block produced: a receipt per transaction, the events, the changed objects,
 * and the new root; and for the store, the commitment buckets the block changed and how it
 * moved jobs between deadlines.
 */
struct BlockOutcome {
    std::vector<Receipt> receipts;
    std::vector<Event> events;
    std::vector<StateObject> changes;
    Hash256 state_root;
    /** The commitment's buckets the changes touched, in order; each as it is now is Ledger::commitment_bucket(). */
    std::vector<std::uint32_t> changed_buckets;
    /** One net move per job whose deadline the block changed. */
    std::vector<DeadlineMove> deadline_moves;
};

/**
 * The market's state machine. A block first runs the time-driven transitions due at its
 * timestamp (bootstrap timeouts, escrow exhaustion, exit cooldowns), then applies its
 * transactions in order, each atomically (a rejected one changes nothing), then closes the
 * bid windows that end at its height. Deadlines are kept in indexes ordered by time and
 * height, so a block costs what its transactions and due deadlines cost, never a walk over
 * every lease or provider.
 */
class Ledger
{
public:
    /** Takes a state from Genesis::build_state(). */
    explicit Ledger(State state);
    /** Takes a state decoded from `objects`, the encoded objects a store holds (see LedgerLoader). */
    static Ledger from_objects(const std::vector<StateObject>& objects);

    enum class SignatureCheck { Verify, AlreadyVerified };

    /**
     * Checks what does not depend on other transactions in the block: the chain id, the
     * signature (unless the caller already verified it), and that the nonce has not been used.
     * Mempools call it on arrival.
     */
    std::optional<TxError> precheck(const Transaction& tx, SignatureCheck check = SignatureCheck::Verify) const;
    /** precheck() with the sender and signing bytes the transaction carries. */
    std::optional<TxError> precheck(const PreparedTransaction& tx, SignatureCheck check = SignatureCheck::Verify) const;

    /** Applies one block; throws std::invalid_argument if its height or time does not follow the last block. */
    BlockOutcome apply_block(std::uint64_t height, std::uint64_t timestamp_ms, std::span<const Transaction> txs,
                             SignatureCheck check = SignatureCheck::Verify);
    /** apply_block() with the ids, senders and signing bytes the transactions carry; the outcome is the same. */
    BlockOutcome apply_block(std::uint64_t height, std::uint64_t timestamp_ms, std::span<const PreparedTransaction> txs,
                             SignatureCheck check = SignatureCheck::Verify);

    const State& state() const { return m_state; }
    const Hash256& state_root() const { return m_root; }
    std::uint64_t height() const { return m_state.globals().last_height; }
    std::uint64_t time_ms() const { return m_state.globals().last_time_ms; }
    const Params& params() const { return m_state.params(); }

    /** The next account nonce a transaction from `sender` must carry. */
    std::uint64_t next_nonce(const Address& sender) const;

    /** One bucket of the state commitment (below StateCommitment::bucket_count), its entries back to back, as a store keeps it. */
    ByteView commitment_bucket(std::size_t bucket) const { return m_commitment.bucket_entries(bucket); }
    /** Calls `visit(job, deadline)` for every job filed under a deadline, by height first, each kind soonest first. */
    template <typename Visit>
    void for_each_deadline(Visit&& visit) const
    {
        for (const auto& [at, job] : m_height_deadlines) visit(job, JobDeadline{true, at});
        for (const auto& [at, job] : m_time_deadlines) visit(job, JobDeadline{false, at});
    }

private:
    friend class LedgerLoader;
    /**
     * Jobs by their next deadline (a time or a height), soonest first. A B-tree: a million
     * running leases make a red-black tree twenty nodes deep, each a cache miss when a block
     * moves a job's deadline, and one heap block per lease.
     */
    using DeadlineIndex = absl::btree_set<std::pair<std::uint64_t, JobId>>;
    /** The deadlines of every job of a state being opened, as a store kept them; none: derive them from the jobs. */
    struct StoredDeadlines {
        DeadlineIndex by_time, by_height;
    };
    Ledger(State state, StateCommitment commitment, std::optional<StoredDeadlines> deadlines);

    /** A transaction with its id and sender, computed here or carried by a PreparedTransaction (then also its signing bytes). */
    struct Envelope {
        const Transaction* tx = nullptr;
        Hash256 id;
        Address sender;
        const PreparedTransaction* prepared = nullptr;
        bool verify_signature() const { return prepared ? prepared->verify_signature() : tx->verify_signature(); }
    };

    /** What precheck() and check_envelope() both refuse: the wrong chain, a bad signature. They differ on the nonce. */
    std::optional<TxError> chain_and_signature_refusal(const Envelope& tx, SignatureCheck check) const;
    std::optional<TxError> precheck(const Envelope& tx, SignatureCheck check) const;
    BlockOutcome apply_envelopes(std::uint64_t height, std::uint64_t timestamp_ms, std::span<const Envelope> txs, SignatureCheck check);
    /** What keeps a transaction out of the block altogether: the wrong chain, a bad signature, not the sender's next nonce. */
    std::optional<TxError> check_envelope(const Envelope& tx, SignatureCheck check) const;
    JobId dispatch(BlockContext& ctx, const Address& sender, const tx::Payload& payload);
    /** Commits the current transaction's writes and re-derives the deadlines of the jobs it touched. */
    void commit();
    /** The next deadline of a job, none when it is null (gone). */
    std::optional<JobDeadline> deadline_of(const Job* job) const;
    /** Moves a job in the deadline indexes, and notes the move for the block's outcome. */
    void reschedule(const DeadlineMove& move);
    /** Files every job of a state just opened, reading each once without keeping it decoded. */
    void schedule_all();
    void run_due(BlockContext& ctx, DeadlineIndex& index, std::uint64_t now, bool by_height);

    State m_state;
    StateCommitment m_commitment;
    Hash256 m_root;
    DeadlineIndex m_time_deadlines;
    DeadlineIndex m_height_deadlines;
    /** The current block's deadline moves, one per job (found through m_block_move_of) so that a job moved twice nets out. */
    std::vector<DeadlineMove> m_block_moves;
    absl::flat_hash_map<JobId, std::size_t> m_block_move_of;
};

} // namespace berth
