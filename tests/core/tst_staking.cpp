#include "chainharness.h"

#include <testcase.h>

#include <QtTest>

#include <limits>

#include "testsupport.h"

using namespace berth;
using berth::test::ChainHarness;
using berth::test::apply;
using berth::test::per_s;
using berth::test::event_field;
using berth::test::event_names_of;

namespace {

tx::CreateOrder order_of(std::string_view manifest)
{
    return {"cpu.small", 1, per_s(50), Hash256::of(as_bytes(manifest)), "https://images.example/app", ChainHarness::usdc(10)};
}

} // namespace

/**
 * The staking contract: Stake moves POND from the balance into stake and Unstake moves it
 * back, with exact balances and the STAKED/UNSTAKED events; neither may take more than there
 * is (InsufficientFunds, InsufficientStake). Each matched job locks stake_per_job, locked
 * stake never exceeds stake, locked stake cannot be unstaked while its jobs live, and a
 * provider cannot promise the same stake to two jobs. The lock is counted in the provider's
 * row, so a match leaves the winner's account as it was.
 */
class TestStaking : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stakeMovesPond();
    void stakeNeedsFunds();
    void unstakeMovesPondBack();
    void unstakeNeedsUnlockedStake();
    void liveJobLocksStake();
    void matchLeavesTheWinnersAccountAlone();
    void stakeIsNotPromisedTwice();
};

void TestStaking::stakeMovesPond()
{
    ChainHarness chain;
    const Amount four = ChainHarness::pond(4);
    const BlockOutcome outcome = apply(chain, "alice", tx::Stake{four});
    VERIFY_ACCEPTED(outcome.receipts.front());
    QCOMPARE(chain.account("alice").pond, ChainHarness::pond(6));
    QCOMPARE(chain.account("alice").stake, four);
    QCOMPARE(chain.locked_stake("alice"), Amount(0));
    QCOMPARE(event_names_of(outcome.events), QStringList{QStringLiteral("STAKED")});
    QCOMPARE(outcome.events.front().account, chain.address("alice"));
    QCOMPARE(event_field(outcome.events.front(), "amount"), QStringLiteral("4000000000000000000"));
    QCOMPARE(event_field(outcome.events.front(), "stake"), QStringLiteral("4000000000000000000"));

    // All the rest, down to a zero balance; stake adds up.
    VERIFY_ACCEPTED(chain.submit("alice", tx::Stake{ChainHarness::pond(6)}));
    QCOMPARE(chain.account("alice").pond, Amount(0));
    QCOMPARE(chain.account("alice").stake, ChainHarness::pond(10));
    QCOMPARE(chain.account("alice").usdc, ChainHarness::usdc(1000)); // USDC is never touched
}

void TestStaking::stakeNeedsFunds()
{
    ChainHarness chain;
    const auto expect_rejected = [&](const Amount& amount, ErrorCode code) {
        const ChainHarness::Snapshot before = chain.snapshot();
        const Receipt receipt = chain.submit("alice", tx::Stake{amount});
        QCOMPARE(receipt.error, std::optional(code));
        QVERIFY(chain.snapshot().same_except_nonces(before));
    };
    expect_rejected(ChainHarness::pond(10) + 1, ErrorCode::InsufficientFunds);
    expect_rejected(std::numeric_limits<Amount>::max(), ErrorCode::InsufficientFunds);
    expect_rejected(0, ErrorCode::InvalidArgument);
    QCOMPARE(chain.account("alice").pond, ChainHarness::pond(10));
    QCOMPARE(chain.account("alice").stake, Amount(0));

    // An auditor with no POND at all.
    const ChainHarness::Snapshot before = chain.snapshot();
    QCOMPARE(chain.submit("auditor1", tx::Stake{1}).error, std::optional(ErrorCode::InsufficientFunds));
    QVERIFY(chain.snapshot().same_except_nonces(before));
}

void TestStaking::unstakeMovesPondBack()
{
    ChainHarness chain;
    VERIFY_ACCEPTED(chain.submit("alice", tx::Stake{ChainHarness::pond(10)}));

    const BlockOutcome outcome = apply(chain, "alice", tx::Unstake{ChainHarness::pond(3)});
    VERIFY_ACCEPTED(outcome.receipts.front());
    QCOMPARE(chain.account("alice").pond, ChainHarness::pond(3));
    QCOMPARE(chain.account("alice").stake, ChainHarness::pond(7));
    QCOMPARE(event_names_of(outcome.events), QStringList{QStringLiteral("UNSTAKED")});
    QCOMPARE(event_field(outcome.events.front(), "amount"), QStringLiteral("3000000000000000000"));
    QCOMPARE(event_field(outcome.events.front(), "stake"), QStringLiteral("7000000000000000000"));

    VERIFY_ACCEPTED(chain.submit("alice", tx::Unstake{ChainHarness::pond(7)}));
    QCOMPARE(chain.account("alice").pond, ChainHarness::pond(10));
    QCOMPARE(chain.account("alice").stake, Amount(0));
}

void TestStaking::unstakeNeedsUnlockedStake()
{
    ChainHarness chain;
    VERIFY_ACCEPTED(chain.submit("alice", tx::Stake{ChainHarness::pond(5)}));
    const auto expect_rejected = [&](const std::string& who, const Amount& amount, ErrorCode code) {
        const ChainHarness::Snapshot before = chain.snapshot();
        const Receipt receipt = chain.submit(who, tx::Unstake{amount});
        QCOMPARE(receipt.error, std::optional(code));
        QVERIFY(chain.snapshot().same_except_nonces(before));
    };
    expect_rejected("alice", ChainHarness::pond(5) + 1, ErrorCode::InsufficientStake);
    expect_rejected("alice", 0, ErrorCode::InvalidArgument);
    expect_rejected("bob", 1, ErrorCode::InsufficientStake); // never staked
    QCOMPARE(chain.account("alice").stake, ChainHarness::pond(5));
    QCOMPARE(chain.account("alice").pond, ChainHarness::pond(5));
}

void TestStaking::matchLeavesTheWinnersAccountAlone()
{
    ChainHarness chain;
    const Amount per_job = chain.state().params().stake_per_job;
    const JobId id = chain.order("alice");
    VERIFY_ACCEPTED(chain.submit("p2", tx::CreateBid{id, per_s(20)}));
    const Account account = chain.account("p2");
    const std::uint32_t active_jobs = chain.state().providers.find(chain.address("p2"))->active_jobs;

    chain.close_window(id);
    QCOMPARE(chain.job(id).state, JobState::CreateLease);
    QCOMPARE(chain.job(id).provider, chain.address("p2"));
    QCOMPARE(chain.account("p2"), account);
    QCOMPARE(chain.state().providers.find(chain.address("p2"))->active_jobs, active_jobs + 1);
    QCOMPARE(chain.locked_stake("p2"), per_job);
}

void TestStaking::liveJobLocksStake()
{
    ChainHarness chain;
    const Amount per_job = chain.state().params().stake_per_job;
    const Amount stake = chain.account("p2").stake; // 10 × stake_per_job from genesis
    const Amount pond = chain.account("p2").pond;
    QCOMPARE(stake, per_job * 10);

    const JobId id = chain.matched_order("alice", "p2", per_s(20));
    QCOMPARE(chain.locked_stake("p2"), per_job);
    QCOMPARE(chain.account("p2").stake, stake);
    QCOMPARE(chain.unlocked_stake("p2"), per_job * 9);

    // More than the unlocked part is refused, to the base unit.
    ChainHarness::Snapshot before = chain.snapshot();
    Receipt receipt = chain.submit("p2", tx::Unstake{per_job * 9 + 1});
    QCOMPARE(receipt.error, std::optional(ErrorCode::InsufficientStake));
    QVERIFY2(receipt.message.find("unlocked") != std::string::npos, receipt.message.c_str());
    QVERIFY(chain.snapshot().same_except_nonces(before));

    // All of the unlocked part is fine; locked stake then equals stake.
    VERIFY_ACCEPTED(chain.submit("p2", tx::Unstake{per_job * 9}));
    QCOMPARE(chain.account("p2").stake, per_job);
    QCOMPARE(chain.locked_stake("p2"), per_job);
    QCOMPARE(chain.account("p2").pond, pond + per_job * 9);

    before = chain.snapshot();
    QCOMPARE(chain.submit("p2", tx::Unstake{1}).error, std::optional(ErrorCode::InsufficientStake));
    QVERIFY(chain.snapshot().same_except_nonces(before));
    QVERIFY(chain.locked_stake("p2") <= chain.account("p2").stake);

    // With nothing unlocked, p2 cannot bid for another job.
    const JobId other = chain.order("bob");
    QCOMPARE(chain.submit("p2", tx::CreateBid{other, per_s(20)}).error, std::optional(ErrorCode::InsufficientStake));

    // Once the lease has closed, the lock is gone and all of the stake can leave.
    VERIFY_ACCEPTED(chain.submit("alice", tx::CloseLease{id}));
    QCOMPARE(chain.locked_stake("p2"), per_job); // still serving until the provider acknowledges
    VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseClosed{id}));
    QCOMPARE(chain.job(id).state, JobState::LeaseClosed);
    QCOMPARE(chain.locked_stake("p2"), Amount(0));
    VERIFY_ACCEPTED(chain.submit("p2", tx::Unstake{per_job}));
    QCOMPARE(chain.account("p2").stake, Amount(0));
    QCOMPARE(chain.account("p2").pond, pond + stake);
}

void TestStaking::stakeIsNotPromisedTwice()
{
    // p1 has 1.5 × stake_per_job staked: enough for one job, not two.
    const Params params = ChainHarness::default_params();
    const Amount per_job = params.stake_per_job;
    ChainHarness chain(params, {{"p1", "cpu.small", per_s(30), 2, per_job + per_job / 2}});

    // Two orders in one block, so that both windows close in the same block.
    const JobId first = chain.state().globals().next_job_id;
    const JobId second = first + 1;
    const BlockOutcome orders = chain.block({chain.sign("alice", order_of("first")), chain.sign("bob", order_of("second"))});
    VERIFY_ACCEPTED(orders.receipts[0]);
    VERIFY_ACCEPTED(orders.receipts[1]);

    // While nothing is locked yet, p1 may bid on both.
    const BlockOutcome bids =
        chain.block({chain.sign("p1", tx::CreateBid{first, per_s(30)}), chain.sign("p1", tx::CreateBid{second, per_s(30)})});
    VERIFY_ACCEPTED(bids.receipts[0]);
    VERIFY_ACCEPTED(bids.receipts[1]);

    chain.advance_to_height(chain.job(first).window_end_height);
    QCOMPARE(chain.job(first).state, JobState::CreateLease);
    QCOMPARE(chain.job(first).provider, chain.address("p1"));
    // The second window closed in the same block, but the first match had locked the stake.
    QCOMPARE(chain.job(second).state, JobState::ProviderLookup);
    QCOMPARE(chain.job(second).provider, Address{});
    QCOMPARE(chain.locked_stake("p1"), per_job);
    QVERIFY(chain.locked_stake("p1") <= chain.account("p1").stake);
    const Event& lookup = chain.events().back();
    QCOMPARE(lookup.job, second);
    QCOMPARE(std::string(event_name(lookup.name)), std::string("PROVIDER_LOOKUP"));
    QVERIFY2(lookup.field("rejected:" + chain.address("p1").str()).find("unlocked stake") != std::string::npos,
             lookup.field("rejected:" + chain.address("p1").str()).c_str());

    // In the second window p1 is refused at once; staking the missing half makes it eligible
    // again, and the second match locks exactly all of its stake.
    QCOMPARE(chain.submit("p1", tx::CreateBid{second, per_s(30)}).error, std::optional(ErrorCode::InsufficientStake));
    const BlockOutcome retry = chain.block({chain.sign("p1", tx::Stake{per_job / 2}), chain.sign("p1", tx::CreateBid{second, per_s(30)})});
    VERIFY_ACCEPTED(retry.receipts[0]);
    VERIFY_ACCEPTED(retry.receipts[1]);
    chain.advance_to_height(chain.job(second).window_end_height);
    QCOMPARE(chain.job(second).state, JobState::CreateLease);
    QCOMPARE(chain.account("p1").stake, per_job * 2);
    QCOMPARE(chain.locked_stake("p1"), per_job * 2);
    QCOMPARE(chain.submit("p1", tx::Unstake{1}).error, std::optional(ErrorCode::InsufficientStake));
}

BERTH_QTEST_APPLESS(TestStaking)
#include "tst_staking.moc"
