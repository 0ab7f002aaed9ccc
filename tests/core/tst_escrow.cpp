#include "chainharness.h"

#include <escrow.h>
#include <price.h>

#include <testcase.h>

#include <QRandomGenerator>

#include <QtTest>

#include <limits>

#include "testsupport.h"

using namespace berth;
using berth::test::ChainHarness;
using berth::test::event_field;
using berth::test::event_names_of;
using berth::test::per_s;

namespace {

/** The default chain's cheapest provider and its price in base units per second. */
constexpr const char* provider_name = "p2";
constexpr std::uint64_t base_price = 20;
/** 0.0123 USDC per hour: 3.416666666666 base units per second, a rate no whole base unit expresses. */
const Amount fractional_rate = price::parse_per_hour("0.0123");

tx::CreateOrder order_of(const Amount& max_price, const Amount& deposit)
{
    return {"cpu.small", 1, max_price, Hash256::of(as_bytes("manifest")), "https://images.example/app", deposit};
}

/** A job as the escrow sees it once billing runs: `escrow` left, its price segment starting at `settled_until_ms`. */
Job billed_job(const Amount& escrow, const Amount& rate, std::uint64_t settled_until_ms)
{
    Job job;
    job.state = JobState::DeploymentConfirmed;
    job.billing = true;
    job.price_per_s = rate;
    job.escrow = escrow;
    job.settled_until_ms = settled_until_ms;
    job.segment_start_ms = settled_until_ms;
    return job;
}

const Event* find_event(const std::vector<Event>& events, JobId job, EventName name)
{
    for (const Event& e : events)
        if (e.job == job && e.name == name) return &e;
    return nullptr;
}

} // namespace

/**
 * The job-specific escrow: the deposit an order needs (min_escrow_seconds × max price),
 * lazy settlement of price × whole elapsed seconds with the remaining milliseconds carried
 * to the next settlement, the precomputed exhaustion time at which the lease closes with
 * insufficient_funds, paying the provider exactly and refunding the user what is left (less
 * than one second's price), top-ups by the owner alone that postpone exhaustion, billing that
 * stops when the lease is closed or the provider's exit takes effect, and the withdrawal of
 * earnings into the provider's USDC balance. Rates finer than a base unit per second are billed
 * per price segment, floor(rate × whole seconds / 10^12) rounded once, so the total never
 * depends on how often the lease was settled, and `deposit = spent + refund` to the base unit.
 */
class TestEscrow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exhaustionAndAccrualArithmetic();
    void depositMustCoverMinimum();
    void settlementIsLazyAndExact();
    void leaseClosesExactlyAtExhaustion();
    void lateBlockChargesOnlyUntilExhaustion();
    void topUpPostponesExhaustion();
    void onlyOwnerTopsUp();
    void closeStopsBilling();
    void billingStopsAtProviderExit();
    void escrowRunningOutDuringExitCooldown();
    void withdrawEarningsMovesThemToUsdc();
    void minimumEscrowRoundsUp();
    void fractionalRateRoundsOncePerSegment();
    void totalIsIndependentOfSettlementFrequency();
    void repriceStartsANewSegment();
    void fractionalRateExhaustsAtTheLastPaidSecond();
};

void TestEscrow::exhaustionAndAccrualArithmetic()
{
    const std::uint64_t t0 = 1'000'000;
    Job job = billed_job(3007, per_s(20), t0);
    // 3007 pays for 150 whole seconds at 20; the last 7 cannot pay for another.
    QCOMPARE(Escrow::exhaustion_ms(job), std::optional<std::uint64_t>(t0 + 150'000));
    QCOMPARE(Escrow::accrued(job, t0), Amount(0));
    QCOMPARE(Escrow::accrued(job, t0 + 999), Amount(0));
    QCOMPARE(Escrow::accrued(job, t0 + 1'000), Amount(20));
    QCOMPARE(Escrow::accrued(job, t0 + 1'999), Amount(20));
    QCOMPARE(Escrow::accrued(job, t0 + 149'999), Amount(20 * 149));
    QCOMPARE(Escrow::accrued(job, t0 + 150'000), Amount(3000));
    QCOMPARE(Escrow::accrued(job, t0 + 10'000'000), Amount(3000)); // capped at exhaustion
    QCOMPARE(Escrow::accrued(job, t0 - 1), Amount(0));

    job.escrow = 3000; // an exact multiple
    QCOMPARE(Escrow::exhaustion_ms(job), std::optional<std::uint64_t>(t0 + 150'000));
    job.escrow = 19; // less than one second
    QCOMPARE(Escrow::exhaustion_ms(job), std::optional<std::uint64_t>(t0));
    QCOMPARE(Escrow::accrued(job, t0 + 5'000), Amount(0));

    job.escrow = std::numeric_limits<Amount>::max(); // saturates instead of overflowing
    job.price_per_s = per_s(1);
    QCOMPARE(Escrow::exhaustion_ms(job), std::optional<std::uint64_t>(UINT64_MAX));

    job.billing = false;
    QCOMPARE(Escrow::exhaustion_ms(job), std::optional<std::uint64_t>());
    QCOMPARE(Escrow::accrued(job, t0 + 5'000), Amount(0));
}

void TestEscrow::depositMustCoverMinimum()
{
    ChainHarness chain;
    // min_escrow_seconds (60) × max price (50) = 3000 base units.
    QCOMPARE(chain.state().params().min_escrow_seconds, std::uint64_t{60});
    const Amount alice = chain.account("alice").usdc;

    ChainHarness::Snapshot before = chain.snapshot();
    Receipt receipt = chain.submit("alice", order_of(per_s(50), 2999));
    QCOMPARE(receipt.error, std::optional(ErrorCode::InvalidArgument));
    QVERIFY2(receipt.message.find("minimum of 0.003 USDC") != std::string::npos, receipt.message.c_str());
    QVERIFY(chain.snapshot().same_except_nonces(before));

    const JobId id = chain.state().globals().next_job_id;
    VERIFY_ACCEPTED(chain.submit("alice", order_of(per_s(50), 3000)));
    QCOMPARE(chain.job(id).escrow, Amount(3000));
    QCOMPARE(chain.job(id).spent, Amount(0));
    QCOMPARE(chain.account("alice").usdc, alice - 3000);

    // At 1 USDC per second the minimum is 60 USDC.
    before = chain.snapshot();
    QCOMPARE(chain.submit("bob", order_of(per_s(1'000'000), ChainHarness::usdc(60) - 1)).error, std::optional(ErrorCode::InvalidArgument));
    QVERIFY(chain.snapshot().same_except_nonces(before));
    VERIFY_ACCEPTED(chain.submit("bob", order_of(per_s(1'000'000), ChainHarness::usdc(60))));

    // Above the minimum but beyond the balance.
    before = chain.snapshot();
    QCOMPARE(chain.submit("bob", order_of(per_s(50), chain.account("bob").usdc + 1)).error, std::optional(ErrorCode::InsufficientFunds));
    QVERIFY(chain.snapshot().same_except_nonces(before));
}

void TestEscrow::settlementIsLazyAndExact()
{
    ChainHarness chain;
    const Amount deposit = ChainHarness::usdc(10);
    const JobId id = chain.deploy("alice", provider_name, per_s(base_price), per_s(50), deposit);
    const std::uint64_t confirmed = chain.ledger().time_ms();
    const Amount alice = chain.account("alice").usdc;
    QCOMPARE(chain.job(id).settled_until_ms, confirmed);

    // Blocks alone settle nothing: the lease is only charged when it is touched.
    chain.block({}, 10'500);
    QCOMPARE(chain.job(id).spent, Amount(0));
    QCOMPARE(chain.job(id).escrow, deposit);
    QCOMPARE(chain.job(id).settled_until_ms, confirmed);
    QCOMPARE(chain.account(provider_name).earnings, Amount(0));
    QCOMPARE(Escrow::accrued(chain.job(id), chain.ledger().time_ms()), Amount(base_price * 10));

    // A top-up at +11.5 s settles 11 whole seconds and carries the 500 ms over.
    const BlockOutcome outcome = chain.block({chain.sign("alice", tx::DepositEscrow{id, 1})}, 1'000);
    VERIFY_ACCEPTED(outcome.receipts.front());
    QCOMPARE(chain.job(id).spent, Amount(base_price * 11));
    QCOMPARE(chain.job(id).settled_until_ms, confirmed + 11'000);
    QCOMPARE(chain.job(id).escrow, deposit - base_price * 11 + 1);
    QCOMPARE(chain.account(provider_name).earnings, Amount(base_price * 11));
    QCOMPARE(chain.account("alice").usdc, alice - 1);
    QCOMPARE(event_names_of(outcome.events), QStringList{QStringLiteral("ESCROW_DEPOSITED")});
    QCOMPARE(event_field(outcome.events.front(), "amount"), QStringLiteral("1"));
    QCOMPARE(event_field(outcome.events.front(), "escrow"), QString::number(10'000'000 - 220 + 1));

    // 500 ms later the carried 500 ms make one more whole second.
    VERIFY_ACCEPTED(chain.submit("alice", tx::DepositEscrow{id, 1}, 500));
    QCOMPARE(chain.job(id).spent, Amount(base_price * 12));
    QCOMPARE(chain.job(id).settled_until_ms, confirmed + 12'000);

    // 999 ms later nothing is due yet.
    VERIFY_ACCEPTED(chain.submit("alice", tx::DepositEscrow{id, 1}, 999));
    QCOMPARE(chain.job(id).spent, Amount(base_price * 12));
    QCOMPARE(chain.job(id).settled_until_ms, confirmed + 12'000);
    QCOMPARE(chain.job(id).escrow, deposit - base_price * 12 + 3);
    QCOMPARE(chain.account(provider_name).earnings, Amount(base_price * 12));
}

void TestEscrow::leaseClosesExactlyAtExhaustion()
{
    ChainHarness chain;
    const Amount alice = chain.account("alice").usdc;
    const Amount provider_usdc = chain.account(provider_name).usdc;
    const JobId id = chain.deploy("alice", provider_name, per_s(base_price), per_s(50), 3007);
    const std::uint64_t confirmed = chain.ledger().time_ms();
    const std::uint64_t exhausted = confirmed + 150'000;
    QCOMPARE(Escrow::exhaustion_ms(chain.job(id)), std::optional<std::uint64_t>(exhausted));

    // One millisecond before exhaustion the lease still runs, and nothing was settled on the way.
    BlockOutcome outcome = chain.block({}, 149'999);
    QVERIFY(outcome.events.empty());
    QCOMPARE(chain.job(id).state, JobState::DeploymentConfirmed);
    QCOMPARE(chain.job(id).spent, Amount(0));
    QCOMPARE(Escrow::accrued(chain.job(id), chain.ledger().time_ms()), Amount(base_price * 149));

    outcome = chain.block({}, 1);
    QCOMPARE(chain.ledger().time_ms(), exhausted);
    QCOMPARE(event_names_of(outcome.events), QStringList{QStringLiteral("LEASE_CLOSED")});
    const Event& closed = outcome.events.front();
    QCOMPARE(closed.job, id);
    QCOMPARE(event_field(closed, "reason"), QStringLiteral("insufficient_funds"));
    QCOMPARE(event_field(closed, "spent"), QStringLiteral("3000"));
    QCOMPARE(event_field(closed, "refunded"), QStringLiteral("7"));

    const Job& job = chain.job(id);
    QCOMPARE(job.state, JobState::LeaseClosed);
    QCOMPARE(job.close_reason, CloseReason::InsufficientFunds);
    QCOMPARE(job.spent, Amount(3000));
    QCOMPARE(job.escrow, Amount(0));
    QVERIFY(!job.billing);
    QCOMPARE(job.settled_until_ms, exhausted);
    // The user paid 150 whole seconds and got back the 7 that could not pay for another.
    QCOMPARE(chain.account("alice").usdc, alice - 3000);
    QCOMPARE(chain.account(provider_name).earnings, Amount(3000));
    QCOMPARE(chain.account(provider_name).usdc, provider_usdc);
    // The provider's stake and capacity are released.
    QCOMPARE(chain.locked_stake(provider_name), Amount(0));
    QCOMPARE(chain.state().providers.find(chain.address(provider_name))->offers.at("cpu.small").used, 0u);
}

void TestEscrow::lateBlockChargesOnlyUntilExhaustion()
{
    ChainHarness chain;
    const Amount alice = chain.account("alice").usdc;
    const JobId id = chain.deploy("alice", provider_name, per_s(base_price), per_s(50), 3007);
    const std::uint64_t confirmed = chain.ledger().time_ms();

    // The first block after exhaustion comes much later; nothing accrues past exhaustion.
    const BlockOutcome outcome = chain.block({}, 400'000);
    QVERIFY(find_event(outcome.events, id, EventName::LeaseClosed));
    QCOMPARE(chain.job(id).close_reason, CloseReason::InsufficientFunds);
    QCOMPARE(chain.job(id).spent, Amount(3000));
    QCOMPARE(chain.job(id).settled_until_ms, confirmed + 150'000);
    QCOMPARE(chain.account("alice").usdc, alice - 3000);
    QCOMPARE(chain.account(provider_name).earnings, Amount(3000));
}

void TestEscrow::topUpPostponesExhaustion()
{
    ChainHarness chain;
    const Amount alice = chain.account("alice").usdc;
    const JobId id = chain.deploy("alice", provider_name, per_s(base_price), per_s(50), 3007);
    const std::uint64_t confirmed = chain.ledger().time_ms();

    // At +100.5 s: 100 s are settled (2000), then 1000 more arrive: 1007 + 1000 = 2007 left,
    // which pays for 100 more seconds from the settlement point at +100 s.
    const BlockOutcome outcome = chain.block({chain.sign("alice", tx::DepositEscrow{id, 1000})}, 100'500);
    VERIFY_ACCEPTED(outcome.receipts.front());
    QCOMPARE(event_names_of(outcome.events), QStringList{QStringLiteral("ESCROW_DEPOSITED")});
    QCOMPARE(outcome.events.front().account, chain.address("alice"));
    QCOMPARE(event_field(outcome.events.front(), "amount"), QStringLiteral("1000"));
    QCOMPARE(event_field(outcome.events.front(), "escrow"), QStringLiteral("2007"));
    QCOMPARE(chain.job(id).spent, Amount(2000));
    QCOMPARE(chain.job(id).escrow, Amount(2007));
    QCOMPARE(Escrow::exhaustion_ms(chain.job(id)), std::optional<std::uint64_t>(confirmed + 200'000));

    chain.block({}, 49'500); // the old exhaustion time, +150 s
    QCOMPARE(chain.job(id).state, JobState::DeploymentConfirmed);
    chain.block({}, 49'999); // +199.999 s
    QCOMPARE(chain.job(id).state, JobState::DeploymentConfirmed);

    const BlockOutcome closing = chain.block({}, 1); // +200 s
    const Event* closed = find_event(closing.events, id, EventName::LeaseClosed);
    QVERIFY(closed);
    QCOMPARE(event_field(*closed, "reason"), QStringLiteral("insufficient_funds"));
    QCOMPARE(event_field(*closed, "refunded"), QStringLiteral("7"));
    QCOMPARE(chain.job(id).spent, Amount(4000));
    QCOMPARE(chain.account("alice").usdc, alice - 4000);
    QCOMPARE(chain.account(provider_name).earnings, Amount(4000));
}

void TestEscrow::onlyOwnerTopsUp()
{
    ChainHarness chain;
    const JobId id = chain.deploy("alice", provider_name, per_s(base_price), per_s(50), 3007);

    const auto expect_rejected = [&](const std::string& who, const tx::DepositEscrow& deposit, ErrorCode code) {
        const ChainHarness::Snapshot before = chain.snapshot();
        const Receipt receipt = chain.submit(who, deposit);
        QCOMPARE(receipt.error, std::optional(code));
        // Nothing changed; the lease was not even settled, since settlement is lazy.
        QVERIFY(chain.snapshot().same_except_nonces(before));
    };
    expect_rejected("bob", tx::DepositEscrow{id, 1000}, ErrorCode::WrongActor);
    expect_rejected(provider_name, tx::DepositEscrow{id, 1000}, ErrorCode::WrongActor);
    expect_rejected("alice", tx::DepositEscrow{id, 0}, ErrorCode::InvalidArgument);
    expect_rejected("alice", tx::DepositEscrow{id, chain.account("alice").usdc + 1}, ErrorCode::InsufficientFunds);
    expect_rejected("alice", tx::DepositEscrow{id + 100, 1000}, ErrorCode::UnknownId);
    QCOMPARE(chain.job(id).escrow, Amount(3007));

    // Once the user has closed the lease, no more deposits are taken.
    VERIFY_ACCEPTED(chain.submit("alice", tx::CloseLease{id}));
    expect_rejected("alice", tx::DepositEscrow{id, 1000}, ErrorCode::WrongState);
}

void TestEscrow::closeStopsBilling()
{
    ChainHarness chain;
    const Amount alice = chain.account("alice").usdc;
    const Amount deposit = ChainHarness::usdc(10);
    const JobId id = chain.deploy("alice", provider_name, per_s(base_price), per_s(50), deposit);

    // CLOSE_LEASE at +10.5 s settles 10 s and refunds the rest at once.
    const BlockOutcome outcome = chain.block({chain.sign("alice", tx::CloseLease{id})}, 10'500);
    VERIFY_ACCEPTED(outcome.receipts.front());
    QCOMPARE(event_field(outcome.events.front(), "refunded"), QString::number(10'000'000 - 200));
    QCOMPARE(chain.job(id).spent, Amount(base_price * 10));
    QCOMPARE(chain.job(id).escrow, Amount(0));
    QCOMPARE(chain.account("alice").usdc, alice - base_price * 10);

    // The provider acknowledges much later; nothing more is charged.
    VERIFY_ACCEPTED(chain.submit(provider_name, tx::LeaseClosed{id}, 20'000));
    QCOMPARE(chain.job(id).state, JobState::LeaseClosed);
    QCOMPARE(chain.job(id).spent, Amount(base_price * 10));
    QCOMPARE(chain.account("alice").usdc, alice - base_price * 10);
    QCOMPARE(chain.account(provider_name).earnings, Amount(base_price * 10));
}

void TestEscrow::billingStopsAtProviderExit()
{
    ChainHarness chain;
    const Amount alice = chain.account("alice").usdc;
    const Amount deposit = ChainHarness::usdc(10);
    const JobId id = chain.deploy("alice", provider_name, per_s(base_price), per_s(50), deposit);
    const std::uint64_t confirmed = chain.ledger().time_ms();

    VERIFY_ACCEPTED(chain.submit(provider_name, tx::ExitLease{id}, 10'000));
    const std::uint64_t exit_at = confirmed + 10'000 + chain.state().params().job_exit_cooldown_s * 1000;
    QCOMPARE(chain.job(id).exit_at_ms, exit_at);

    // The next block comes 15 s after the exit took effect: the lease ended at exit_at, so the
    // user pays for the 30 s until then, not for the time until the block.
    const BlockOutcome outcome = chain.block({}, exit_at + 15'000 - chain.ledger().time_ms());
    const Event* closed = find_event(outcome.events, id, EventName::LeaseClosed);
    QVERIFY(closed);
    QCOMPARE(event_field(*closed, "reason"), QStringLiteral("provider_exit"));
    QCOMPARE(chain.job(id).spent, Amount(base_price * 30));
    QCOMPARE(chain.job(id).settled_until_ms, exit_at);
    QCOMPARE(event_field(*closed, "refunded"), QString::number(10'000'000 - 600));
    QCOMPARE(chain.account("alice").usdc, alice - base_price * 30);
    QCOMPARE(chain.account(provider_name).earnings, Amount(base_price * 30));
}

void TestEscrow::escrowRunningOutDuringExitCooldown()
{
    ChainHarness chain;
    const Amount alice = chain.account("alice").usdc;
    const JobId id = chain.deploy("alice", provider_name, per_s(base_price), per_s(50), 3007);
    const std::uint64_t confirmed = chain.ledger().time_ms();

    // The escrow runs out at +150 s, before the exit at +160 s takes effect.
    VERIFY_ACCEPTED(chain.submit(provider_name, tx::ExitLease{id}, 140'000));
    QCOMPARE(chain.job(id).exit_at_ms, confirmed + 160'000);

    // Even when the first block comes after both, the lease ended because its escrow ran out.
    const BlockOutcome outcome = chain.block({}, 30'000);
    const Event* closed = find_event(outcome.events, id, EventName::LeaseClosed);
    QVERIFY(closed);
    QCOMPARE(chain.job(id).close_reason, CloseReason::InsufficientFunds);
    QCOMPARE(event_field(*closed, "reason"), QStringLiteral("insufficient_funds"));
    QCOMPARE(event_field(*closed, "refunded"), QStringLiteral("7"));
    QCOMPARE(chain.job(id).spent, Amount(3000));
    QCOMPARE(chain.account("alice").usdc, alice - 3000);
    QCOMPARE(chain.account(provider_name).earnings, Amount(3000));
}

void TestEscrow::withdrawEarningsMovesThemToUsdc()
{
    ChainHarness chain;
    const Amount provider_usdc = chain.account(provider_name).usdc;
    const JobId id = chain.deploy("alice", provider_name, per_s(base_price), per_s(50), 3007);

    // Nothing earned yet: the lease has not been settled.
    ChainHarness::Snapshot before = chain.snapshot();
    QCOMPARE(chain.submit(provider_name, tx::WithdrawEarnings{}).error, std::optional(ErrorCode::InsufficientFunds));
    QVERIFY(chain.snapshot().same_except_nonces(before));

    chain.block({}, 200'000); // well past exhaustion: the lease closes and pays 3000
    QCOMPARE(chain.job(id).state, JobState::LeaseClosed);
    QCOMPARE(chain.account(provider_name).earnings, Amount(3000));

    const BlockOutcome outcome = chain.block({chain.sign(provider_name, tx::WithdrawEarnings{})});
    VERIFY_ACCEPTED(outcome.receipts.front());
    QCOMPARE(event_names_of(outcome.events), QStringList{QStringLiteral("EARNINGS_WITHDRAWN")});
    QCOMPARE(outcome.events.front().account, chain.address(provider_name));
    QCOMPARE(event_field(outcome.events.front(), "amount"), QStringLiteral("3000"));
    QCOMPARE(chain.account(provider_name).earnings, Amount(0));
    QCOMPARE(chain.account(provider_name).usdc, provider_usdc + 3000);

    // A second withdrawal has nothing to move; neither has an account that never earned.
    for (const char* who : {provider_name, "alice"}) {
        before = chain.snapshot();
        const Receipt receipt = chain.submit(who, tx::WithdrawEarnings{});
        QCOMPARE(receipt.error, std::optional(ErrorCode::InsufficientFunds));
        QVERIFY2(receipt.message.find("no earnings") != std::string::npos, receipt.message.c_str());
        QVERIFY(chain.snapshot().same_except_nonces(before));
    }
    QCOMPARE(chain.account(provider_name).usdc, provider_usdc + 3000);
}

void TestEscrow::minimumEscrowRoundsUp()
{
    ChainHarness chain;
    // 60 s × 3.416666666666 = 204.99999999996 base units: the minimum is 205.
    QCOMPARE(price::cover(fractional_rate, 60), Amount(205));
    const ChainHarness::Snapshot before = chain.snapshot();
    const Receipt receipt = chain.submit("alice", order_of(fractional_rate, 204));
    QCOMPARE(receipt.error, std::optional(ErrorCode::InvalidArgument));
    QVERIFY2(receipt.message.find("minimum of 0.000205 USDC") != std::string::npos, receipt.message.c_str());
    QVERIFY(chain.snapshot().same_except_nonces(before));
    VERIFY_ACCEPTED(chain.submit("alice", order_of(fractional_rate, 205)));
}

void TestEscrow::fractionalRateRoundsOncePerSegment()
{
    const std::uint64_t t0 = 1'000'000;
    const Job job = billed_job(ChainHarness::usdc(10), fractional_rate, t0);
    QCOMPARE(Escrow::accrued(job, t0 + 999), Amount(0));
    QCOMPARE(Escrow::accrued(job, t0 + 1'000), Amount(3));         // 3.416666666666
    QCOMPARE(Escrow::accrued(job, t0 + 2'000), Amount(6));         // 6.833333333332
    QCOMPARE(Escrow::accrued(job, t0 + 3'000), Amount(10));        // 10.249999999998
    QCOMPARE(Escrow::accrued(job, t0 + 3'600'999), Amount(12299)); // one hour: 12299.9999999976
    // Rounding each second down on its own would have charged 3 per second, 10800 an hour.
    QVERIFY(Escrow::accrued(job, t0 + 3'600'000) != Amount(3 * 3600));

    // After a settlement the segment remembers what it charged and rounds the total, not the rest.
    Job settled = job;
    settled.segment_charged = 3;
    settled.escrow -= 3;
    settled.spent = 3;
    settled.settled_until_ms = t0 + 1'000;
    QCOMPARE(Escrow::accrued(settled, t0 + 3'000), Amount(7)); // 10 in all, not 3 + floor(6.83)
    QCOMPARE(Escrow::accrued(settled, t0 + 1'500), Amount(0));
}

void TestEscrow::totalIsIndependentOfSettlementFrequency()
{
    // Two identical leases at 0.0123 USDC/h. One is touched (a top-up of one base unit settles
    // it) at random moments; the other once. Both close at the same block time and pay the same.
    QRandomGenerator random(20261204);
    ChainHarness often;
    ChainHarness once;
    const Amount deposit = ChainHarness::usdc(10);
    const Amount alice_often = often.account("alice").usdc;
    const Amount alice_once = once.account("alice").usdc;
    const JobId a = often.deploy("alice", provider_name, fractional_rate, per_s(50), deposit);
    const JobId b = once.deploy("alice", provider_name, fractional_rate, per_s(50), deposit);
    QCOMPARE(a, b);
    const std::uint64_t confirmed = often.ledger().time_ms();
    QCOMPARE(once.ledger().time_ms(), confirmed);
    const std::uint64_t end = confirmed + 600'500;

    std::uint64_t touches = 0;
    for (;;) {
        const std::uint64_t step = 1 + random.bounded(5'000u);
        if (often.ledger().time_ms() + step >= end) break;
        VERIFY_ACCEPTED(often.block({often.sign("alice", tx::DepositEscrow{a, 1})}, step).receipts.front());
        ++touches;
    }
    QVERIFY(touches > 100);
    VERIFY_ACCEPTED(once.block({once.sign("alice", tx::DepositEscrow{b, touches})}, 300'250).receipts.front());

    const BlockOutcome closed_often = often.block({often.sign("alice", tx::CloseLease{a})}, end - often.ledger().time_ms());
    const BlockOutcome closed_once = once.block({once.sign("alice", tx::CloseLease{b})}, end - once.ledger().time_ms());
    VERIFY_ACCEPTED(closed_often.receipts.front());
    VERIFY_ACCEPTED(closed_once.receipts.front());

    // 600 whole seconds: floor(3416666666666 × 600 / 10^12) = floor(2049.9999999996).
    const Amount expected = price::charge(fractional_rate, 600);
    QCOMPARE(expected, Amount(2049));
    QCOMPARE(often.job(a).spent, expected);
    QCOMPARE(once.job(b).spent, expected);
    QCOMPARE(often.account(provider_name).earnings, expected);
    QCOMPARE(once.account(provider_name).earnings, expected);
    // deposit = spent + refund, to the base unit, and the user's balance moved by exactly what was spent.
    for (const BlockOutcome* outcome : {&closed_often, &closed_once}) {
        const Event* closing = find_event(outcome->events, a, EventName::CloseLease);
        QVERIFY(closing);
        QCOMPARE(Amount(event_field(*closing, "refunded").toStdString()) + expected, deposit + touches);
    }
    QCOMPARE(alice_often - often.account("alice").usdc, expected);
    QCOMPARE(alice_once - once.account("alice").usdc, expected);
}

void TestEscrow::repriceStartsANewSegment()
{
    ChainHarness chain;
    const Amount deposit = ChainHarness::usdc(10);
    const JobId id = chain.deploy("alice", provider_name, fractional_rate, per_s(50), deposit);
    const std::uint64_t confirmed = chain.ledger().time_ms();
    const Amount new_rate = price::parse_per_hour("0.02"); // 5.555555555555 per second

    VERIFY_ACCEPTED(chain.submit("alice", tx::UpdateLease{id, berth::test::terms("cpu.small", per_s(60))}, 10'500));
    // LEASE_UPDATED at +15.7 s settles 15 whole seconds at the old rate: floor(51.24999999999) = 51.
    VERIFY_ACCEPTED(chain.submit(provider_name, tx::LeaseUpdated{id, new_rate, berth::test::endpoint}, 5'200));
    QCOMPARE(chain.job(id).spent, Amount(51));
    QCOMPARE(chain.job(id).price_per_s, new_rate);
    QCOMPARE(chain.job(id).segment_start_ms, confirmed + 15'000);
    QCOMPARE(chain.job(id).segment_charged, Amount(0));
    QCOMPARE(event_field(chain.last_event(id, EventName::LeaseUpdated), "price_per_s"), QStringLiteral("5.555555555555"));

    // The new segment runs from +15 s (the 700 ms after it are billed at the new rate): closing
    // at +115.3 s bills 100 whole seconds, floor(555.5555555555) = 555.
    const BlockOutcome outcome = chain.block({chain.sign("alice", tx::CloseLease{id})}, 99'600);
    VERIFY_ACCEPTED(outcome.receipts.front());
    QCOMPARE(chain.ledger().time_ms(), confirmed + 115'300);
    QCOMPARE(chain.job(id).spent, Amount(51 + 555));
    const Event* closing = find_event(outcome.events, id, EventName::CloseLease);
    QVERIFY(closing);
    QCOMPARE(Amount(event_field(*closing, "refunded").toStdString()) + 606, deposit);
}

void TestEscrow::fractionalRateExhaustsAtTheLastPaidSecond()
{
    ChainHarness chain;
    const Amount alice = chain.account("alice").usdc;
    const JobId id = chain.deploy("alice", provider_name, fractional_rate, per_s(50), 3000);
    const std::uint64_t confirmed = chain.ledger().time_ms();
    // 878 s cost floor(2999.83) = 2999; 879 s would cost 3003: the escrow pays 878 whole seconds.
    QCOMPARE(price::charge(fractional_rate, 878), Amount(2999));
    QCOMPARE(price::charge(fractional_rate, 879), Amount(3003));
    QCOMPARE(Escrow::exhaustion_ms(chain.job(id)), std::optional<std::uint64_t>(confirmed + 878'000));

    chain.block({}, 877'999);
    QCOMPARE(chain.job(id).state, JobState::DeploymentConfirmed);
    const BlockOutcome outcome = chain.block({}, 1);
    const Event* closed = find_event(outcome.events, id, EventName::LeaseClosed);
    QVERIFY(closed);
    QCOMPARE(event_field(*closed, "reason"), QStringLiteral("insufficient_funds"));
    QCOMPARE(event_field(*closed, "spent"), QStringLiteral("2999"));
    QCOMPARE(event_field(*closed, "refunded"), QStringLiteral("1"));
    QCOMPARE(chain.job(id).settled_until_ms, confirmed + 878'000);
    QCOMPARE(chain.account("alice").usdc, alice - 2999);
    QCOMPARE(chain.account(provider_name).earnings, Amount(2999));
}

BERTH_QTEST_APPLESS(TestEscrow)
#include "tst_escrow.moc"
