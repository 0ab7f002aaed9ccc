#include "chainharness.h"
#include "testsupport.h"

#include <testcase.h>

#include <QtTest>

#include <limits>
#include <optional>
#include <span>
#include <string>

using namespace berth;
using berth::test::ChainHarness;
using berth::test::per_s;
using berth::test::deposit;
using berth::test::endpoint;
using berth::test::terms;

/**
 * Transactions the ledger refuses once they are admitted: prices above the order's or the new
 * max, unknown job ids, the wrong actor, the wrong job state, bids outside the bid window or
 * beyond the provider's stake and capacity, and amounts at the edge of 256 bits (more than any
 * balance holds, or arithmetic that would overflow). Each is rejected with its exact error
 * code and a message naming the cause, and leaves the state unchanged.
 */
class TestRejections : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void updatePriceAboveNewMaxIsRejected();
    void rejectsUnknownIds();
    void rejectsWrongActors();
    void rejectsWrongStates();
    void rejectsBidsOutsideWindowOrTerms();
    void rejectsOverflowingAmounts();
    void rejectsTransferThatWouldOverflowRecipient();
};

void TestRejections::updatePriceAboveNewMaxIsRejected()
{
    ChainHarness chain;
    const JobId id = chain.deploy("alice", "p2", per_s(20));
    VERIFY_ACCEPTED(chain.submit("alice", tx::UpdateLease{id, terms("cpu.small", per_s(60))}));
    VERIFY_REJECTED(chain, "p2", ErrorCode::PriceAboveMax, "above the new max price 60", tx::LeaseUpdated{id, per_s(61), endpoint});
    QCOMPARE(chain.job(id).state, JobState::UpdateLease);
    QCOMPARE(chain.job(id).price_per_s, per_s(20));
    // The new max itself is allowed.
    VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseUpdated{id, per_s(60), endpoint}));
    QCOMPARE(chain.job(id).price_per_s, per_s(60));
    QCOMPARE(chain.job(id).state, JobState::DeploymentConfirmed);

    // A lower new max than the current price: the provider must come down to it.
    VERIFY_ACCEPTED(chain.submit("alice", tx::UpdateLease{id, terms("cpu.small", per_s(15))}));
    VERIFY_REJECTED(chain, "p2", ErrorCode::PriceAboveMax, "above the new max price 15", tx::LeaseUpdated{id, per_s(20), endpoint});
    VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseUpdated{id, per_s(15), endpoint}));
    QCOMPARE(chain.job(id).price_per_s, per_s(15));
}

void TestRejections::rejectsUnknownIds()
{
    ChainHarness chain;
    const JobId live = chain.deploy("alice", "p2", per_s(20));
    const JobId unknown = 999;
    const std::string cause = "unknown job id 999";
    VERIFY_REJECTED(chain, "alice", ErrorCode::UnknownId, cause, tx::CloseLease{unknown});
    VERIFY_REJECTED(chain, "alice", ErrorCode::UnknownId, cause, tx::DepositEscrow{unknown, 100});
    VERIFY_REJECTED(chain, "alice", ErrorCode::UnknownId, cause, tx::UpdateLease{unknown, terms("cpu.small", per_s(50))});
    VERIFY_REJECTED(chain, "p2", ErrorCode::UnknownId, cause, tx::CreateBid{unknown, per_s(20)});
    VERIFY_REJECTED(chain, "p2", ErrorCode::UnknownId, cause, tx::LeaseReady{unknown});
    VERIFY_REJECTED(chain, "p2", ErrorCode::UnknownId, cause, tx::ConfirmDeployment{unknown, endpoint});
    VERIFY_REJECTED(chain, "p2", ErrorCode::UnknownId, cause, tx::LeaseUpdated{unknown, per_s(20), endpoint});
    VERIFY_REJECTED(chain, "p2", ErrorCode::UnknownId, cause, tx::LeaseClosed{unknown});
    VERIFY_REJECTED(chain, "p2", ErrorCode::UnknownId, cause, tx::ExitLease{unknown});
    VERIFY_REJECTED(chain, "auditor1", ErrorCode::UnknownId, cause, tx::ReportFault{unknown, "probe failed"});
    // Id 0 is never an order, and the next id does not exist yet.
    VERIFY_REJECTED(chain, "alice", ErrorCode::UnknownId, "unknown job id 0", tx::CloseLease{0});
    VERIFY_REJECTED(chain, "alice", ErrorCode::UnknownId, "unknown job id " + std::to_string(live + 1), tx::CloseLease{live + 1});
    QCOMPARE(chain.job(live).state, JobState::DeploymentConfirmed);
}

void TestRejections::rejectsWrongActors()
{
    ChainHarness chain;
    const JobId id = chain.matched_order("alice", "p2", per_s(20));
    const std::string not_provider = "is not the provider of job " + std::to_string(id);
    const std::string not_owner = "does not own job " + std::to_string(id);
    VERIFY_REJECTED(chain, "p1", ErrorCode::WrongActor, not_provider, tx::LeaseReady{id});
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongActor, not_provider, tx::LeaseReady{id});
    VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseReady{id}));
    // The user cannot confirm her own deployment, nor can another provider.
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongActor, not_provider, tx::ConfirmDeployment{id, endpoint});
    VERIFY_REJECTED(chain, "p1", ErrorCode::WrongActor, not_provider, tx::ConfirmDeployment{id, endpoint});
    VERIFY_ACCEPTED(chain.submit("p2", tx::ConfirmDeployment{id, endpoint}));
    chain.advance_time(10'000);

    // A stranger cannot close, top up or update someone else's lease; providers cannot either.
    VERIFY_REJECTED(chain, "bob", ErrorCode::WrongActor, not_owner, tx::CloseLease{id});
    VERIFY_REJECTED(chain, "p2", ErrorCode::WrongActor, not_owner, tx::CloseLease{id});
    VERIFY_REJECTED(chain, "bob", ErrorCode::WrongActor, not_owner, tx::DepositEscrow{id, 1000});
    VERIFY_REJECTED(chain, "bob", ErrorCode::WrongActor, not_owner, tx::UpdateLease{id, terms("cpu.small", per_s(50))});
    // Only auditors report faults: not the user, not a competing provider.
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongActor, "is not an auditor", tx::ReportFault{id, "down"});
    VERIFY_REJECTED(chain, "p1", ErrorCode::WrongActor, "is not an auditor", tx::ReportFault{id, "down"});
    // Only the lease's provider exits it or acknowledges changes.
    VERIFY_REJECTED(chain, "p1", ErrorCode::WrongActor, not_provider, tx::ExitLease{id});
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongActor, not_provider, tx::ExitLease{id});
    VERIFY_ACCEPTED(chain.submit("alice", tx::UpdateLease{id, terms("cpu.small", per_s(50))}));
    VERIFY_REJECTED(chain, "p3", ErrorCode::WrongActor, not_provider, tx::LeaseUpdated{id, per_s(20), endpoint});
    VERIFY_ACCEPTED(chain.submit("alice", tx::CloseLease{id}));
    VERIFY_REJECTED(chain, "p1", ErrorCode::WrongActor, not_provider, tx::LeaseClosed{id});
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongActor, not_provider, tx::LeaseClosed{id});
    // A user who is not a provider cannot bid.
    const JobId order = chain.order("bob");
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongActor, "is not a registered provider", tx::CreateBid{order, per_s(20)});
    QCOMPARE(chain.job(id).state, JobState::CloseLease);
}

void TestRejections::rejectsWrongStates()
{
    ChainHarness chain;
    const JobId id = chain.matched_order("alice", "p2", per_s(20));
    const std::string in_state = "in state ";
    // CREATE_LEASE
    VERIFY_REJECTED(chain, "p2", ErrorCode::WrongState, in_state + "CREATE_LEASE", tx::ConfirmDeployment{id, endpoint});
    VERIFY_REJECTED(chain, "p2", ErrorCode::WrongState, in_state + "CREATE_LEASE", tx::LeaseUpdated{id, per_s(20), endpoint});
    VERIFY_REJECTED(chain, "p2", ErrorCode::WrongState, in_state + "CREATE_LEASE", tx::LeaseClosed{id});
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongState, in_state + "CREATE_LEASE", tx::UpdateLease{id, terms("cpu.small", per_s(50))});
    VERIFY_REJECTED(chain, "auditor1", ErrorCode::WrongState, in_state + "CREATE_LEASE", tx::ReportFault{id, "down"});
    // LEASE_READY
    VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseReady{id}));
    VERIFY_REJECTED(chain, "p2", ErrorCode::WrongState, in_state + "LEASE_READY", tx::LeaseReady{id});
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongState, in_state + "LEASE_READY", tx::UpdateLease{id, terms("cpu.small", per_s(50))});
    // DEPLOYMENT_CONFIRMED
    VERIFY_ACCEPTED(chain.submit("p2", tx::ConfirmDeployment{id, endpoint}));
    VERIFY_REJECTED(chain, "p2", ErrorCode::WrongState, in_state + "DEPLOYMENT_CONFIRMED", tx::ConfirmDeployment{id, endpoint});
    VERIFY_REJECTED(chain, "p2", ErrorCode::WrongState, in_state + "DEPLOYMENT_CONFIRMED", tx::LeaseReady{id});
    VERIFY_REJECTED(chain, "p2", ErrorCode::WrongState, in_state + "DEPLOYMENT_CONFIRMED", tx::LeaseUpdated{id, per_s(20), endpoint});
    VERIFY_REJECTED(chain, "p2", ErrorCode::WrongState, in_state + "DEPLOYMENT_CONFIRMED", tx::LeaseClosed{id});
    // UPDATE_LEASE: one pending update at a time.
    VERIFY_ACCEPTED(chain.submit("alice", tx::UpdateLease{id, terms("cpu.small", per_s(45))}));
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongState, in_state + "UPDATE_LEASE", tx::UpdateLease{id, terms("cpu.small", per_s(40))});
    // CLOSE_LEASE
    VERIFY_ACCEPTED(chain.submit("alice", tx::CloseLease{id}));
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongState, in_state + "CLOSE_LEASE", tx::CloseLease{id});
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongState, in_state + "CLOSE_LEASE", tx::DepositEscrow{id, 1000});
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongState, in_state + "CLOSE_LEASE", tx::UpdateLease{id, terms("cpu.small", per_s(50))});
    VERIFY_REJECTED(chain, "p2", ErrorCode::WrongState, in_state + "CLOSE_LEASE", tx::ExitLease{id});
    VERIFY_REJECTED(chain, "p2", ErrorCode::WrongState, in_state + "CLOSE_LEASE", tx::LeaseUpdated{id, per_s(20), endpoint});
    VERIFY_REJECTED(chain, "auditor1", ErrorCode::WrongState, in_state + "CLOSE_LEASE", tx::ReportFault{id, "down"});
    // LEASE_CLOSED: the lease's own provider acting again is in the wrong state, not the wrong actor.
    VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseClosed{id}));
    VERIFY_REJECTED(chain, "p2", ErrorCode::WrongState, in_state + "LEASE_CLOSED", tx::LeaseClosed{id});
    VERIFY_REJECTED(chain, "p2", ErrorCode::WrongState, in_state + "LEASE_CLOSED", tx::ExitLease{id});
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongState, in_state + "LEASE_CLOSED", tx::CloseLease{id});
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongState, in_state + "LEASE_CLOSED", tx::DepositEscrow{id, 1000});
    // A certificate that was never published cannot be revoked.
    VERIFY_REJECTED(chain, "bob", ErrorCode::WrongState, "has no certificate", tx::RevokeCertificate{});
}

void TestRejections::rejectsBidsOutsideWindowOrTerms()
{
    // p4 has exactly one job's worth of stake; p5 has one unit of capacity.
    auto providers = ChainHarness::default_providers();
    providers.push_back({"p4", "cpu.small", per_s(10), 2, ChainHarness::pond(100)});
    providers.push_back({"p5", "cpu.small", per_s(10), 1, 0});
    ChainHarness chain(ChainHarness::default_params(), providers);

    const JobId first = chain.matched_order("alice", "p4", per_s(10));
    const JobId second = chain.matched_order("bob", "p5", per_s(10));
    // Each rejected bid goes to a fresh order in the block after it, and the order is cancelled
    // right after, so that no window or lookup ends in a block whose state is compared.
    const auto rejected_bid = [&](const std::string& who, const Amount& price, ErrorCode code, const std::string& cause) {
        const JobId open = chain.order("alice", per_s(50), deposit);
        const std::string problem = chain.rejection_problem(who, tx::CreateBid{open, price}, code, cause);
        ChainHarness::expect_ok(chain.submit("alice", tx::CloseLease{open}), "cancel");
        return problem;
    };
    std::string problem = rejected_bid("p2", per_s(51), ErrorCode::PriceAboveMax, "above the order's max price 50");
    QVERIFY2(problem.empty(), problem.c_str());
    problem = rejected_bid("p2", 0, ErrorCode::InvalidArgument, "must be positive");
    QVERIFY2(problem.empty(), problem.c_str());
    problem = rejected_bid("p4", per_s(10), ErrorCode::InsufficientStake, "less than stake_per_job");
    QVERIFY2(problem.empty(), problem.c_str());
    problem = rejected_bid("p5", per_s(10), ErrorCode::InsufficientCapacity, "no free cpu.small capacity");
    QVERIFY2(problem.empty(), problem.c_str());
    const JobId gpu = chain.order("bob", per_s(50), deposit, "gpu");
    VERIFY_REJECTED(chain, "p1", ErrorCode::InsufficientCapacity, "no offer of instance type gpu", tx::CreateBid{gpu, per_s(10)});
    VERIFY_ACCEPTED(chain.submit("bob", tx::CloseLease{gpu}));
    // Matched orders and ended orders take no more bids.
    VERIFY_REJECTED(chain, "p1", ErrorCode::BidWindowClosed, "is closed (state CREATE_LEASE)", tx::CreateBid{first, per_s(5)});
    VERIFY_ACCEPTED(chain.submit("p5", tx::LeaseReady{second}));
    VERIFY_REJECTED(chain, "p1", ErrorCode::BidWindowClosed, "is closed (state LEASE_READY)", tx::CreateBid{second, per_s(5)});
    QCOMPARE(chain.job(first).provider, chain.address("p4"));
    QCOMPARE(chain.locked_stake("p4"), ChainHarness::pond(100));
    // p4's stake is all locked, so it cannot unstake either.
    VERIFY_REJECTED(chain, "p4", ErrorCode::InsufficientStake, "is unlocked", tx::Unstake{1});
}

void TestRejections::rejectsOverflowingAmounts()
{
    ChainHarness chain;
    const Amount max = std::numeric_limits<Amount>::max();
    const JobId id = chain.deploy("alice", "p2", per_s(20));
    // The ledger checks the balance first: a deposit near 2^256 - 1 is more than anyone has.
    VERIFY_REJECTED(chain, "alice", ErrorCode::InsufficientFunds, "exceeds the balance", tx::DepositEscrow{id, max});
    VERIFY_REJECTED(chain, "alice", ErrorCode::InsufficientFunds, "exceeds the balance", tx::DepositEscrow{id, max - 1});
    VERIFY_REJECTED(chain, "alice", ErrorCode::InsufficientFunds, "exceeds the balance", tx::Transfer{chain.address("bob"), Denom::USDC, max});
    VERIFY_REJECTED(chain, "alice", ErrorCode::InsufficientFunds, "needs that much", tx::Stake{max});
    VERIFY_REJECTED(chain, "p2", ErrorCode::InsufficientStake, "is unlocked", tx::Unstake{max});
    VERIFY_REJECTED(chain, "alice", ErrorCode::InsufficientFunds, "exceeds the balance",
                    tx::CreateOrder{"cpu.small", 1, per_s(50), Hash256::of(as_bytes("m")), "https://i.example/x", max});
    // The largest max price has a minimum escrow that fits, ceil(max × min_escrow_seconds / 10^12)
    // computed without overflow, and it is the balance that falls short.
    VERIFY_REJECTED(chain, "alice", ErrorCode::InsufficientFunds, "exceeds the balance",
                    tx::CreateOrder{"cpu.small", 1, max, Hash256::of(as_bytes("m")), "https://i.example/x", max});
    // Below that minimum, the order is refused for the deposit, not for arithmetic.
    VERIFY_REJECTED(chain, "alice", ErrorCode::InvalidArgument, "below the minimum",
                    tx::CreateOrder{"cpu.small", 1, max, Hash256::of(as_bytes("m")), "https://i.example/x",
                                    price::cover(max, chain.state().params().min_escrow_seconds) - 1});
    // An absurd price from the provider is bounded by the max price, not by arithmetic.
    VERIFY_ACCEPTED(chain.submit("alice", tx::UpdateLease{id, terms("cpu.small", max)}));
    VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseUpdated{id, max, endpoint}));
    // The escrow cannot pay a single second at that price: the lease ends in the next block.
    chain.block();
    QCOMPARE(chain.job(id).state, JobState::LeaseClosed);
    QCOMPARE(chain.job(id).close_reason, CloseReason::InsufficientFunds);
}

void TestRejections::rejectsTransferThatWouldOverflowRecipient()
{
    // Supply conservation keeps every balance below 2^256 on a real chain, so this needs a
    // hand-built state; the ledger must still refuse to wrap rather than trust that.
    const Amount max = std::numeric_limits<Amount>::max();
    const PrivateKey sender_key = PrivateKey::from_seed(Hash256::of(as_bytes("overflow/sender")).bytes());
    const Address sender = Address::of(sender_key.public_key());
    const Address rich = Address::of(PrivateKey::from_seed(Hash256::of(as_bytes("overflow/rich")).bytes()).public_key());
    Globals globals;
    globals.params = ChainHarness::default_params();
    globals.last_time_ms = 1'700'000'000'000;
    State state(globals);
    Account a;
    a.usdc = 10;
    a.pond = 10;
    Account b;
    b.usdc = max - 5;
    b.pond = max - 5;
    state.accounts.load(sender, a);
    state.accounts.load(rich, b);
    Ledger ledger(std::move(state));
    const std::string chain_id = globals.params.chain_id;

    for (Denom denom : {Denom::USDC, Denom::POND}) {
        const std::uint64_t height = ledger.height() + 1;
        const std::uint64_t time = ledger.time_ms() + 1000;
        const Transaction t = Transaction::make(chain_id, sender_key, ledger.next_nonce(sender), tx::Transfer{rich, denom, 6});
        const BlockOutcome outcome = ledger.apply_block(height, time, std::span(&t, 1));
        QCOMPARE(outcome.receipts.size(), std::size_t{1});
        QCOMPARE(outcome.receipts.front().error, std::optional<ErrorCode>(ErrorCode::Overflow));
        const std::string& message = outcome.receipts.front().message;
        QVERIFY2(message.find("would overflow the " + std::string(denom_name(denom)) + " balance of the recipient") != std::string::npos,
                 message.c_str());
        // Included as a failure: only the sender's nonce moved on.
        QVERIFY(outcome.receipts.front().included);
        Account after = *ledger.state().accounts.find(sender);
        QCOMPARE(after.nonce, a.nonce + 1);
        a.nonce = after.nonce;
        QVERIFY(after == a);
        QVERIFY(*ledger.state().accounts.find(rich) == b);
        QVERIFY(outcome.events.empty());
    }
    // Exactly up to the maximum is fine.
    const Transaction t = Transaction::make(chain_id, sender_key, ledger.next_nonce(sender), tx::Transfer{rich, Denom::USDC, 5});
    const BlockOutcome outcome = ledger.apply_block(ledger.height() + 1, ledger.time_ms() + 1000, std::span(&t, 1));
    QVERIFY2(outcome.receipts.front().ok(), outcome.receipts.front().message.c_str());
    QCOMPARE(ledger.state().accounts.find(rich)->usdc, max);
    QCOMPARE(ledger.state().accounts.find(sender)->usdc, Amount(5));
}

BERTH_QTEST_APPLESS(TestRejections)
#include "tst_rejections.moc"
