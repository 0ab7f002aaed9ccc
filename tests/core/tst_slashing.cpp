#include "chainharness.h"
#include "testsupport.h"

#include <testcase.h>

#include <QtTest>

using namespace berth;
using berth::test::ChainHarness;
using berth::test::deposit;
using berth::test::per_s;
using berth::test::event_field;
using berth::test::event_names;
using berth::test::event_names_of;
using berth::test::text;

namespace {

tx::ReportFault fault(JobId job)
{
    return tx::ReportFault{job, "probe of http://127.0.0.1:8080/ failed"};
}

Amount penalty_of(const Params& params)
{
    return params.stake_per_job * params.slash_fraction_bps / 10000;
}

} // namespace

/**
 * Monitoring, slashing and reassignment: auditors' fault reports (too early before
 * job_startup_s, one per auditor per window, stale ones not counted), a quorum of distinct
 * auditors slashing exactly stake_per_job × slash_fraction_bps / 10000 into the treasury and
 * reassigning the job to a new lookup that excludes every provider slashed on it, with the
 * escrow carried over and nothing billed for time after the slash; and the bootstrap timeout,
 * which slashes and reassigns the same way or, with no provider left, closes the order with
 * reason bootstrap_timeout and refunds the escrow.
 */
class TestSlashing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reportBeforeJobStartupIsTooEarly();
    void duplicateReportInWindowIsRejected();
    void staleReportsDoNotCountTowardsQuorum_data();
    void staleReportsDoNotCountTowardsQuorum();
    void quorumSlashesReassignsAndCarriesEscrow();
    void everyProviderSlashedOnTheJobIsExcluded();
    void slashDuringExitCooldownReassigns();
    void exitBeforeDeploymentIsAFailedBootstrap();
    void quorumSlashWithoutReplacementRefundsTheRest();
    void bootstrapTimeoutSlashesAndReassigns_data();
    void bootstrapTimeoutSlashesAndReassigns();
    void bootstrapTimeoutWithoutReplacementClosesOrder();
};

void TestSlashing::reportBeforeJobStartupIsTooEarly()
{
    ChainHarness chain;
    const JobId id = chain.deploy("alice", "p2", per_s(20));
    const std::uint64_t confirmed = chain.ledger().time_ms();
    const std::uint64_t startup_ms = chain.state().params().job_startup_s * 1000;
    chain.advance_time(startup_ms - 2000);
    QCOMPARE(chain.ledger().time_ms() + 1000, confirmed + startup_ms - 1000);
    VERIFY_REJECTED(chain, "auditor1", ErrorCode::TooEarly, "still within job_startup_s", fault(id));
    QVERIFY(chain.job(id).faults.empty());
    // From exactly job_startup_s on, reports count.
    VERIFY_ACCEPTED(chain.submit("auditor1", fault(id)));
    QCOMPARE(chain.ledger().time_ms(), confirmed + startup_ms);
    const Event& reported = chain.last_event(id, EventName::FaultReported);
    QCOMPARE(reported.account, chain.address("auditor1"));
    QCOMPARE(event_field(reported, "provider"), QString::fromStdString(chain.address("p2").str()));
    QCOMPARE(event_field(reported, "reports"), QStringLiteral("1"));
    QCOMPARE(chain.job(id).state, JobState::DeploymentConfirmed);
}

void TestSlashing::duplicateReportInWindowIsRejected()
{
    ChainHarness chain;
    const JobId id = chain.deploy("alice", "p2", per_s(20));
    chain.advance_time(4'000);
    VERIFY_ACCEPTED(chain.submit("auditor1", fault(id)));
    const std::uint64_t reported = chain.ledger().time_ms();
    const std::uint64_t window_ms = chain.state().params().fault_window_s * 1000;
    VERIFY_REJECTED(chain, "auditor1", ErrorCode::AlreadyExists, "already reported job 1 in this window", fault(id));
    // A report exactly fault_window_s old still counts, so a repeat is still a duplicate.
    chain.advance_time(reported + window_ms - 1000 - chain.ledger().time_ms());
    VERIFY_REJECTED(chain, "auditor1", ErrorCode::AlreadyExists, "already reported", fault(id));
    QCOMPARE(chain.ledger().time_ms(), reported + window_ms);
    // One second later it has expired: the same auditor's new report is the only one.
    VERIFY_ACCEPTED(chain.submit("auditor1", fault(id)));
    QCOMPARE(event_field(chain.last_event(id, EventName::FaultReported), "reports"), QStringLiteral("1"));
    QCOMPARE(chain.job(id).faults.size(), std::size_t{1});
    QCOMPARE(chain.job(id).faults.front().time_ms, reported + window_ms + 1000);
    QCOMPARE(chain.job(id).state, JobState::DeploymentConfirmed);
    QCOMPARE(chain.account("p2").stake, ChainHarness::pond(1000));
}

void TestSlashing::staleReportsDoNotCountTowardsQuorum_data()
{
    QTest::addColumn<int>("gap_s");
    QTest::addColumn<bool>("slashed");
    QTest::newRow("second report exactly fault_window_s later") << 30 << true;
    QTest::newRow("second report after fault_window_s") << 31 << false;
}

void TestSlashing::staleReportsDoNotCountTowardsQuorum()
{
    QFETCH(int, gap_s);
    QFETCH(bool, slashed);
    ChainHarness chain;
    QCOMPARE(chain.state().params().fault_window_s, std::uint64_t{30});
    const JobId id = chain.deploy("alice", "p2", per_s(20));
    chain.advance_time(4'000);
    VERIFY_ACCEPTED(chain.submit("auditor1", fault(id)));
    const std::uint64_t first = chain.ledger().time_ms();
    chain.advance_time(static_cast<std::uint64_t>(gap_s) * 1000 - 1000);
    VERIFY_ACCEPTED(chain.submit("auditor2", fault(id)));
    QCOMPARE(chain.ledger().time_ms(), first + static_cast<std::uint64_t>(gap_s) * 1000);

    const Amount penalty = penalty_of(chain.state().params());
    if (slashed) {
        QCOMPARE(chain.job(id).state, JobState::ProviderLookup);
        QCOMPARE(chain.account("p2").stake, ChainHarness::pond(1000) - penalty);
        QCOMPARE(event_field(chain.last_event(id, EventName::FaultReported), "reports"), QStringLiteral("2"));
    } else {
        QCOMPARE(chain.job(id).state, JobState::DeploymentConfirmed);
        QCOMPARE(chain.account("p2").stake, ChainHarness::pond(1000));
        QCOMPARE(chain.state().globals().treasury_pond, Amount(0));
        QCOMPARE(event_field(chain.last_event(id, EventName::FaultReported), "reports"), QStringLiteral("1"));
        QCOMPARE(chain.job(id).faults.size(), std::size_t{1});
        QCOMPARE(chain.job(id).faults.front().auditor, chain.address("auditor2"));
    }
}

void TestSlashing::quorumSlashesReassignsAndCarriesEscrow()
{
    ChainHarness chain;
    const Params& params = chain.state().params();
    const Amount penalty = penalty_of(params);
    QCOMPARE(penalty, ChainHarness::pond(10));
    const Amount alice_before = chain.account("alice").usdc;
    const Address p2 = chain.address("p2");
    const JobId id = chain.deploy("alice", "p2", per_s(20));
    const std::uint64_t confirmed = chain.ledger().time_ms();

    chain.advance_time(9'000);
    VERIFY_ACCEPTED(chain.submit("auditor1", fault(id))); // +10 s
    QCOMPARE(chain.job(id).state, JobState::DeploymentConfirmed);
    const BlockOutcome slash = chain.block({chain.sign("auditor2", fault(id))}, 5'000); // +15 s
    QVERIFY2(slash.receipts.front().ok(), slash.receipts.front().message.c_str());
    const std::uint64_t slashed_at = chain.ledger().time_ms();
    QCOMPARE(slashed_at, confirmed + 15'000);
    QCOMPARE(event_names_of(slash.events), (QStringList{"FAULT_REPORTED", "SLASHED", "JOB_REASSIGNED", "PROVIDER_LOOKUP"}));

    const Event& slashed = slash.events[1];
    QCOMPARE(slashed.job, id);
    QCOMPARE(slashed.account, p2);
    QCOMPARE(event_field(slashed, "amount"), text(penalty));
    QVERIFY(event_field(slashed, "reason").startsWith("auditor quorum"));
    // Exactly the penalty moves from p2's stake to the treasury; the job's lock is released.
    QCOMPARE(chain.state().globals().treasury_pond, penalty);
    QCOMPARE(chain.account("p2").stake, ChainHarness::pond(1000) - penalty);
    QCOMPARE(chain.account("p2").pond, ChainHarness::pond(1000));
    QCOMPARE(chain.locked_stake("p2"), Amount(0));
    const Provider& provider = *chain.state().providers.find(p2);
    QCOMPARE(provider.slashes, 1u);
    QCOMPARE(provider.jobs_served, 1u);
    QCOMPARE(provider.active_jobs, 0u);
    QCOMPARE(provider.offers.at("cpu.small").used, 0u);

    // The job is back in lookup with its escrow, minus the 15 s p2 served.
    {
        const Job& job = chain.job(id);
        QCOMPARE(job.state, JobState::ProviderLookup);
        QCOMPARE(job.lookup_cause, CloseReason::NoProvider);
        QCOMPARE(job.excluded, std::vector<Address>{p2});
        QCOMPARE(job.reassignments, 1u);
        QVERIFY(job.provider.is_null());
        QCOMPARE(job.price_per_s, Amount(0));
        QVERIFY(!job.billing);
        QVERIFY(job.faults.empty());
        QCOMPARE(job.spent, Amount(20 * 15));
        QCOMPARE(job.escrow, deposit - 20 * 15);
        QCOMPARE(job.settled_until_ms, slashed_at);
        const Event& reassigned = slash.events[2];
        QCOMPARE(event_field(reassigned, "from"), QString::fromStdString(p2.str()));
        QCOMPARE(event_field(reassigned, "escrow"), text(deposit - 20 * 15));
        QCOMPARE(event_field(slash.events[3], "window_end_height"), QString::number(chain.ledger().height() + params.bid_window_blocks));
    }
    QCOMPARE(chain.account("p2").earnings, Amount(20 * 15));

    VERIFY_REJECTED(chain, "p2", ErrorCode::Excluded, "was slashed on job 1 and is excluded from it", tx::CreateBid{id, per_s(5)});
    // A long gap before the new match: nothing is billed while nobody serves the job.
    const BlockOutcome matched =
        chain.block({chain.sign("p3", tx::CreateBid{id, per_s(40)}), chain.sign("p1", tx::CreateBid{id, per_s(30)})}, 60'000);
    QVERIFY(matched.receipts[0].ok() && matched.receipts[1].ok());
    QCOMPARE(chain.job(id).state, JobState::CreateLease);
    QCOMPARE(chain.job(id).provider, chain.address("p1"));
    QCOMPARE(chain.job(id).price_per_s, per_s(30));
    QCOMPARE(chain.job(id).spent, Amount(20 * 15));
    QCOMPARE(chain.job(id).escrow, deposit - 20 * 15);

    chain.ready_and_confirm(id, "p1");
    const std::uint64_t reconfirmed = chain.ledger().time_ms();
    chain.advance_time(9'000);
    VERIFY_ACCEPTED(chain.submit("alice", tx::CloseLease{id}));
    QCOMPARE(chain.ledger().time_ms(), reconfirmed + 10'000);
    VERIFY_ACCEPTED(chain.submit("p1", tx::LeaseClosed{id}));

    // p1 is billed at its own price from its own confirmation; p2 got nothing after the slash.
    const Amount spent = Amount(20 * 15 + 30 * 10);
    QCOMPARE(chain.job(id).spent, spent);
    QCOMPARE(chain.account("p2").earnings, Amount(20 * 15));
    QCOMPARE(chain.account("p1").earnings, Amount(30 * 10));
    QCOMPARE(chain.account("alice").usdc, alice_before - spent);
    QCOMPARE(chain.job(id).close_reason, CloseReason::User);
    QCOMPARE(chain.locked_stake("p1"), Amount(0));
    QCOMPARE(event_names(chain, id),
             (QStringList{"PROVIDER_LOOKUP", "CREATE_BID", "CREATE_LEASE", "LEASE_READY", "DEPLOYMENT_CONFIRMED", "FAULT_REPORTED",
                          "FAULT_REPORTED", "SLASHED", "JOB_REASSIGNED", "PROVIDER_LOOKUP", "CREATE_BID", "CREATE_BID", "CREATE_LEASE",
                          "LEASE_READY", "DEPLOYMENT_CONFIRMED", "CLOSE_LEASE", "LEASE_CLOSED"}));
}

void TestSlashing::everyProviderSlashedOnTheJobIsExcluded()
{
    ChainHarness chain;
    const Amount penalty = penalty_of(chain.state().params());
    const JobId id = chain.deploy("alice", "p2", per_s(20));
    chain.advance_time(4'000);
    chain.block({chain.sign("auditor1", fault(id)), chain.sign("auditor3", fault(id))});
    QCOMPARE(chain.job(id).state, JobState::ProviderLookup);

    VERIFY_ACCEPTED(chain.submit("p1", tx::CreateBid{id, per_s(30)}));
    chain.close_window(id);
    QCOMPARE(chain.job(id).provider, chain.address("p1"));
    chain.ready_and_confirm(id, "p1");
    chain.advance_time(4'000);
    chain.block({chain.sign("auditor2", fault(id)), chain.sign("auditor3", fault(id))});
    QCOMPARE(chain.job(id).state, JobState::ProviderLookup);
    QCOMPARE(chain.job(id).excluded, (std::vector<Address>{chain.address("p2"), chain.address("p1")}));
    QCOMPARE(chain.job(id).reassignments, 2u);
    QCOMPARE(chain.state().globals().treasury_pond, penalty * 2);

    // Both slashed providers are refused on this job; the third is matched.
    const BlockOutcome bids = chain.block({chain.sign("p1", tx::CreateBid{id, per_s(1)}), chain.sign("p2", tx::CreateBid{id, per_s(1)})});
    for (const Receipt& r : bids.receipts) {
        QCOMPARE(r.error, std::optional<ErrorCode>(ErrorCode::Excluded));
        QVERIFY2(r.message.find("is excluded from it") != std::string::npos, r.message.c_str());
    }
    QVERIFY(chain.job(id).bids.empty());
    VERIFY_ACCEPTED(chain.submit("p3", tx::CreateBid{id, per_s(40)}));
    QCOMPARE(chain.job(id).provider, chain.address("p3"));
    QCOMPARE(chain.job(id).price_per_s, per_s(40));

    // Exclusion is per job: p2 still wins other orders.
    const JobId other = chain.matched_order("bob", "p2", per_s(20));
    QCOMPARE(chain.job(other).provider, chain.address("p2"));
}

void TestSlashing::slashDuringExitCooldownReassigns()
{
    ChainHarness chain;
    const JobId id = chain.deploy("alice", "p2", per_s(20));
    chain.advance_time(4'000);
    VERIFY_ACCEPTED(chain.submit("p2", tx::ExitLease{id})); // +5 s
    QCOMPARE(chain.job(id).state, JobState::ExitCooldown);
    chain.block({chain.sign("auditor1", fault(id)), chain.sign("auditor2", fault(id))}); // +6 s
    QCOMPARE(chain.job(id).state, JobState::ProviderLookup);
    QCOMPARE(chain.job(id).spent, Amount(20 * 6));
    QCOMPARE(chain.locked_stake("p2"), Amount(0));
    VERIFY_ACCEPTED(chain.submit("p1", tx::CreateBid{id, per_s(30)}));
    chain.close_window(id);
    // The old exit time passes without closing the job: it belongs to p1 now.
    chain.advance_time(25'000);
    QCOMPARE(chain.job(id).state, JobState::CreateLease);
    QCOMPARE(chain.job(id).provider, chain.address("p1"));
    QCOMPARE(chain.job(id).spent, Amount(20 * 6));
}

void TestSlashing::exitBeforeDeploymentIsAFailedBootstrap()
{
    ChainHarness chain;
    const Params& params = chain.ledger().params();
    const Amount slash = params.stake_per_job * params.slash_fraction_bps / 10000;
    const Amount alice_before = chain.account("alice").usdc;
    // p2 wins the order and walks away before provisioning it: slashed, and the job goes to the next bidder.
    const JobId id = chain.matched_order("alice", "p2", per_s(20));
    const Amount escrow = chain.job(id).escrow;
    VERIFY_ACCEPTED(chain.submit("p2", tx::ExitLease{id}));
    QCOMPARE(chain.job(id).state, JobState::ProviderLookup);
    QCOMPARE(chain.job(id).escrow, escrow);
    QCOMPARE(chain.account("alice").usdc, alice_before - escrow);
    QCOMPARE(chain.account("p2").stake, ChainHarness::pond(1000) - slash);
    QCOMPARE(chain.locked_stake("p2"), Amount(0));
    QVERIFY(event_field(chain.last_event(id, EventName::JobReassigned), "reason").contains("failed bootstrap"));
    QCOMPARE(event_field(chain.last_event(id, EventName::Slashed), "amount"), text(slash));
    VERIFY_REJECTED(chain, "p2", ErrorCode::Excluded, "excluded", tx::CreateBid{id, per_s(20)});

    // The next provider confirms the reservation first and then leaves: the same failed bootstrap.
    VERIFY_ACCEPTED(chain.submit("p1", tx::CreateBid{id, per_s(30)}));
    chain.close_window(id);
    VERIFY_ACCEPTED(chain.submit("p1", tx::LeaseReady{id}));
    VERIFY_ACCEPTED(chain.submit("p1", tx::ExitLease{id}));
    QCOMPARE(chain.job(id).state, JobState::ProviderLookup);
    QCOMPARE(chain.account("p1").stake, ChainHarness::pond(1000) - slash);
    QCOMPARE(chain.job(id).excluded.size(), std::size_t{2});
    QCOMPARE(chain.job(id).spent, Amount(0));

    // After DEPLOYMENT_CONFIRMED an exit is honest: the cooldown, no slash.
    VERIFY_ACCEPTED(chain.submit("p3", tx::CreateBid{id, per_s(40)}));
    chain.close_window(id);
    VERIFY_ACCEPTED(chain.submit("p3", tx::LeaseReady{id}));
    VERIFY_ACCEPTED(chain.submit("p3", tx::ConfirmDeployment{id, test::endpoint}));
    VERIFY_ACCEPTED(chain.submit("p3", tx::ExitLease{id}));
    QCOMPARE(chain.job(id).state, JobState::ExitCooldown);
    QCOMPARE(chain.account("p3").stake, chain.locked_stake("p3") + chain.unlocked_stake("p3"));
    QCOMPARE(chain.ledger().state().providers.find(chain.address("p3"))->slashes, 0u);
}

void TestSlashing::quorumSlashWithoutReplacementRefundsTheRest()
{
    ChainHarness chain(ChainHarness::default_params(), {{"p1", "cpu.small", per_s(30), 2, 0}});
    const Amount alice_before = chain.account("alice").usdc;
    const JobId id = chain.deploy("alice", "p1", per_s(30));
    chain.advance_time(9'000);
    chain.block({chain.sign("auditor1", fault(id)), chain.sign("auditor2", fault(id))}); // +10 s
    QCOMPARE(chain.job(id).state, JobState::ProviderLookup);
    chain.close_window(id);
    chain.close_window(id);
    const Job& job = chain.job(id);
    QCOMPARE(job.state, JobState::OrderClosed);
    QCOMPARE(job.close_reason, CloseReason::NoProvider);
    QCOMPARE(job.spent, Amount(30 * 10));
    QCOMPARE(job.escrow, Amount(0));
    QCOMPARE(event_field(chain.last_event(id, EventName::OrderClosed), "refunded"), text(deposit - 30 * 10));
    QCOMPARE(event_field(chain.last_event(id, EventName::OrderClosed), "reason"), QStringLiteral("no_provider"));
    QCOMPARE(chain.account("alice").usdc, alice_before - 30 * 10);
    QCOMPARE(chain.account("p1").earnings, Amount(30 * 10));
}

void TestSlashing::bootstrapTimeoutSlashesAndReassigns_data()
{
    QTest::addColumn<bool>("ready");
    QTest::newRow("never ready (CREATE_LEASE)") << false;
    QTest::newRow("ready, never confirmed (LEASE_READY)") << true;
}

void TestSlashing::bootstrapTimeoutSlashesAndReassigns()
{
    QFETCH(bool, ready);
    ChainHarness chain;
    const Params& params = chain.state().params();
    const Amount penalty = penalty_of(params);
    const Amount alice_before = chain.account("alice").usdc;
    const Address p2 = chain.address("p2");
    const JobId id = chain.matched_order("alice", "p2", per_s(20));
    const std::uint64_t matched = chain.ledger().time_ms();
    const std::uint64_t deadline = matched + params.job_bootstrapping_s * 1000;
    if (ready) VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseReady{id}));
    const JobState waiting = ready ? JobState::LeaseReady : JobState::CreateLease;

    chain.advance_time(deadline - 1000 - chain.ledger().time_ms());
    QCOMPARE(chain.job(id).state, waiting);
    QCOMPARE(chain.locked_stake("p2"), params.stake_per_job);

    const BlockOutcome timeout = chain.block();
    QCOMPARE(chain.ledger().time_ms(), deadline);
    QCOMPARE(event_names_of(timeout.events), (QStringList{"SLASHED", "JOB_REASSIGNED", "PROVIDER_LOOKUP"}));
    QCOMPARE(event_field(timeout.events[0], "amount"), text(penalty));
    QVERIFY(event_field(timeout.events[0], "reason").contains("job_bootstrapping_s"));
    {
        const Job& job = chain.job(id);
        QCOMPARE(job.state, JobState::ProviderLookup);
        QCOMPARE(job.lookup_cause, CloseReason::BootstrapTimeout);
        QCOMPARE(job.excluded, std::vector<Address>{p2});
        QCOMPARE(job.escrow, deposit);
        QCOMPARE(job.spent, Amount(0));
    }
    QCOMPARE(chain.account("p2").stake, ChainHarness::pond(1000) - penalty);
    QCOMPARE(chain.locked_stake("p2"), Amount(0));
    QCOMPARE(chain.state().globals().treasury_pond, penalty);
    QCOMPARE(chain.account("p2").earnings, Amount(0));
    // The slashed provider is no longer the lease's provider.
    VERIFY_REJECTED(chain, "p2", ErrorCode::WrongActor, "is not the provider of job 1", tx::ConfirmDeployment{id, {"127.0.0.1", {80}, {}}});

    VERIFY_ACCEPTED(chain.submit("p1", tx::CreateBid{id, per_s(30)}));
    QCOMPARE(chain.job(id).state, JobState::CreateLease);
    QCOMPARE(chain.job(id).provider, chain.address("p1"));
    QCOMPARE(chain.job(id).matched_at_ms, chain.ledger().time_ms());
    chain.ready_and_confirm(id, "p1");
    chain.advance_time(9'000);
    VERIFY_ACCEPTED(chain.submit("alice", tx::CloseLease{id}));
    VERIFY_ACCEPTED(chain.submit("p1", tx::LeaseClosed{id}));
    QCOMPARE(chain.job(id).spent, Amount(30 * 10));
    QCOMPARE(chain.account("alice").usdc, alice_before - 30 * 10);

    QStringList expected{"PROVIDER_LOOKUP", "CREATE_BID", "CREATE_LEASE"};
    if (ready) expected << "LEASE_READY";
    expected << "SLASHED"
             << "JOB_REASSIGNED"
             << "PROVIDER_LOOKUP"
             << "CREATE_BID"
             << "CREATE_LEASE"
             << "LEASE_READY"
             << "DEPLOYMENT_CONFIRMED"
             << "CLOSE_LEASE"
             << "LEASE_CLOSED";
    QCOMPARE(event_names(chain, id), expected);
}

void TestSlashing::bootstrapTimeoutWithoutReplacementClosesOrder()
{
    ChainHarness chain(ChainHarness::default_params(), {{"p1", "cpu.small", per_s(30), 2, 0}});
    const Amount penalty = penalty_of(chain.state().params());
    const Amount alice_before = chain.account("alice").usdc;
    const JobId id = chain.matched_order("alice", "p1", per_s(30));
    chain.advance_time(chain.state().params().job_bootstrapping_s * 1000);
    QCOMPARE(chain.job(id).state, JobState::ProviderLookup);
    QCOMPARE(chain.job(id).lookup_cause, CloseReason::BootstrapTimeout);
    VERIFY_REJECTED(chain, "p1", ErrorCode::Excluded, "is excluded", tx::CreateBid{id, per_s(30)});

    chain.close_window(id);
    QCOMPARE(chain.job(id).state, JobState::ProviderLookup);
    chain.close_window(id);
    const Job& job = chain.job(id);
    QCOMPARE(job.state, JobState::OrderClosed);
    QCOMPARE(job.close_reason, CloseReason::BootstrapTimeout);
    QCOMPARE(job.escrow, Amount(0));
    const Event& closed = chain.last_event(id, EventName::OrderClosed);
    QCOMPARE(event_field(closed, "reason"), QStringLiteral("bootstrap_timeout"));
    QCOMPARE(event_field(closed, "refunded"), text(deposit));
    QCOMPARE(chain.account("alice").usdc, alice_before);
    QCOMPARE(chain.account("p1").stake, ChainHarness::pond(1000) - penalty);
    QCOMPARE(chain.locked_stake("p1"), Amount(0));
    QCOMPARE(chain.state().globals().treasury_pond, penalty);
    QCOMPARE(event_names(chain, id), (QStringList{"PROVIDER_LOOKUP", "CREATE_BID", "CREATE_LEASE", "SLASHED", "JOB_REASSIGNED",
                                                  "PROVIDER_LOOKUP", "PROVIDER_LOOKUP", "ORDER_CLOSED"}));
}

BERTH_QTEST_APPLESS(TestSlashing)
#include "tst_slashing.moc"
