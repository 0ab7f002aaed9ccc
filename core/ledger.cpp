#include "ledger.h"

#include "accounts.h"
#include "alwaysfalse.h"
#include "blockcontext.h"
#include "decoder.h"
#include "escrow.h"
#include "leases.h"
#include "ledgerloader.h"
#include "market.h"
#include "registry.h"
#include "staking.h"

#include <algorithm>
#include <stdexcept>

namespace berth {

Ledger::Ledger(State state, StateCommitment commitment, std::optional<StoredDeadlines> deadlines)
    : m_state(std::move(state)), m_commitment(std::move(commitment))
{
    m_state.forget_changes();
    m_root = m_commitment.root();
    if (deadlines) {
        m_time_deadlines = std::move(deadlines->by_time);
        m_height_deadlines = std::move(deadlines->by_height);
    } else {
        schedule_all();
    }
}

Ledger::Ledger(State state) : m_state(std::move(state))
{
    m_state.forget_changes();
    std::vector<StateObject> objects = m_state.all_objects();
    m_commitment.apply(objects);
    m_root = m_commitment.root();
    schedule_all();
}

Ledger Ledger::from_objects(const std::vector<StateObject>& objects)
{
    LedgerLoader loader(LedgerLoader::Derived::Recompute);
    for (const StateObject& object : objects) {
        if (!object.value) throw DecodeError("state object without a value");
        loader.add(object.key, *object.value);
    }
    return std::move(loader).finish();
}

std::uint64_t Ledger::next_nonce(const Address& sender) const
{
    const Account* account = m_state.accounts.find(sender);
    return account ? account->nonce : 0;
}

std::optional<TxError> Ledger::precheck(const Transaction& tx, SignatureCheck check) const
{
    return precheck(Envelope{&tx, {}, tx.sender_address(), nullptr}, check);
}

std::optional<TxError> Ledger::precheck(const PreparedTransaction& tx, SignatureCheck check) const
{
    return precheck(Envelope{&tx.tx(), tx.id(), tx.sender(), &tx}, check);
}

std::optional<TxError> Ledger::chain_and_signature_refusal(const Envelope& envelope, SignatureCheck check) const
{
    const Transaction& tx = *envelope.tx;
    if (tx.chain_id != params().chain_id)
        return TxError(ErrorCode::WrongChainId, "transaction is for chain '" + tx.chain_id + "', this chain is '" + params().chain_id + "'");
    if (check == SignatureCheck::Verify && !envelope.verify_signature())
        return TxError(ErrorCode::BadSignature, "the signature does not match the sender's key");
    return std::nullopt;
}

std::optional<TxError> Ledger::precheck(const Envelope& envelope, SignatureCheck check) const
{
    if (auto refused = chain_and_signature_refusal(envelope, check)) return refused;
    const Transaction& tx = *envelope.tx;
    const std::uint64_t expected = next_nonce(envelope.sender);
    if (tx.nonce < expected)
        return TxError(ErrorCode::BadNonce, "nonce " + std::to_string(tx.nonce) + " was already used; the next is " + std::to_string(expected));
    return std::nullopt;
}

void Ledger::schedule_all()
{
    std::vector<std::pair<std::uint64_t, JobId>> by_time, by_height;
    m_state.jobs.for_each([&](JobId id, const Job& job) {
        if (const auto due = JobDeadline::of(job, params())) (due->by_height ? by_height : by_time).emplace_back(due->at, id);
    });
    // Sorted first, every entry is filed at the end of its index, without a search down a tree
    // that a large store makes a million entries deep.
    for (auto [entries, index] : {std::pair{&by_time, &m_time_deadlines}, std::pair{&by_height, &m_height_deadlines}}) {
        std::sort(entries->begin(), entries->end());
        for (const auto& entry : *entries) index->insert(index->end(), entry);
    }
}

void Ledger::reschedule(const DeadlineMove& move)
{
    if (move.from == move.to) return;
    if (move.from) (move.from->by_height ? m_height_deadlines : m_time_deadlines).erase({move.from->at, move.job});
    if (move.to) (move.to->by_height ? m_height_deadlines : m_time_deadlines).insert({move.to->at, move.job});
    const auto [noted, first] = m_block_move_of.try_emplace(move.job, m_block_moves.size());
    if (first)
        m_block_moves.push_back(move);
    else
        m_block_moves[noted->second].to = move.to;
}

std::optional<JobDeadline> Ledger::deadline_of(const Job* job) const
{
    return job ? JobDeadline::of(*job, params()) : std::nullopt;
}

void Ledger::commit()
{
    // A job is filed under the deadline of its row as committed, and the parameters never change
    // after genesis, so the row before the transaction names the entry to move.
    std::vector<DeadlineMove> moves;
    for (JobId id : m_state.jobs.touched()) {
        const std::optional<Job>& before = m_state.jobs.before(id);
        moves.push_back({id, deadline_of(before ? &*before : nullptr), deadline_of(m_state.jobs.find(id))});
    }
    m_state.commit();
    for (const DeadlineMove& move : moves) reschedule(move);
}

void Ledger::run_due(BlockContext& ctx, DeadlineIndex& index, std::uint64_t now, bool by_height)
{
    while (!index.empty() && index.begin()->first <= now) {
        const auto [at, id] = *index.begin();
        Job& job = m_state.jobs.write(id);
        try {
            if (by_height)
                Market(ctx).close_window(job);
            else
                Leases(ctx).on_time_deadline(job);
        } catch (const std::exception& e) {
            // Deadline transitions only run on states the indexes derived; failing here is a ledger bug.
            throw std::logic_error("deadline transition of " + job_label(id) + " failed: " + e.what());
        }
        commit();
        const auto again = deadline_of(m_state.jobs.find(id));
        if (again && again->by_height == by_height && again->at <= now)
            throw std::logic_error("deadline transition of " + job_label(id) + " did not advance");
    }
}

BlockOutcome Ledger::apply_block(std::uint64_t height, std::uint64_t timestamp_ms, std::span<const Transaction> txs, SignatureCheck check)
{
    std::vector<Envelope> envelopes;
    envelopes.reserve(txs.size());
    for (const Transaction& tx : txs) envelopes.push_back(Envelope{&tx, tx.id(), tx.sender_address(), nullptr});
    return apply_envelopes(height, timestamp_ms, envelopes, check);
}

BlockOutcome Ledger::apply_block(std::uint64_t height, std::uint64_t timestamp_ms, std::span<const PreparedTransaction> txs,
                                 SignatureCheck check)
{
    std::vector<Envelope> envelopes;
    envelopes.reserve(txs.size());
    for (const PreparedTransaction& tx : txs) envelopes.push_back(Envelope{&tx.tx(), tx.id(), tx.sender(), &tx});
    return apply_envelopes(height, timestamp_ms, envelopes, check);
}

BlockOutcome Ledger::apply_envelopes(std::uint64_t height, std::uint64_t timestamp_ms, std::span<const Envelope> txs, SignatureCheck check)
{
    if (height != this->height() + 1)
        throw std::invalid_argument("block height " + std::to_string(height) + " does not follow " + std::to_string(this->height()));
    if (timestamp_ms <= time_ms())
        throw std::invalid_argument("block time " + std::to_string(timestamp_ms) + " is not after the previous block's");

    BlockContext ctx(m_state, height, timestamp_ms);
    BlockOutcome outcome;
    m_block_moves.clear();
    m_block_move_of.clear();
    run_due(ctx, m_time_deadlines, timestamp_ms, false);
    for (const Envelope& envelope : txs) {
        const Transaction& tx = *envelope.tx;
        const std::size_t events_before = ctx.events().size();
        Receipt receipt{envelope.id, std::nullopt, {}, 0, false};
        if (auto refused = check_envelope(envelope, check)) {
            receipt.error = refused->code();
            receipt.message = refused->what();
            outcome.receipts.push_back(std::move(receipt));
            continue;
        }
        receipt.included = true;
        const Address& sender = envelope.sender;
        try {
            receipt.created_job = dispatch(ctx, sender, tx.payload);
        } catch (const TxError& e) {
            receipt.error = e.code();
            receipt.message = e.what();
        } catch (const std::overflow_error& e) {
            receipt.error = ErrorCode::Overflow;
            receipt.message = std::string("amount overflow: ") + e.what();
        } catch (const std::range_error& e) {
            receipt.error = ErrorCode::Overflow;
            receipt.message = std::string("amount underflow: ") + e.what();
        }
        if (!receipt.ok()) {
            m_state.rollback();
            ctx.events().resize(events_before);
        }
        // Applied or failed, the nonce is used: a failed transaction cannot be replayed later.
        ctx.account(sender).nonce = tx.nonce + 1;
        commit();
        outcome.receipts.push_back(std::move(receipt));
    }
    run_due(ctx, m_height_deadlines, height, true);

    Globals& globals = m_state.write_globals();
    globals.last_height = height;
    globals.last_time_ms = timestamp_ms;
    commit();

    outcome.events = std::move(ctx.events());
    outcome.changes = m_state.take_changes();
    m_commitment.apply(outcome.changes);
    m_root = m_commitment.root(&outcome.changed_buckets);
    outcome.state_root = m_root;
    // A job moved and moved back within the block is where it was.
    std::erase_if(m_block_moves, [](const DeadlineMove& move) { return move.from == move.to; });
    outcome.deadline_moves = std::move(m_block_moves);
    return outcome;
}

std::optional<TxError> Ledger::check_envelope(const Envelope& envelope, SignatureCheck check) const
{
    if (auto refused = chain_and_signature_refusal(envelope, check)) return refused;
    const Transaction& tx = *envelope.tx;
    const std::uint64_t expected = next_nonce(envelope.sender);
    if (tx.nonce != expected)
        return TxError(ErrorCode::BadNonce,
                       "nonce " + std::to_string(tx.nonce) + " is not the account's next nonce " + std::to_string(expected));
    return std::nullopt;
}

JobId Ledger::dispatch(BlockContext& ctx, const Address& sender, const tx::Payload& payload)
{
    JobId created = 0;
    std::visit(
        [&](const auto& p) {
            using T = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<T, tx::Transfer>)
                Accounts(ctx).transfer(sender, p);
            else if constexpr (std::is_same_v<T, tx::RegisterProvider>)
                Registry(ctx).register_provider(sender, p);
            else if constexpr (std::is_same_v<T, tx::SetOffer>)
                Registry(ctx).set_offer(sender, p);
            else if constexpr (std::is_same_v<T, tx::Stake>)
                Staking(ctx).stake(sender, p.amount);
            else if constexpr (std::is_same_v<T, tx::Unstake>)
                Staking(ctx).unstake(sender, p.amount);
            else if constexpr (std::is_same_v<T, tx::CreateOrder>)
                created = Market(ctx).create_order(sender, p);
            else if constexpr (std::is_same_v<T, tx::CreateBid>)
                Market(ctx).create_bid(sender, p);
            else if constexpr (std::is_same_v<T, tx::LeaseReady>)
                Leases(ctx).lease_ready(sender, p);
            else if constexpr (std::is_same_v<T, tx::ConfirmDeployment>)
                Leases(ctx).confirm_deployment(sender, p);
            else if constexpr (std::is_same_v<T, tx::UpdateLease>)
                Leases(ctx).update_lease(sender, p);
            else if constexpr (std::is_same_v<T, tx::LeaseUpdated>)
                Leases(ctx).lease_updated(sender, p);
            else if constexpr (std::is_same_v<T, tx::CloseLease>)
                Leases(ctx).close_lease(sender, p);
            else if constexpr (std::is_same_v<T, tx::LeaseClosed>)
                Leases(ctx).lease_closed(sender, p);
            else if constexpr (std::is_same_v<T, tx::DepositEscrow>)
                Leases(ctx).deposit(sender, p);
            else if constexpr (std::is_same_v<T, tx::ExitLease>)
                Leases(ctx).exit_lease(sender, p);
            else if constexpr (std::is_same_v<T, tx::ReportFault>)
                Leases(ctx).report_fault(sender, p);
            else if constexpr (std::is_same_v<T, tx::WithdrawEarnings>)
                Escrow(ctx).withdraw_earnings(sender);
            else if constexpr (std::is_same_v<T, tx::PublishCertificate>)
                Accounts(ctx).publish_certificate(sender, p);
            else if constexpr (std::is_same_v<T, tx::RevokeCertificate>)
                Accounts(ctx).revoke_certificate(sender);
            else if constexpr (std::is_same_v<T, tx::UpdateProvider>)
                Registry(ctx).update_provider(sender, p);
            else if constexpr (std::is_same_v<T, tx::ManifestTimeout>)
                Leases(ctx).manifest_timeout(sender, p);
            else if constexpr (std::is_same_v<T, tx::RefuseUpdate>)
                Leases(ctx).refuse_update(sender, p);
            else if constexpr (std::is_same_v<T, tx::RestoreAccess>)
                Leases(ctx).restore_access(sender, p);
            else if constexpr (std::is_same_v<T, tx::ManifestDelivered>)
                Leases(ctx).manifest_delivered(sender, p);
            else
                static_assert(always_false<T>, "a transaction payload without a contract to handle it");
        },
        payload);
    return created;
}

} // namespace berth
