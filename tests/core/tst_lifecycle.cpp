#include "chainharness.h"
#include "testsupport.h"

#include <escrow.h>

#include <testcase.h>

#include <QtTest>

#include <stdexcept>
#include <string>
#include <vector>

using namespace berth;
using berth::test::ChainHarness;
using berth::test::per_s;
using berth::test::deposit;
using berth::test::endpoint;
using berth::test::event_field;
using berth::test::event_names;
using berth::test::terms;
using berth::test::text;

namespace {

/** The inputs of a fixed scripted run; `variant` changes one bid's price in its second block. */
std::vector<Transaction> script_block(ChainHarness& chain, int step, bool variant, std::uint64_t& gap)
{
    const auto order = [&](const std::string& owner, const Amount& max_price, const Amount& amount) {
        return chain.sign(
            owner, tx::CreateOrder{"cpu.small", 1, max_price, Hash256::of(as_bytes("scripted " + owner)), "https://images.example/app", amount});
    };
    gap = 1000;
    std::vector<Transaction> txs;
    switch (step) {
    case 0: txs = {order("alice", per_s(50), deposit), order("bob", per_s(45), 9000)}; break;
    case 1:
        txs = {chain.sign("p1", tx::CreateBid{1, per_s(30)}), chain.sign("p2", tx::CreateBid{1, per_s(variant ? 21 : 20)}),
               chain.sign("p3", tx::CreateBid{2, per_s(40)})};
        break;
    case 2: txs = {chain.sign("p1", tx::CreateBid{2, per_s(35)})}; break;
    case 3: txs = {chain.sign("p2", tx::LeaseReady{1}), chain.sign("p1", tx::LeaseReady{2})}; break;
    case 4:
        gap = 1500;
        txs = {chain.sign("p2", tx::ConfirmDeployment{1, endpoint}), chain.sign("p1", tx::ConfirmDeployment{2, endpoint})};
        break;
    case 5:
        gap = 7000;
        txs = {chain.sign("alice", tx::DepositEscrow{1, 500}), chain.sign("bob", tx::Transfer{chain.address("alice"), Denom::USDC, 77})};
        break;
    case 6: txs = {chain.sign("alice", tx::UpdateLease{1, terms("cpu.small", per_s(60), 2)})}; break;
    case 7:
        gap = 2300;
        txs = {chain.sign("p2", tx::LeaseUpdated{1, per_s(25), endpoint})};
        break;
    case 8: txs = {chain.sign("auditor1", tx::ReportFault{2, "probe failed"})}; break;
    case 9: txs = {chain.sign("auditor2", tx::ReportFault{2, "probe failed"})}; break;
    case 10: txs = {chain.sign("p3", tx::CreateBid{2, per_s(40)}), chain.sign("p2", tx::CreateBid{2, per_s(22)})}; break;
    case 11: break;
    case 12: txs = {chain.sign("p2", tx::LeaseReady{2}), chain.sign("p2", tx::ConfirmDeployment{2, endpoint})}; break;
    case 13: txs = {chain.sign("alice", tx::CloseLease{1}), chain.sign("p2", tx::ExitLease{2})}; break;
    case 14:
        gap = 25000;
        txs = {chain.sign("p2", tx::LeaseClosed{1})};
        break;
    case 15: txs = {chain.sign("p1", tx::Unstake{ChainHarness::pond(10)}), chain.sign("p2", tx::WithdrawEarnings{})}; break;
    default: break;
    }
    return txs;
}

constexpr int script_steps = 16;

/** Runs the scripted inputs on a fresh chain; returns the state root after every block. */
std::vector<Hash256> run_script(bool variant, std::vector<Event>* events = nullptr)
{
    ChainHarness chain;
    std::vector<Hash256> roots;
    for (int step = 0; step < script_steps; ++step) {
        std::uint64_t gap = 0;
        const std::vector<Transaction> txs = script_block(chain, step, variant, gap);
        const BlockOutcome outcome = chain.block(txs, gap);
        for (const Receipt& r : outcome.receipts)
            if (!r.ok()) throw std::runtime_error("scripted step " + std::to_string(step) + " rejected: " + r.message);
        roots.push_back(outcome.state_root);
    }
    if (events) *events = chain.events();
    return roots;
}

} // namespace

/**
 * Whole lease lifecycles driven through the ledger with the fake block clock: the happy path,
 * updates and the block at which billing switches price, every way a user, the escrow, the
 * provider or the close-ack timeout ends a lease, orders that find no provider, the exact
 * event sequence of each, and the determinism of state roots across independent chains that
 * run the same scripted lifecycle.
 */
class TestLifecycle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void happyPathSettlesExactly();
    void updateSwitchesPriceAtLeaseUpdatedBlock();
    void updateOfInstanceTypeMovesCapacity();
    void userCloseInLookupCancelsOrderWithFullRefund();
    void userCloseInEachLeaseState_data();
    void userCloseInEachLeaseState();
    void closeAckTimeoutClosesAndUnlocksStake();
    void manifestTimeoutClosesWithFullRefundAndNoSlash();
    void escrowExhaustionClosesWithInsufficientFunds();
    void escrowTopUpMovesExhaustionAndLongGapsSettleExactly();
    void providerExitClosesAfterCooldown();
    void orderWithoutBidsClosesAfterMaxLookupWindows_data();
    void orderWithoutBidsClosesAfterMaxLookupWindows();
    void sameInputsGiveSameRootsAtEveryHeight();
};

void TestLifecycle::happyPathSettlesExactly()
{
    ChainHarness chain;
    const Amount alice_before = chain.account("alice").usdc;
    const JobId id = chain.order("alice", per_s(50), ChainHarness::usdc(10));
    QCOMPARE(chain.job(id).state, JobState::ProviderLookup);

    QVERIFY(chain.submit("p1", tx::CreateBid{id, per_s(30)}).ok());
    QVERIFY(chain.submit("p2", tx::CreateBid{id, per_s(20)}).ok());
    QCOMPARE(chain.job(id).state, JobState::CreateLease);
    QCOMPARE(chain.job(id).provider, chain.address("p2"));
    QCOMPARE(chain.job(id).price_per_s, per_s(20));

    QVERIFY(chain.submit("p2", tx::LeaseReady{id}).ok());
    QVERIFY(chain.submit("p2", tx::ConfirmDeployment{id, endpoint}).ok());
    QCOMPARE(chain.job(id).state, JobState::DeploymentConfirmed);

    chain.advance_time(100'000);
    const Receipt closed = chain.submit("alice", tx::CloseLease{id});
    QVERIFY2(closed.ok(), closed.message.c_str());
    QCOMPARE(chain.job(id).state, JobState::CloseLease);
    QVERIFY(chain.submit("p2", tx::LeaseClosed{id}).ok());
    QCOMPARE(chain.job(id).state, JobState::LeaseClosed);

    // 100 s of block time plus the close block's second, at 20 per second.
    const Amount spent = chain.job(id).spent;
    QCOMPARE(spent, Amount(20 * 101));
    QCOMPARE(chain.account("p2").earnings, spent);
    QCOMPARE(chain.account("alice").usdc, alice_before - spent);
    const QStringList expected{"PROVIDER_LOOKUP", "CREATE_BID",           "CREATE_BID",  "CREATE_LEASE",
                               "LEASE_READY",     "DEPLOYMENT_CONFIRMED", "CLOSE_LEASE", "LEASE_CLOSED"};
    QCOMPARE(event_names(chain, id), expected);
}

void TestLifecycle::updateSwitchesPriceAtLeaseUpdatedBlock()
{
    ChainHarness chain;
    const Amount alice_before = chain.account("alice").usdc;
    const JobId id = chain.deploy("alice", "p2", per_s(20));
    const std::uint64_t confirmed = chain.ledger().time_ms();

    chain.advance_time(9'000);
    const PendingUpdate update = terms("cpu.small", per_s(60), 3);
    VERIFY_ACCEPTED(chain.submit("alice", tx::UpdateLease{id, update})); // at +10 s
    QCOMPARE(chain.job(id).state, JobState::UpdateLease);
    QVERIFY(chain.job(id).pending_update == update);
    QCOMPARE(chain.job(id).price_per_s, per_s(20));
    QCOMPARE(chain.job(id).max_price_per_s, per_s(50));
    QCOMPARE(event_field(chain.last_event(id, EventName::UpdateLease), "max_price_per_s"), QStringLiteral("60"));
    // Until the provider answers, billing goes on at the old price.
    QCOMPARE(Escrow::accrued(chain.job(id), confirmed + 14'000), Amount(20 * 14));

    chain.advance_time(4'000);
    const Access moved{"10.0.0.7", {9090, 9091}, {"http://10.0.0.7:9090/", "http://10.0.0.7:9091/health"}};
    VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseUpdated{id, per_s(25), moved})); // at +15 s
    const Job& job = chain.job(id);
    QCOMPARE(chain.ledger().time_ms(), confirmed + 15'000);
    QCOMPARE(job.state, JobState::DeploymentConfirmed);
    // Everything before the LEASE_UPDATED block is settled at 20; from it on, 25 per second.
    QCOMPARE(job.spent, Amount(20 * 15));
    QCOMPARE(job.escrow, deposit - 20 * 15);
    QCOMPARE(job.settled_until_ms, confirmed + 15'000);
    QCOMPARE(chain.account("p2").earnings, Amount(20 * 15));
    QCOMPARE(job.price_per_s, per_s(25));
    QCOMPARE(job.max_price_per_s, per_s(60));
    QCOMPARE(job.replicas, 3u);
    QCOMPARE(job.manifest_hash, update.manifest_hash);
    QVERIFY(job.access == moved);
    QVERIFY(!job.pending_update.has_value());
    QCOMPARE(Escrow::accrued(job, confirmed + 16'000), Amount(25));
    QCOMPARE(event_field(chain.last_event(id, EventName::LeaseUpdated), "price_per_s"), QStringLiteral("25"));

    chain.advance_time(9'000);
    VERIFY_ACCEPTED(chain.submit("alice", tx::CloseLease{id})); // at +25 s
    VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseClosed{id}));
    const Amount spent = Amount(20 * 15 + 25 * 10);
    QCOMPARE(chain.job(id).spent, spent);
    QCOMPARE(chain.account("p2").earnings, spent);
    QCOMPARE(chain.account("alice").usdc, alice_before - spent);
    const QStringList expected{"PROVIDER_LOOKUP", "CREATE_BID",    "CREATE_LEASE", "LEASE_READY", "DEPLOYMENT_CONFIRMED",
                               "UPDATE_LEASE",    "LEASE_UPDATED", "CLOSE_LEASE",  "LEASE_CLOSED"};
    QCOMPARE(event_names(chain, id), expected);
}

void TestLifecycle::updateOfInstanceTypeMovesCapacity()
{
    ChainHarness chain;
    const JobId id = chain.deploy("alice", "p2", per_s(20));
    const Address p2 = chain.address("p2");
    VERIFY_ACCEPTED(chain.submit("p2", tx::SetOffer{"cpu.large", per_s(35), 1}));

    // No offer of the type at all: refused before the provider is asked.
    VERIFY_REJECTED(chain, "alice", ErrorCode::InsufficientCapacity, "gpu.xl", tx::UpdateLease{id, terms("gpu.xl", per_s(50))});

    VERIFY_ACCEPTED(chain.submit("alice", tx::UpdateLease{id, terms("cpu.large", per_s(50))}));
    // The capacity only moves when the provider applies the update.
    QCOMPARE(chain.state().providers.find(p2)->offers.at("cpu.small").used, 1u);
    QCOMPARE(chain.state().providers.find(p2)->offers.at("cpu.large").used, 0u);
    VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseUpdated{id, per_s(35), endpoint}));
    const Provider& provider = *chain.state().providers.find(p2);
    QCOMPARE(provider.offers.at("cpu.small").used, 0u);
    QCOMPARE(provider.offers.at("cpu.large").used, 1u);
    QCOMPARE(provider.active_jobs, 1u);
    QCOMPARE(chain.locked_stake("p2"), chain.state().params().stake_per_job);
    QCOMPARE(chain.job(id).instance_type, std::string("cpu.large"));

    // The one cpu.large unit is taken now: p2 can no longer bid for another cpu.large order.
    const JobId other = chain.order("bob", per_s(50), deposit, "cpu.large");
    VERIFY_REJECTED(chain, "p2", ErrorCode::InsufficientCapacity, "no free cpu.large capacity", tx::CreateBid{other, per_s(30)});

    VERIFY_ACCEPTED(chain.submit("alice", tx::CloseLease{id}));
    VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseClosed{id}));
    QCOMPARE(chain.state().providers.find(p2)->offers.at("cpu.large").used, 0u);
    QCOMPARE(chain.state().providers.find(p2)->offers.at("cpu.small").used, 0u);
    QCOMPARE(chain.locked_stake("p2"), Amount(0));
}

void TestLifecycle::userCloseInLookupCancelsOrderWithFullRefund()
{
    ChainHarness chain;
    const Amount alice_before = chain.account("alice").usdc;
    const JobId id = chain.order("alice", per_s(50), deposit);
    QCOMPARE(chain.account("alice").usdc, alice_before - deposit);
    QCOMPARE(chain.job(id).escrow, deposit);
    VERIFY_ACCEPTED(chain.submit("p2", tx::CreateBid{id, per_s(20)}));
    // Closed in the block its window would close in: the close comes first, nothing is matched.
    QCOMPARE(chain.ledger().height() + 1, chain.job(id).window_end_height);
    VERIFY_ACCEPTED(chain.submit("alice", tx::CloseLease{id}));

    const Job& job = chain.job(id);
    QCOMPARE(job.state, JobState::OrderClosed);
    QCOMPARE(job.close_reason, CloseReason::User);
    QCOMPARE(job.escrow, Amount(0));
    QVERIFY(job.provider.is_null());
    QCOMPARE(chain.account("alice").usdc, alice_before);
    const Event& closed = chain.last_event(id, EventName::OrderClosed);
    QCOMPARE(event_field(closed, "reason"), QStringLiteral("user"));
    QCOMPARE(event_field(closed, "refunded"), text(deposit));
    QCOMPARE(chain.locked_stake("p2"), Amount(0));

    chain.advance_time(5'000);
    QCOMPARE(chain.job(id).state, JobState::OrderClosed);
    VERIFY_REJECTED(chain, "p1", ErrorCode::BidWindowClosed, "ORDER_CLOSED", tx::CreateBid{id, per_s(30)});
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongState, "ORDER_CLOSED", tx::CloseLease{id});
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongState, "ORDER_CLOSED", tx::DepositEscrow{id, 1000});
    QCOMPARE(event_names(chain, id), (QStringList{"PROVIDER_LOOKUP", "CREATE_BID", "ORDER_CLOSED"}));
}

void TestLifecycle::userCloseInEachLeaseState_data()
{
    QTest::addColumn<int>("stage");
    QTest::addColumn<int>("billed_seconds");
    QTest::addColumn<QStringList>("expected");
    const QStringList matched{"PROVIDER_LOOKUP", "CREATE_BID", "CREATE_LEASE"};
    const QStringList end{"CLOSE_LEASE", "LEASE_CLOSED"};
    const QStringList deployed = matched + QStringList{"LEASE_READY", "DEPLOYMENT_CONFIRMED"};
    // A billed lease is confirmed, runs 10 s, then (for the last two) gets one more block's transaction.
    QTest::newRow("CREATE_LEASE") << static_cast<int>(JobState::CreateLease) << 0 << matched + end;
    QTest::newRow("LEASE_READY") << static_cast<int>(JobState::LeaseReady) << 0 << matched + QStringList{"LEASE_READY"} + end;
    QTest::newRow("DEPLOYMENT_CONFIRMED") << static_cast<int>(JobState::DeploymentConfirmed) << 11 << deployed + end;
    QTest::newRow("UPDATE_LEASE") << static_cast<int>(JobState::UpdateLease) << 12 << deployed + QStringList{"UPDATE_LEASE"} + end;
    QTest::newRow("EXIT_COOLDOWN") << static_cast<int>(JobState::ExitCooldown) << 12 << deployed + QStringList{"EXIT_REQUESTED"} + end;
}

void TestLifecycle::userCloseInEachLeaseState()
{
    QFETCH(int, stage);
    QFETCH(int, billed_seconds);
    QFETCH(QStringList, expected);
    const auto state = static_cast<JobState>(stage);

    ChainHarness chain;
    const Amount alice_before = chain.account("alice").usdc;
    const Amount per_job = chain.state().params().stake_per_job;
    const JobId id = chain.matched_order("alice", "p2", per_s(20));
    const bool billed = state != JobState::CreateLease && state != JobState::LeaseReady;
    std::uint64_t confirmed = 0;
    if (state != JobState::CreateLease) VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseReady{id}));
    if (billed) {
        VERIFY_ACCEPTED(chain.submit("p2", tx::ConfirmDeployment{id, endpoint}));
        confirmed = chain.ledger().time_ms();
        chain.advance_time(10'000);
    }
    if (state == JobState::UpdateLease) VERIFY_ACCEPTED(chain.submit("alice", tx::UpdateLease{id, terms("cpu.small", per_s(40))}));
    if (state == JobState::ExitCooldown) VERIFY_ACCEPTED(chain.submit("p2", tx::ExitLease{id}));
    QCOMPARE(chain.job(id).state, state);

    VERIFY_ACCEPTED(chain.submit("alice", tx::CloseLease{id}));
    const std::uint64_t closed_at = chain.ledger().time_ms();
    const Amount spent = Amount(20) * static_cast<unsigned>(billed_seconds);
    if (billed) QCOMPARE(closed_at - confirmed, static_cast<std::uint64_t>(billed_seconds) * 1000);
    {
        const Job& job = chain.job(id);
        QCOMPARE(job.state, JobState::CloseLease);
        QCOMPARE(job.spent, spent);
        QCOMPARE(job.escrow, Amount(0));
        QVERIFY(!job.billing);
        QVERIFY(!job.pending_update.has_value());
        QCOMPARE(event_field(chain.last_event(id, EventName::CloseLease), "refunded"), text(deposit - spent));
    }
    QCOMPARE(chain.account("alice").usdc, alice_before - spent);
    // The provider keeps its lock and capacity until it has stopped the workload.
    QCOMPARE(chain.locked_stake("p2"), per_job);
    QCOMPARE(chain.state().providers.find(chain.address("p2"))->offers.at("cpu.small").used, 1u);

    chain.advance_time(5'000);
    QCOMPARE(chain.job(id).spent, spent);
    QCOMPARE(chain.account("p2").earnings, spent);

    VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseClosed{id}));
    const Job& job = chain.job(id);
    QCOMPARE(job.state, JobState::LeaseClosed);
    QCOMPARE(job.close_reason, CloseReason::User);
    QCOMPARE(event_field(chain.last_event(id, EventName::LeaseClosed), "reason"), QStringLiteral("user"));
    QCOMPARE(chain.locked_stake("p2"), Amount(0));
    const Provider& provider = *chain.state().providers.find(chain.address("p2"));
    QCOMPARE(provider.offers.at("cpu.small").used, 0u);
    QCOMPARE(provider.active_jobs, 0u);
    QCOMPARE(chain.account("alice").usdc, alice_before - spent);
    QCOMPARE(chain.account("p2").earnings, spent);
    QCOMPARE(event_names(chain, id), expected);
}

void TestLifecycle::closeAckTimeoutClosesAndUnlocksStake()
{
    ChainHarness chain;
    const Amount alice_before = chain.account("alice").usdc;
    const JobId id = chain.deploy("alice", "p2", per_s(20));
    chain.advance_time(4'000);
    VERIFY_ACCEPTED(chain.submit("alice", tx::CloseLease{id})); // 5 s after the confirmation
    const std::uint64_t closing = chain.ledger().time_ms();
    const std::uint64_t timeout_ms = chain.state().params().close_ack_timeout_s * 1000;

    chain.advance_time(timeout_ms - 1000);
    QCOMPARE(chain.ledger().time_ms(), closing + timeout_ms - 1000);
    QCOMPARE(chain.job(id).state, JobState::CloseLease);
    QCOMPARE(chain.locked_stake("p2"), chain.state().params().stake_per_job);

    const BlockOutcome outcome = chain.block();
    QCOMPARE(chain.ledger().time_ms(), closing + timeout_ms);
    const Job& job = chain.job(id);
    QCOMPARE(job.state, JobState::LeaseClosed);
    QCOMPARE(job.close_reason, CloseReason::User);
    QCOMPARE(test::event_names_of(outcome.events), QStringList{"LEASE_CLOSED"});
    QCOMPARE(event_field(outcome.events.front(), "reason"), QStringLiteral("user"));
    QCOMPARE(job.spent, Amount(20 * 5));
    QCOMPARE(chain.account("alice").usdc, alice_before - 20 * 5);
    QCOMPARE(chain.locked_stake("p2"), Amount(0));
    QCOMPARE(chain.state().providers.find(chain.address("p2"))->offers.at("cpu.small").used, 0u);
    QCOMPARE(chain.state().providers.find(chain.address("p2"))->active_jobs, 0u);
    // A late acknowledgement is an action in the wrong state, not by the wrong actor.
    VERIFY_REJECTED(chain, "p2", ErrorCode::WrongState, "LEASE_CLOSED", tx::LeaseClosed{id});
    QCOMPARE(event_names(chain, id), (QStringList{"PROVIDER_LOOKUP", "CREATE_BID", "CREATE_LEASE", "LEASE_READY", "DEPLOYMENT_CONFIRMED",
                                                  "CLOSE_LEASE", "LEASE_CLOSED"}));
}

void TestLifecycle::manifestTimeoutClosesWithFullRefundAndNoSlash()
{
    ChainHarness chain;
    const Amount alice_before = chain.account("alice").usdc;
    const Amount stake_before = chain.account("p2").stake;
    const JobId id = chain.matched_order("alice", "p2", per_s(20));
    VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseReady{id}));
    const std::uint64_t matched = chain.job(id).matched_at_ms;
    const std::uint64_t timeout_ms = chain.state().params().manifest_timeout_s * 1000;

    // Each rejected attempt is a block of its own: the last one lands a second before the deadline.
    chain.advance_time(matched + timeout_ms - 4000 - chain.ledger().time_ms());
    VERIFY_REJECTED(chain, "p1", ErrorCode::WrongActor, "not the provider", tx::ManifestTimeout{id});
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongActor, "not the provider", tx::ManifestTimeout{id});
    VERIFY_REJECTED(chain, "p2", ErrorCode::TooEarly, "manifest_timeout_s", tx::ManifestTimeout{id});
    QCOMPARE(chain.ledger().time_ms(), matched + timeout_ms - 1000);

    const Receipt closed = chain.submit("p2", tx::ManifestTimeout{id});
    QVERIFY2(closed.ok(), closed.message.c_str());
    QCOMPARE(chain.ledger().time_ms(), matched + timeout_ms);
    const Job& job = chain.job(id);
    QCOMPARE(job.state, JobState::LeaseClosed);
    QCOMPARE(job.close_reason, CloseReason::ManifestTimeout);
    QCOMPARE(event_field(chain.last_event(id, EventName::LeaseClosed), "reason"), QStringLiteral("manifest_timeout"));
    // Nothing was billed, the whole deposit came back, and the provider lost no stake.
    QCOMPARE(job.spent, Amount(0));
    QCOMPARE(chain.account("alice").usdc, alice_before);
    QCOMPARE(chain.account("p2").stake, stake_before);
    QCOMPARE(chain.locked_stake("p2"), Amount(0));
    QCOMPARE(chain.state().providers.find(chain.address("p2"))->offers.at("cpu.small").used, 0u);
    // A deployed lease cannot be closed this way.
    const JobId deployed = chain.deploy("bob", "p2", per_s(20));
    chain.advance_time(timeout_ms);
    VERIFY_REJECTED(chain, "p2", ErrorCode::WrongState, "DEPLOYMENT_CONFIRMED", tx::ManifestTimeout{deployed});
}

void TestLifecycle::escrowExhaustionClosesWithInsufficientFunds()
{
    ChainHarness chain;
    const Amount alice_before = chain.account("alice").usdc;
    // The minimum deposit for a max of 50 is 50 × 60 = 3000; at 20 per second 3007 pays 150 s.
    const JobId id = chain.deploy("alice", "p2", per_s(20), per_s(50), 3007);
    const std::uint64_t confirmed = chain.ledger().time_ms();
    QCOMPARE(Escrow::exhaustion_ms(chain.job(id)), std::optional<std::uint64_t>(confirmed + 150'000));

    chain.advance_time(149'000);
    QCOMPARE(chain.job(id).state, JobState::DeploymentConfirmed);
    QCOMPARE(chain.job(id).spent, Amount(0)); // settlement is lazy

    const BlockOutcome outcome = chain.block();
    QCOMPARE(chain.ledger().time_ms(), confirmed + 150'000);
    const Job& job = chain.job(id);
    QCOMPARE(job.state, JobState::LeaseClosed);
    QCOMPARE(job.close_reason, CloseReason::InsufficientFunds);
    QCOMPARE(job.spent, Amount(3000));
    QCOMPARE(job.escrow, Amount(0));
    QCOMPARE(test::event_names_of(outcome.events), QStringList{"LEASE_CLOSED"});
    const Event& closed = outcome.events.front();
    QCOMPARE(event_field(closed, "reason"), QStringLiteral("insufficient_funds"));
    QCOMPARE(event_field(closed, "spent"), QStringLiteral("3000"));
    QCOMPARE(event_field(closed, "refunded"), QStringLiteral("7"));
    QCOMPARE(chain.account("alice").usdc, alice_before - 3000);
    QCOMPARE(chain.account("p2").earnings, Amount(3000));
    QCOMPARE(chain.locked_stake("p2"), Amount(0));
    QCOMPARE(chain.state().providers.find(chain.address("p2"))->offers.at("cpu.small").used, 0u);
    QCOMPARE(event_names(chain, id),
             (QStringList{"PROVIDER_LOOKUP", "CREATE_BID", "CREATE_LEASE", "LEASE_READY", "DEPLOYMENT_CONFIRMED", "LEASE_CLOSED"}));

    // Nothing is charged afterwards, however much time passes.
    chain.block({}, 1'000'000);
    QCOMPARE(chain.account("p2").earnings, Amount(3000));
    QCOMPARE(chain.account("alice").usdc, alice_before - 3000);
}

void TestLifecycle::escrowTopUpMovesExhaustionAndLongGapsSettleExactly()
{
    ChainHarness chain;
    const Amount alice_before = chain.account("alice").usdc;
    const JobId id = chain.deploy("alice", "p2", per_s(20), per_s(50), 3007);
    const std::uint64_t confirmed = chain.ledger().time_ms();
    chain.advance_time(99'000);
    VERIFY_ACCEPTED(chain.submit("alice", tx::DepositEscrow{id, 2000})); // at +100 s
    // The top-up settles first: 100 s × 20 paid, 1007 + 2000 left, enough for 150 s more.
    QCOMPARE(chain.job(id).spent, Amount(2000));
    QCOMPARE(chain.job(id).escrow, Amount(3007));
    QCOMPARE(event_field(chain.last_event(id, EventName::EscrowDeposited), "escrow"), QStringLiteral("3007"));
    QCOMPARE(Escrow::exhaustion_ms(chain.job(id)), std::optional<std::uint64_t>(confirmed + 250'000));

    // One block far past the exhaustion: the lease ends at the exhaustion time, not the block time.
    chain.block({}, 10'000'000);
    const Job& job = chain.job(id);
    QCOMPARE(job.state, JobState::LeaseClosed);
    QCOMPARE(job.close_reason, CloseReason::InsufficientFunds);
    QCOMPARE(job.spent, Amount(5000));
    QCOMPARE(job.settled_until_ms, confirmed + 250'000);
    QCOMPARE(chain.account("p2").earnings, Amount(5000));
    QCOMPARE(chain.account("alice").usdc, alice_before - 5000);
    QCOMPARE(event_field(chain.last_event(id, EventName::LeaseClosed), "refunded"), QStringLiteral("7"));
}

void TestLifecycle::providerExitClosesAfterCooldown()
{
    ChainHarness chain;
    const Amount alice_before = chain.account("alice").usdc;
    const JobId id = chain.deploy("alice", "p2", per_s(20));
    const std::uint64_t confirmed = chain.ledger().time_ms();
    chain.advance_time(10'000);
    VERIFY_ACCEPTED(chain.submit("p2", tx::ExitLease{id})); // at +11 s
    const std::uint64_t exit_at = confirmed + 11'000 + chain.state().params().job_exit_cooldown_s * 1000;
    QCOMPARE(chain.job(id).state, JobState::ExitCooldown);
    QCOMPARE(chain.job(id).exit_at_ms, exit_at);
    QCOMPARE(event_field(chain.last_event(id, EventName::ExitRequested), "exit_at_ms"), QString::number(exit_at));

    chain.advance_time(exit_at - chain.ledger().time_ms() - 1000);
    QCOMPARE(chain.job(id).state, JobState::ExitCooldown);
    // Billing goes on through the cooldown.
    QCOMPARE(Escrow::accrued(chain.job(id), chain.ledger().time_ms()), Amount(20 * 30));
    QCOMPARE(chain.locked_stake("p2"), chain.state().params().stake_per_job);

    const BlockOutcome outcome = chain.block();
    QCOMPARE(chain.ledger().time_ms(), exit_at);
    const Job& job = chain.job(id);
    QCOMPARE(job.state, JobState::LeaseClosed);
    QCOMPARE(job.close_reason, CloseReason::ProviderExit);
    QCOMPARE(job.spent, Amount(20 * 31));
    QCOMPARE(test::event_names_of(outcome.events), QStringList{"LEASE_CLOSED"});
    QCOMPARE(event_field(outcome.events.front(), "reason"), QStringLiteral("provider_exit"));
    QCOMPARE(event_field(outcome.events.front(), "refunded"), text(deposit - 20 * 31));
    QCOMPARE(chain.account("alice").usdc, alice_before - 20 * 31);
    QCOMPARE(chain.account("p2").earnings, Amount(20 * 31));
    QCOMPARE(chain.locked_stake("p2"), Amount(0));
    QCOMPARE(event_names(chain, id), (QStringList{"PROVIDER_LOOKUP", "CREATE_BID", "CREATE_LEASE", "LEASE_READY", "DEPLOYMENT_CONFIRMED",
                                                  "EXIT_REQUESTED", "LEASE_CLOSED"}));
}

void TestLifecycle::orderWithoutBidsClosesAfterMaxLookupWindows_data()
{
    QTest::addColumn<unsigned>("windows");
    QTest::newRow("1 window") << 1u;
    QTest::newRow("2 windows") << 2u;
    QTest::newRow("3 windows") << 3u;
}

void TestLifecycle::orderWithoutBidsClosesAfterMaxLookupWindows()
{
    QFETCH(unsigned, windows);
    Params params = ChainHarness::default_params();
    params.max_lookup_windows = windows;
    ChainHarness chain(params);
    const Amount alice_before = chain.account("alice").usdc;
    const JobId id = chain.order("alice", per_s(50), deposit);
    const std::uint64_t ordered = chain.ledger().height();
    const std::uint64_t window = params.bid_window_blocks;

    QStringList expected{"PROVIDER_LOOKUP"};
    for (unsigned w = 1; w < windows; ++w) {
        chain.advance_to_height(ordered + w * window);
        QCOMPARE(chain.job(id).state, JobState::ProviderLookup);
        QCOMPARE(chain.job(id).lookup_windows, w);
        const Event& reopened = chain.last_event(id, EventName::ProviderLookup);
        QCOMPARE(event_field(reopened, "window"), QString::number(w + 1));
        QCOMPARE(event_field(reopened, "window_end_height"), QString::number(ordered + (w + 1) * window));
        expected << "PROVIDER_LOOKUP";
    }
    chain.advance_to_height(ordered + windows * window - 1);
    QCOMPARE(chain.job(id).state, JobState::ProviderLookup);
    QCOMPARE(chain.account("alice").usdc, alice_before - deposit);

    chain.block();
    const Job& job = chain.job(id);
    QCOMPARE(job.state, JobState::OrderClosed);
    QCOMPARE(job.close_reason, CloseReason::NoProvider);
    QCOMPARE(job.escrow, Amount(0));
    QCOMPARE(chain.account("alice").usdc, alice_before);
    const Event& closed = chain.last_event(id, EventName::OrderClosed);
    QCOMPARE(event_field(closed, "reason"), QStringLiteral("no_provider"));
    QCOMPARE(event_field(closed, "refunded"), text(deposit));
    expected << "ORDER_CLOSED";
    QCOMPARE(event_names(chain, id), expected);
}

void TestLifecycle::sameInputsGiveSameRootsAtEveryHeight()
{
    std::vector<Event> first_events, second_events;
    const std::vector<Hash256> first = run_script(false, &first_events);
    const std::vector<Hash256> second = run_script(false, &second_events);
    QCOMPARE(first.size(), std::size_t{script_steps});
    for (std::size_t i = 0; i < first.size(); ++i) QVERIFY2(first[i] == second[i], qPrintable(QStringLiteral("height %1").arg(i + 1)));
    QVERIFY(first_events == second_events);
    // The script reaches the lifecycle's corners, so equal roots mean equal behaviour there.
    QStringList names = test::event_names_of(first_events);
    for (const char* name : {"LEASE_UPDATED", "SLASHED", "JOB_REASSIGNED", "EXIT_REQUESTED", "LEASE_CLOSED", "TRANSFERRED", "ESCROW_DEPOSITED",
                             "EARNINGS_WITHDRAWN", "UNSTAKED"})
        QVERIFY2(names.contains(QString::fromLatin1(name)), name);

    // One bid price differs in the second block: the roots agree before it and differ from it on.
    const std::vector<Hash256> changed = run_script(true);
    QVERIFY(changed[0] == first[0]);
    for (std::size_t i = 1; i < changed.size(); ++i) QVERIFY2(changed[i] != first[i], qPrintable(QStringLiteral("height %1").arg(i + 1)));
}

BERTH_QTEST_APPLESS(TestLifecycle)
#include "tst_lifecycle.moc"
