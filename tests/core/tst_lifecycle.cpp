#include "chainharness.h"

#include <escrow.h>

#include <QtTest>

using namespace berth;
using berth::test::ChainHarness;

/** Whole lease lifecycles driven through the ledger with a fake block clock. */
class TestLifecycle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void happyPathSettlesExactly();
};

void TestLifecycle::happyPathSettlesExactly()
{
    ChainHarness chain;
    const Amount alice_before = chain.account("alice").usdc;
    const JobId id = chain.order("alice", 50, ChainHarness::usdc(10));
    QCOMPARE(chain.job(id).state, JobState::ProviderLookup);

    QVERIFY(chain.submit("p1", tx::CreateBid{id, 30}).ok());
    QVERIFY(chain.submit("p2", tx::CreateBid{id, 20}).ok());
    QCOMPARE(chain.job(id).state, JobState::CreateLease);
    QCOMPARE(chain.job(id).provider, chain.address("p2"));
    QCOMPARE(chain.job(id).price_per_s, Amount(20));

    QVERIFY(chain.submit("p2", tx::LeaseReady{id}).ok());
    Access access{"127.0.0.1", {8080}, {"http://127.0.0.1:8080/"}};
    QVERIFY(chain.submit("p2", tx::ConfirmDeployment{id, access}).ok());
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
    const std::vector<std::string> expected{"PROVIDER_LOOKUP", "CREATE_BID", "CREATE_BID", "CREATE_LEASE", "LEASE_READY",
                                            "DEPLOYMENT_CONFIRMED", "CLOSE_LEASE", "LEASE_CLOSED"};
    QCOMPARE(chain.job_event_names(id), expected);
}

QTEST_APPLESS_MAIN(TestLifecycle)
#include "tst_lifecycle.moc"
