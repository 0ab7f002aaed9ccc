#include "chainharness.h"
#include "testsupport.h"

#include <genesis.h>
#include <manifestreceipt.h>

#include <testcase.h>

#include <QtTest>

using namespace berth;
using berth::test::ChainHarness;
using berth::test::endpoint;
using berth::test::event_field;
using berth::test::terms;
using berth::test::per_s;

namespace {

tx::ReportFault probe_fault(JobId job)
{
    return tx::ReportFault{job, "probe failed"};
}

tx::ManifestDelivered receipt_of(ChainHarness& chain, JobId job, const std::string& signer, const Hash256& hash)
{
    const PrivateKey& key = chain.key(signer);
    return tx::ManifestDelivered{job, hash, key.public_key(), ManifestReceipt::sign(key, chain.ledger().params().chain_id, job, hash)};
}

const Offer& offer_of(ChainHarness& chain, const std::string& provider)
{
    return chain.state().providers.find(chain.address(provider))->offers.at("cpu.small");
}

} // namespace

/**
 * The rules that keep the market honest for both sides: only real misbehaviour is slashed
 * (a refused update, a restart that re-posts its addresses and an update in progress are not
 * faults), a provider cannot leave a job unprovisioned for free, the owner can prove its
 * manifest arrived, access details must be probeable, replicas take capacity, and genesis
 * parameters are range-checked.
 */
class TestIntegrity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replicasTakeOneCapacityUnitEach();
    void accessDetailsMustBeProbeable();
    void refusedUpdateKeepsTheOldTermsWithoutSlash();
    void updateInProgressIsNotFaultableBeforeItsDeadline();
    void slashDuringUpdateCarriesTheRequestedTerms();
    void restoredAccessGetsAGraceAndIsBounded();
    void deliveredManifestRefusesTheManifestTimeout();
    void deliveryReceiptMustBeTheProvidersForThisManifest();
    void parametersAreRangeChecked();
    void aFailedTransactionConsumesItsNonce();
};

void TestIntegrity::replicasTakeOneCapacityUnitEach()
{
    ChainHarness chain;
    const JobId three = chain.order("alice", per_s(150), ChainHarness::usdc(20), "cpu.small", 3);
    VERIFY_ACCEPTED(chain.submit("p2", tx::CreateBid{three, per_s(60)}));
    chain.close_window(three);
    QCOMPARE(chain.job(three).provider, chain.address("p2"));
    QCOMPARE(offer_of(chain, "p2").used, 3u);

    // One unit is left: an order of two replicas is refused at the bid.
    const JobId two = chain.order("bob", per_s(150), ChainHarness::usdc(20), "cpu.small", 2);
    VERIFY_REJECTED(chain, "p2", ErrorCode::InsufficientCapacity, "one needed per replica", tx::CreateBid{two, per_s(40)});
    VERIFY_ACCEPTED(chain.submit("bob", tx::CloseLease{two}));

    // Growing the three-replica lease needs the growth free now, and takes it at LEASE_UPDATED.
    chain.ready_and_confirm(three, "p2");
    VERIFY_REJECTED(chain, "alice", ErrorCode::InsufficientCapacity, "needs 2 more", tx::UpdateLease{three, terms("cpu.small", per_s(150), 5)});
    VERIFY_ACCEPTED(chain.submit("alice", tx::UpdateLease{three, terms("cpu.small", per_s(150), 1)}));
    VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseUpdated{three, per_s(20), endpoint}));
    QCOMPARE(offer_of(chain, "p2").used, 1u);
    // Closing frees what the lease holds now.
    VERIFY_ACCEPTED(chain.submit("alice", tx::CloseLease{three}));
    VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseClosed{three}));
    QCOMPARE(offer_of(chain, "p2").used, 0u);
}

void TestIntegrity::accessDetailsMustBeProbeable()
{
    ChainHarness chain;
    const JobId id = chain.matched_order("alice", "p2", per_s(20));
    VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseReady{id}));
    const auto refused = [&](const Access& access, const std::string& cause) {
        return chain.rejection_problem("p2", tx::ConfirmDeployment{id, access}, ErrorCode::UnprobeableAccess, cause);
    };
    std::string problem = refused(Access{"10.0.0.1", {8080}, {}}, "at least one http(s) URL");
    QVERIFY2(problem.empty(), problem.c_str());
    problem = refused(Access{"10.0.0.1", {}, {}}, "at least one port");
    QVERIFY2(problem.empty(), problem.c_str());
    problem = refused(Access{"10.0.0.1", {8080}, {"tcp://10.0.0.1:8080"}}, "not an http:// or https:// URL");
    QVERIFY2(problem.empty(), problem.c_str());
    problem = refused(Access{"10.0.0.1", {8080}, {"http://always-up.example:8080/"}}, "another host");
    QVERIFY2(problem.empty(), problem.c_str());
    problem = refused(Access{"10.0.0.1", {8080, 8081}, {"http://10.0.0.1:8080/"}}, "exposed port 8081 has no http(s) URL");
    QVERIFY2(problem.empty(), problem.c_str());
    problem = refused(Access{"10.0.0.1", {8080}, {"http://10.0.0.1:9999/"}}, "not an exposed port");
    QVERIFY2(problem.empty(), problem.c_str());
    problem = refused(Access{"10.0.0.1", {8080, 8080}, {"http://10.0.0.1:8080/"}}, "listed twice");
    QVERIFY2(problem.empty(), problem.c_str());
    problem = refused(Access{"10.0.0.1", {80}, {"http://10.0.0.1:/"}}, "not an http:// or https:// URL");
    QVERIFY2(problem.empty(), problem.c_str());
    // Default ports count, and IPv6 hosts are written in brackets.
    VERIFY_ACCEPTED(chain.submit("p2", tx::ConfirmDeployment{id, Access{"::1", {443, 80}, {"https://[::1]/", "http://[::1]/x"}}}));
    QCOMPARE(chain.job(id).state, JobState::DeploymentConfirmed);
}

void TestIntegrity::refusedUpdateKeepsTheOldTermsWithoutSlash()
{
    ChainHarness chain;
    const JobId id = chain.deploy("alice", "p2", per_s(20));
    const Job before = chain.job(id);
    VERIFY_ACCEPTED(chain.submit("alice", tx::UpdateLease{id, terms("cpu.small", per_s(60), 2)}));
    VERIFY_REJECTED(chain, "p1", ErrorCode::WrongActor, "is not the provider", tx::RefuseUpdate{id, "no"});
    VERIFY_REJECTED(chain, "p2", ErrorCode::InvalidArgument, "needs the reason", tx::RefuseUpdate{id, ""});
    chain.advance_time(4'000);
    VERIFY_ACCEPTED(chain.submit("p2", tx::RefuseUpdate{id, "command workloads are disabled on this provider"}));
    const Job& job = chain.job(id);
    QCOMPARE(job.state, JobState::DeploymentConfirmed);
    QVERIFY(!job.pending_update);
    QCOMPARE(job.replicas, before.replicas);
    QCOMPARE(job.manifest_hash, before.manifest_hash);
    QCOMPARE(job.max_price_per_s, before.max_price_per_s);
    QCOMPARE(job.price_per_s, before.price_per_s);
    QVERIFY(job.billing);
    QCOMPARE(event_field(chain.last_event(id, EventName::UpdateRefused), "reason"),
             QStringLiteral("command workloads are disabled on this provider"));
    QCOMPARE(chain.account("p2").stake, ChainHarness::pond(1000));
    // The lease keeps the reason for its owner to see, until the owner asks for another update.
    QCOMPARE(job.update_refusal, std::string("command workloads are disabled on this provider"));
    // Only a lease that is updating can be refused.
    VERIFY_REJECTED(chain, "p2", ErrorCode::WrongState, "DEPLOYMENT_CONFIRMED", tx::RefuseUpdate{id, "again"});
    VERIFY_ACCEPTED(chain.submit("alice", tx::UpdateLease{id, terms("cpu.small", per_s(60), 1)}));
    QCOMPARE(chain.job(id).update_refusal, std::string());
}

void TestIntegrity::updateInProgressIsNotFaultableBeforeItsDeadline()
{
    ChainHarness chain;
    const Params& params = chain.ledger().params();
    const JobId id = chain.deploy("alice", "p2", per_s(20));
    chain.advance_time(params.job_startup_s * 1000);
    VERIFY_ACCEPTED(chain.submit("alice", tx::UpdateLease{id, terms("cpu.small", per_s(60), 2)}));
    const std::uint64_t requested = chain.job(id).update_requested_at_ms;
    QCOMPARE(fault_reports_open_ms(chain.job(id), params), requested + params.job_bootstrapping_s * 1000);
    VERIFY_REJECTED(chain, "auditor1", ErrorCode::TooEarly, "apply or refuse the update", probe_fault(id));
    // The last block before the deadline (each report goes in a block of its own, one block time later).
    const std::uint64_t open = fault_reports_open_ms(chain.job(id), params);
    chain.advance_time(open - chain.ledger().time_ms() - 2 * params.block_ms);
    VERIFY_REJECTED(chain, "auditor1", ErrorCode::TooEarly, "apply or refuse the update", probe_fault(id));
    // Past the deadline a provider that neither applied nor refused is monitored as usual.
    VERIFY_ACCEPTED(chain.submit("auditor1", probe_fault(id)));
    QCOMPARE(chain.ledger().time_ms(), open);
}

void TestIntegrity::slashDuringUpdateCarriesTheRequestedTerms()
{
    ChainHarness chain;
    const Params& params = chain.ledger().params();
    const JobId id = chain.deploy("alice", "p2", per_s(20));
    const PendingUpdate wanted = terms("cpu.small", per_s(70), 2);
    VERIFY_ACCEPTED(chain.submit("alice", tx::UpdateLease{id, wanted}));
    chain.advance_time(params.job_bootstrapping_s * 1000);
    chain.block({chain.sign("auditor1", probe_fault(id)), chain.sign("auditor2", probe_fault(id))});
    const Job& job = chain.job(id);
    QCOMPARE(job.state, JobState::ProviderLookup);
    QCOMPARE(job.replicas, wanted.replicas);
    QCOMPARE(job.manifest_hash, wanted.manifest_hash);
    QCOMPARE(job.max_price_per_s, wanted.max_price_per_s);
    QVERIFY(!job.pending_update);
    // The next provider is matched on the new terms: two replicas at most 70 per second.
    VERIFY_REJECTED(chain, "p3", ErrorCode::PriceAboveMax, "above the order's max price", tx::CreateBid{id, per_s(71)});
    VERIFY_ACCEPTED(chain.submit("p1", tx::CreateBid{id, per_s(70)}));
    chain.close_window(id);
    QCOMPARE(offer_of(chain, "p1").used, 2u);
}

void TestIntegrity::restoredAccessGetsAGraceAndIsBounded()
{
    ChainHarness chain;
    const Params& params = chain.ledger().params();
    const JobId id = chain.deploy("alice", "p2", per_s(20));
    chain.advance_time(params.job_startup_s * 1000);
    VERIFY_ACCEPTED(chain.submit("auditor1", probe_fault(id)));
    QCOMPARE(chain.job(id).faults.size(), std::size_t{1});

    // The provider restarted and its workload came back on another port.
    const Access moved{"127.0.0.1", {9090}, {"http://127.0.0.1:9090/"}};
    VERIFY_REJECTED(chain, "p1", ErrorCode::WrongActor, "is not the provider", tx::RestoreAccess{id, moved});
    VERIFY_REJECTED(chain, "p2", ErrorCode::UnprobeableAccess, "at least one http(s) URL",
                    tx::RestoreAccess{id, Access{"127.0.0.1", {9090}, {}}});
    VERIFY_ACCEPTED(chain.submit("p2", tx::RestoreAccess{id, moved}));
    const Job& job = chain.job(id);
    QVERIFY(job.access == moved);
    QVERIFY(job.faults.empty());
    QVERIFY(job.billing);
    QCOMPARE(event_field(chain.last_event(id, EventName::AccessRestored), "urls"), QStringLiteral("http://127.0.0.1:9090/"));
    // Auditors give the new addresses job_startup_s, as after a confirmation.
    VERIFY_REJECTED(chain, "auditor2", ErrorCode::TooEarly, "job_startup_s", probe_fault(id));
    chain.advance_time(params.job_startup_s * 1000);
    VERIFY_ACCEPTED(chain.submit("auditor2", probe_fault(id)));
    // A provider that keeps restarting cannot keep itself out of reach: after a restore's grace,
    // auditors have a whole fault window before the next restore.
    VERIFY_REJECTED(chain, "p2", ErrorCode::TooEarly, "job_startup_s + fault_window_s", tx::RestoreAccess{id, endpoint});
    const std::uint64_t bound_ms = chain.job(id).last_restore_at_ms + (params.job_startup_s + params.fault_window_s) * 1000;
    const Receipt early = chain.submit("p2", tx::RestoreAccess{id, endpoint}, bound_ms - 1 - chain.ledger().time_ms());
    QCOMPARE(early.error, std::optional(ErrorCode::TooEarly));
    chain.block({}, 1);
    VERIFY_ACCEPTED(chain.submit("p2", tx::RestoreAccess{id, endpoint}));
}

void TestIntegrity::deliveredManifestRefusesTheManifestTimeout()
{
    ChainHarness chain;
    const Params& params = chain.ledger().params();
    const JobId id = chain.matched_order("alice", "p2", per_s(20));
    VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseReady{id}));
    VERIFY_ACCEPTED(chain.submit("alice", receipt_of(chain, id, "p2", chain.job(id).manifest_hash)));
    QVERIFY(chain.job(id).manifest_delivered_at_ms > 0);
    QCOMPARE(event_field(chain.last_event(id, EventName::ManifestDelivered), "manifest_hash"),
             QString::fromStdString(chain.job(id).manifest_hash.hex()));
    chain.advance_time(params.manifest_timeout_s * 1000);
    VERIFY_REJECTED(chain, "p2", ErrorCode::ManifestDelivered, "it was delivered", tx::ManifestTimeout{id});
    // Not deploying what was delivered ends in the bootstrap deadline's slash, not a free exit.
    chain.advance_time(chain.job(id).matched_at_ms + params.job_bootstrapping_s * 1000 - chain.ledger().time_ms());
    QCOMPARE(chain.job(id).state, JobState::ProviderLookup);
    QCOMPARE(chain.job(id).manifest_delivered_at_ms, std::uint64_t{0});
    QCOMPARE(chain.job(id).excluded.front(), chain.address("p2"));
}

void TestIntegrity::deliveryReceiptMustBeTheProvidersForThisManifest()
{
    ChainHarness chain;
    const JobId id = chain.matched_order("alice", "p2", per_s(20));
    const Hash256 hash = chain.job(id).manifest_hash;
    // Before LEASE_READY no manifest can have been accepted.
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongState, "CREATE_LEASE", receipt_of(chain, id, "p2", hash));
    VERIFY_ACCEPTED(chain.submit("p2", tx::LeaseReady{id}));
    VERIFY_REJECTED(chain, "bob", ErrorCode::WrongActor, "does not own", receipt_of(chain, id, "p2", hash));
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongActor, "not by the lease's provider", receipt_of(chain, id, "p1", hash));
    VERIFY_REJECTED(chain, "alice", ErrorCode::InvalidArgument, "the receipt is for manifest",
                    receipt_of(chain, id, "p2", Hash256::of(as_bytes("another manifest"))));
    tx::ManifestDelivered forged = receipt_of(chain, id, "p2", hash);
    forged.receipt[3] ^= 0x10;
    VERIFY_REJECTED(chain, "alice", ErrorCode::BadSignature, "does not verify", forged);
    // A receipt for another lease of the same manifest does not count for this one.
    tx::ManifestDelivered other_lease = receipt_of(chain, id + 100, "p2", hash);
    other_lease.job = id;
    VERIFY_REJECTED(chain, "alice", ErrorCode::BadSignature, "does not verify", other_lease);
    VERIFY_ACCEPTED(chain.submit("alice", receipt_of(chain, id, "p2", hash)));
    VERIFY_REJECTED(chain, "alice", ErrorCode::AlreadyExists, "on chain already", receipt_of(chain, id, "p2", hash));
}

void TestIntegrity::parametersAreRangeChecked()
{
    const auto refusal = [](const std::function<void(Params&)>& change) -> std::string {
        Params p = ChainHarness::default_params();
        change(p);
        try {
            p.validate();
        } catch (const std::invalid_argument& e) {
            return e.what();
        }
        return {};
    };
    QVERIFY(refusal([](Params&) {}).empty());
    QVERIFY(
        QString::fromStdString(refusal([](Params& p) { p.job_bootstrapping_s = Params::max_duration_s + 1; })).contains("job_bootstrapping_s"));
    QVERIFY(QString::fromStdString(refusal([](Params& p) { p.job_startup_s = UINT64_MAX; })).contains("job_startup_s"));
    QVERIFY(QString::fromStdString(refusal([](Params& p) { p.fault_window_s = UINT64_MAX / 1000; })).contains("fault_window_s"));
    QVERIFY(QString::fromStdString(refusal([](Params& p) { p.block_ms = Params::max_block_ms + 1; })).contains("block_ms"));
    QVERIFY(QString::fromStdString(refusal([](Params& p) { p.slash_fraction_bps = 0; })).contains("slash_fraction_bps"));
    QVERIFY(QString::fromStdString(refusal([](Params& p) {
                p.stake_per_job = 5;
                p.slash_fraction_bps = 1000;
            })).contains("rounds to a slash of zero"));
    QVERIFY(refusal([](Params& p) {
                p.stake_per_job = 10;
                p.slash_fraction_bps = 1000;
            }).empty());
    QVERIFY(QString::fromStdString(refusal([](Params& p) {
                p.stake_per_job = std::numeric_limits<Amount>::max() / 10000 + 1;
                p.slash_fraction_bps = 10000;
            })).contains("stake_per_job is too large"));
    QVERIFY(refusal([](Params& p) {
                p.stake_per_job = std::numeric_limits<Amount>::max() / 10000;
                p.slash_fraction_bps = 10000;
            }).empty());

    // A quorum the genesis's auditors can never reach is refused when the genesis is built.
    Genesis genesis;
    genesis.params = ChainHarness::default_params();
    genesis.auditors = {Address::of(PrivateKey::generate().public_key())};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, genesis.build_state());
    genesis.params.auditor_quorum = 1;
    genesis.build_state();
}

void TestIntegrity::aFailedTransactionConsumesItsNonce()
{
    ChainHarness chain;
    const Address carol = chain.address("carol"); // a fresh key with nothing on chain
    const std::uint64_t alice_nonce = chain.ledger().next_nonce(chain.address("alice"));
    // Well-formed and signed, but the ledger refuses it: alice cannot top up an unknown lease.
    const Transaction failing = chain.sign("alice", tx::DepositEscrow{999, 5});
    const BlockOutcome outcome = chain.block({failing});
    QCOMPARE(outcome.receipts.front().error, std::optional(ErrorCode::UnknownId));
    QVERIFY(outcome.receipts.front().included);
    QCOMPARE(chain.ledger().next_nonce(chain.address("alice")), alice_nonce + 1);
    // The same signed bytes cannot come back later, when they might apply.
    const BlockOutcome replay = chain.block({failing});
    QCOMPARE(replay.receipts.front().error, std::optional(ErrorCode::BadNonce));
    QVERIFY(!replay.receipts.front().included);
    QCOMPARE(chain.ledger().next_nonce(chain.address("alice")), alice_nonce + 1);
    // The sender's next transaction carries on with the next nonce.
    VERIFY_ACCEPTED(chain.submit("alice", tx::Transfer{chain.address("bob"), Denom::USDC, 1}));

    // A fresh key's failed first transaction leaves an account holding only its nonce.
    QCOMPARE(chain.submit("carol", tx::Transfer{chain.address("bob"), Denom::USDC, 1}).error, std::optional(ErrorCode::InsufficientFunds));
    const Account* fresh = chain.state().accounts.find(carol);
    QVERIFY(fresh);
    QCOMPARE(fresh->nonce, std::uint64_t{1});
    QCOMPARE(fresh->usdc, Amount(0));
    // A transaction whose envelope is wrong stays out of the block and consumes nothing.
    Transaction wrong_chain = chain.sign("bob", tx::Transfer{carol, Denom::USDC, 1});
    const std::uint64_t bob_nonce = chain.ledger().next_nonce(chain.address("bob"));
    wrong_chain = Transaction::make("another-chain", chain.key("bob"), bob_nonce, wrong_chain.payload);
    const BlockOutcome left_out = chain.block({wrong_chain});
    QVERIFY(!left_out.receipts.front().included);
    QCOMPARE(chain.ledger().next_nonce(chain.address("bob")), bob_nonce);
}

BERTH_QTEST_GUILESS(TestIntegrity)
#include "tst_integrity.moc"
