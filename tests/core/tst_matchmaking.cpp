#include "chainharness.h"
#include "testsupport.h"

#include <matchingengine.h>

#include <testcase.h>

#include <QtTest>

using namespace berth;
using berth::test::ChainHarness;
using berth::test::deposit;
using berth::test::per_s;
using berth::test::event_field;
using berth::test::event_names;
using berth::test::text;

namespace {

tx::CreateOrder order_terms(const std::string& tag, const Amount& max_price = per_s(50))
{
    return tx::CreateOrder{"cpu.small", 1, max_price, Hash256::of(as_bytes("manifest " + tag)), "https://images.example/app", deposit};
}

/** The keys of an event's detail fields, in order. */
QStringList keys_of(const Event& event)
{
    QStringList keys;
    for (const auto& [key, value] : event.data) keys << QString::fromStdString(key);
    return keys;
}

QString rejected_key(const Address& provider)
{
    return QString::fromStdString("rejected:" + provider.str());
}

/** The chain's provider names ordered by address: the tie-break order. */
std::pair<std::string, std::string> lower_and_higher(ChainHarness& chain, const std::string& a, const std::string& b)
{
    return chain.address(a) < chain.address(b) ? std::pair{a, b} : std::pair{b, a};
}

} // namespace

/**
 * The matchmaking engine through the ledger: the lowest eligible price wins, ties go to the
 * bid of the earlier block and then to the lower address; bids that became ineligible after
 * they were placed (unstaked, offer withdrawn, capacity or stake taken by an order matched
 * earlier in the same block) are passed over, and a window without a winner lists the rule
 * that excluded each provider; the last unit of stake or capacity is never promised twice;
 * one bid per provider per window; and MatchingEngine::ineligibility for every rule.
 */
class TestMatchmaking : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lowestEligiblePriceWinsAtItsOwnPrice();
    void tieGoesToTheEarlierBlock();
    void tieInOneBlockGoesToTheLowerAddress_data();
    void tieInOneBlockGoesToTheLowerAddress();
    void bidInTheLastWindowBlockCountsAndLaterBidsAreRejected();
    void bidderThatUnstakedIsPassedOver();
    void windowWithoutWinnerListsWhyEachProviderWasExcluded();
    void capacityTakenByOrderMatchedFirstInSameBlock();
    void lastUnitOfStakeIsNotLockedTwice();
    void oneBidPerProviderPerWindow();
    void ineligibilityNamesEachRule();
    void bidsAreOrderedByPriceThenBlockThenAddress();
};

void TestMatchmaking::lowestEligiblePriceWinsAtItsOwnPrice()
{
    ChainHarness chain;
    const JobId id = chain.order("alice", per_s(50), deposit);
    chain.block({chain.sign("p1", tx::CreateBid{id, per_s(30)}), chain.sign("p3", tx::CreateBid{id, per_s(40)})});
    const BlockOutcome closing = chain.block({chain.sign("p2", tx::CreateBid{id, per_s(25)})});
    QVERIFY(closing.receipts.front().ok());

    const Job& job = chain.job(id);
    QCOMPARE(job.state, JobState::CreateLease);
    QCOMPARE(job.provider, chain.address("p2"));
    // The winner is paid its bid, not its offer's list price (20).
    QCOMPARE(job.price_per_s, per_s(25));
    QVERIFY(job.bids.empty());
    const Event& lease = chain.last_event(id, EventName::CreateLease);
    QCOMPARE(event_field(lease, "provider"), QString::fromStdString(chain.address("p2").str()));
    QCOMPARE(event_field(lease, "price_per_s"), QStringLiteral("25"));
    QCOMPARE(event_field(lease, "bids_passed_over"), QStringLiteral("0"));
    const Amount per_job = chain.state().params().stake_per_job;
    QCOMPARE(chain.locked_stake("p2"), per_job);
    QCOMPARE(chain.locked_stake("p1"), Amount(0));
    QCOMPARE(chain.locked_stake("p3"), Amount(0));
    QCOMPARE(chain.state().providers.find(chain.address("p2"))->offers.at("cpu.small").used, 1u);
    QCOMPARE(event_names(chain, id), (QStringList{"PROVIDER_LOOKUP", "CREATE_BID", "CREATE_BID", "CREATE_BID", "CREATE_LEASE"}));
}

void TestMatchmaking::tieGoesToTheEarlierBlock()
{
    ChainHarness chain;
    const auto [lower, higher] = lower_and_higher(chain, "p1", "p3");
    const JobId id = chain.order("alice", per_s(50), deposit);
    // The higher address bids first: being earlier beats having the lower address.
    VERIFY_ACCEPTED(chain.submit(higher, tx::CreateBid{id, per_s(25)}));
    VERIFY_ACCEPTED(chain.submit(lower, tx::CreateBid{id, per_s(25)}));
    QCOMPARE(chain.job(id).state, JobState::CreateLease);
    QCOMPARE(chain.job(id).provider, chain.address(higher));
    QCOMPARE(chain.job(id).price_per_s, per_s(25));
}

void TestMatchmaking::tieInOneBlockGoesToTheLowerAddress_data()
{
    QTest::addColumn<bool>("higher_first");
    QTest::newRow("higher address first in the block") << true;
    QTest::newRow("lower address first in the block") << false;
}

void TestMatchmaking::tieInOneBlockGoesToTheLowerAddress()
{
    QFETCH(bool, higher_first);
    ChainHarness chain;
    const auto [lower, higher] = lower_and_higher(chain, "p1", "p3");
    const JobId id = chain.order("alice", per_s(50), deposit);
    // Bids in one block are simultaneous: where the block producer put them must not matter.
    const std::string& first = higher_first ? higher : lower;
    const std::string& second = higher_first ? lower : higher;
    const BlockOutcome outcome =
        chain.block({chain.sign(first, tx::CreateBid{id, per_s(25)}), chain.sign(second, tx::CreateBid{id, per_s(25)})});
    QVERIFY(outcome.receipts[0].ok() && outcome.receipts[1].ok());
    chain.close_window(id);
    QCOMPARE(chain.job(id).state, JobState::CreateLease);
    QCOMPARE(chain.job(id).provider, chain.address(lower));
}

void TestMatchmaking::bidInTheLastWindowBlockCountsAndLaterBidsAreRejected()
{
    ChainHarness chain;
    const JobId id = chain.order("alice", per_s(50), deposit);
    const std::uint64_t last = chain.job(id).window_end_height;
    QCOMPARE(last, chain.ledger().height() + chain.state().params().bid_window_blocks);
    VERIFY_ACCEPTED(chain.submit("p1", tx::CreateBid{id, per_s(30)}));
    QCOMPARE(chain.ledger().height() + 1, last);
    VERIFY_ACCEPTED(chain.submit("p2", tx::CreateBid{id, per_s(20)})); // in the window's last block
    QCOMPARE(chain.job(id).provider, chain.address("p2"));
    VERIFY_REJECTED(chain, "p3", ErrorCode::BidWindowClosed, "bid window of job " + std::to_string(id) + " is closed",
                    tx::CreateBid{id, per_s(10)});
}

void TestMatchmaking::bidderThatUnstakedIsPassedOver()
{
    ChainHarness chain;
    const JobId id = chain.order("alice", per_s(50), deposit);
    chain.block({chain.sign("p2", tx::CreateBid{id, per_s(20)}), chain.sign("p1", tx::CreateBid{id, per_s(30)})});
    // After bidding, the lowest bidder takes all of its stake out.
    const Amount unlocked = chain.unlocked_stake("p2");
    VERIFY_ACCEPTED(chain.submit("p2", tx::Unstake{unlocked}));
    QCOMPARE(chain.job(id).state, JobState::CreateLease);
    QCOMPARE(chain.job(id).provider, chain.address("p1"));
    QCOMPARE(chain.job(id).price_per_s, per_s(30));
    QCOMPARE(event_field(chain.last_event(id, EventName::CreateLease), "bids_passed_over"), QStringLiteral("1"));
    QCOMPARE(chain.account("p2").stake, Amount(0));
    QCOMPARE(chain.locked_stake("p2"), Amount(0));
    QCOMPARE(chain.state().providers.find(chain.address("p2"))->offers.at("cpu.small").used, 0u);
}

void TestMatchmaking::windowWithoutWinnerListsWhyEachProviderWasExcluded()
{
    ChainHarness chain;
    const Amount alice_before = chain.account("alice").usdc;
    const JobId id = chain.order("alice", per_s(50), deposit);
    const Address p1 = chain.address("p1"), p2 = chain.address("p2"), p3 = chain.address("p3");
    chain.block({chain.sign("p2", tx::CreateBid{id, per_s(20)}), chain.sign("p3", tx::CreateBid{id, per_s(40)})});
    // In the window's last block p2 unstakes everything and p3 withdraws its offer.
    chain.block({chain.sign("p2", tx::Unstake{chain.unlocked_stake("p2")}), chain.sign("p3", tx::SetOffer{"cpu.small", per_s(40), 0})});
    QCOMPARE(chain.job(id).state, JobState::ProviderLookup);
    QCOMPARE(chain.job(id).lookup_windows, 1u);
    const Event& reopened = chain.last_event(id, EventName::ProviderLookup);
    QCOMPARE(keys_of(reopened), (QStringList{rejected_key(p2), rejected_key(p3), "window", "window_end_height"}));
    const QString why_p2 = event_field(reopened, "rejected:" + p2.str());
    const QString why_p3 = event_field(reopened, "rejected:" + p3.str());
    QVERIFY2(why_p2.contains("unlocked stake, less than stake_per_job"), qPrintable(why_p2));
    QVERIFY2(why_p3.contains("has no offer of instance type cpu.small"), qPrintable(why_p3));
    QCOMPARE(event_field(reopened, "window"), QStringLiteral("2"));

    // The last window: p1 bids, then unstakes; the order closes and says why.
    VERIFY_ACCEPTED(chain.submit("p1", tx::CreateBid{id, per_s(30)}));
    VERIFY_ACCEPTED(chain.submit("p1", tx::Unstake{chain.account("p1").stake - ChainHarness::pond(1)}));
    const Job& job = chain.job(id);
    QCOMPARE(job.state, JobState::OrderClosed);
    QCOMPARE(job.close_reason, CloseReason::NoProvider);
    const Event& closed = chain.last_event(id, EventName::OrderClosed);
    QCOMPARE(keys_of(closed), (QStringList{"reason", "refunded", rejected_key(p1)}));
    QCOMPARE(event_field(closed, "reason"), QStringLiteral("no_provider"));
    QCOMPARE(event_field(closed, "refunded"), text(deposit));
    const QString why_p1 = event_field(closed, "rejected:" + p1.str());
    QVERIFY2(why_p1.contains("1000000000000000000 unlocked stake, less than stake_per_job"), qPrintable(why_p1));
    QCOMPARE(chain.account("alice").usdc, alice_before);
    QCOMPARE(event_names(chain, id),
             (QStringList{"PROVIDER_LOOKUP", "CREATE_BID", "CREATE_BID", "PROVIDER_LOOKUP", "CREATE_BID", "ORDER_CLOSED"}));
}

void TestMatchmaking::capacityTakenByOrderMatchedFirstInSameBlock()
{
    auto providers = ChainHarness::default_providers();
    providers[1].capacity = 1; // p2, the cheapest, has one unit
    ChainHarness chain(ChainHarness::default_params(), providers);
    const Address p2 = chain.address("p2");
    const JobId a = chain.state().globals().next_job_id, b = a + 1, c = a + 2;
    chain.block({chain.sign("alice", order_terms("a")), chain.sign("bob", order_terms("b")), chain.sign("alice", order_terms("c"))});
    QCOMPARE(chain.job(c).window_end_height, chain.job(a).window_end_height);
    chain.block({chain.sign("p2", tx::CreateBid{a, per_s(20)}), chain.sign("p2", tx::CreateBid{b, per_s(20)}),
                 chain.sign("p2", tx::CreateBid{c, per_s(20)}), chain.sign("p1", tx::CreateBid{b, per_s(30)})});
    chain.close_window(a);

    // The three windows close in one block, in id order: a takes p2's only unit.
    QCOMPARE(chain.job(a).provider, p2);
    QCOMPARE(chain.job(a).price_per_s, per_s(20));
    // b passes over p2 and goes to the next price.
    QCOMPARE(chain.job(b).provider, chain.address("p1"));
    QCOMPARE(chain.job(b).price_per_s, per_s(30));
    QCOMPARE(event_field(chain.last_event(b, EventName::CreateLease), "bids_passed_over"), QStringLiteral("1"));
    // c had only p2's bid: no winner, and the reason is the capacity rule.
    QCOMPARE(chain.job(c).state, JobState::ProviderLookup);
    const QString why = event_field(chain.last_event(c, EventName::ProviderLookup), "rejected:" + p2.str());
    QVERIFY2(why.contains("has no free cpu.small capacity"), qPrintable(why));
    const Offer& offer = chain.state().providers.find(p2)->offers.at("cpu.small");
    QCOMPARE(offer.used, 1u);
    QCOMPARE(offer.capacity, 1u);
    QCOMPARE(chain.locked_stake("p2"), chain.state().params().stake_per_job);
}

void TestMatchmaking::lastUnitOfStakeIsNotLockedTwice()
{
    auto providers = ChainHarness::default_providers();
    providers[1].stake = ChainHarness::pond(150); // p2: 1.5 jobs' worth of stake, capacity 2
    ChainHarness chain(ChainHarness::default_params(), providers);
    const Address p2 = chain.address("p2");
    const JobId a = chain.state().globals().next_job_id, b = a + 1;
    chain.block({chain.sign("alice", order_terms("a")), chain.sign("bob", order_terms("b"))});
    chain.block({chain.sign("p2", tx::CreateBid{a, per_s(20)}), chain.sign("p2", tx::CreateBid{b, per_s(20)})});
    chain.close_window(a);

    QCOMPARE(chain.job(a).state, JobState::CreateLease);
    QCOMPARE(chain.job(a).provider, p2);
    QCOMPARE(chain.job(b).state, JobState::ProviderLookup);
    QVERIFY(chain.job(b).provider.is_null());
    const QString why = event_field(chain.last_event(b, EventName::ProviderLookup), "rejected:" + p2.str());
    QVERIFY2(why.contains("50000000000000000000 unlocked stake, less than stake_per_job"), qPrintable(why));
    QCOMPARE(chain.locked_stake("p2"), chain.state().params().stake_per_job);
    QCOMPARE(chain.state().providers.find(p2)->offers.at("cpu.small").used, 1u);
    QCOMPARE(chain.state().providers.find(p2)->active_jobs, 1u);
}

void TestMatchmaking::oneBidPerProviderPerWindow()
{
    ChainHarness chain;
    const JobId id = chain.state().globals().next_job_id;
    chain.block({chain.sign("alice", order_terms("x")), chain.sign("p2", tx::CreateBid{id, per_s(20)})});
    QCOMPARE(chain.job(id).bids.size(), std::size_t{1});
    VERIFY_REJECTED(chain, "p2", ErrorCode::AlreadyExists, "already bid in this window", tx::CreateBid{id, per_s(19)});
    QCOMPARE(chain.job(id).bids.front().price_per_s, per_s(20));
    // p2 withdraws its offer, so the window ends without a winner.
    VERIFY_ACCEPTED(chain.submit("p2", tx::SetOffer{"cpu.small", per_s(20), 0}));
    QCOMPARE(chain.job(id).state, JobState::ProviderLookup);
    QVERIFY(chain.job(id).bids.empty());
    // A new window takes a new bid from the same provider.
    const BlockOutcome outcome =
        chain.block({chain.sign("p2", tx::SetOffer{"cpu.small", per_s(20), 2}), chain.sign("p2", tx::CreateBid{id, per_s(18)})});
    QVERIFY2(outcome.receipts[1].ok(), outcome.receipts[1].message.c_str());
    chain.close_window(id);
    QCOMPARE(chain.job(id).provider, chain.address("p2"));
    QCOMPARE(chain.job(id).price_per_s, per_s(18));
}

void TestMatchmaking::ineligibilityNamesEachRule()
{
    auto providers = ChainHarness::default_providers();
    providers.push_back({"p4", "cpu.small", per_s(10), 2, ChainHarness::pond(100)}); // stake for one job
    providers.push_back({"p5", "cpu.small", per_s(10), 1, 0});                       // capacity for one job
    ChainHarness chain(ChainHarness::default_params(), providers);
    chain.matched_order("alice", "p4", per_s(10));
    chain.matched_order("bob", "p5", per_s(10));

    Job job;
    job.id = 42;
    job.instance_type = "cpu.small";
    job.max_price_per_s = per_s(50);
    const MatchingEngine engine(chain.state());
    const auto code_of = [&](const std::string& who, const Amount& price) {
        const auto why = engine.ineligibility(job, chain.address(who), price);
        return why ? std::optional<ErrorCode>(why->code()) : std::nullopt;
    };
    const auto message_of = [&](const std::string& who, const Amount& price) {
        const auto why = engine.ineligibility(job, chain.address(who), price);
        return why ? QString::fromUtf8(why->what()) : QString();
    };

    QCOMPARE(code_of("p2", per_s(20)), std::optional<ErrorCode>());
    QCOMPARE(code_of("p2", per_s(50)), std::optional<ErrorCode>()); // the max itself is allowed
    QCOMPARE(code_of("alice", per_s(20)), std::optional<ErrorCode>(ErrorCode::WrongActor));
    QVERIFY(message_of("alice", per_s(20)).contains("is not a registered provider"));
    QCOMPARE(code_of("p2", per_s(51)), std::optional<ErrorCode>(ErrorCode::PriceAboveMax));
    QVERIFY(message_of("p2", per_s(51)).contains("price 51 is above the order's max price 50"));
    // Prices compare as rates: 10^-12 base units per second above the max is above it.
    QCOMPARE(code_of("p2", per_s(50) + 1), std::optional<ErrorCode>(ErrorCode::PriceAboveMax));
    QVERIFY(message_of("p2", per_s(50) + 1).contains("price 50.000000000001 is above the order's max price 50"));
    QCOMPARE(code_of("p5", per_s(20)), std::optional<ErrorCode>(ErrorCode::InsufficientCapacity));
    QVERIFY(message_of("p5", per_s(20)).contains("has no free cpu.small capacity"));
    QCOMPARE(code_of("p4", per_s(20)), std::optional<ErrorCode>(ErrorCode::InsufficientStake));
    QVERIFY(message_of("p4", per_s(20)).contains("has 0 unlocked stake, less than stake_per_job 100000000000000000000"));

    job.excluded = {chain.address("p1"), chain.address("p2")};
    QCOMPARE(code_of("p2", per_s(20)), std::optional<ErrorCode>(ErrorCode::Excluded));
    QCOMPARE(code_of("p2", per_s(51)), std::optional<ErrorCode>(ErrorCode::Excluded)); // exclusion comes first
    QVERIFY(message_of("p1", per_s(20)).contains("was slashed on job 42 and is excluded from it"));
    QCOMPARE(code_of("p3", per_s(20)), std::optional<ErrorCode>());

    job.instance_type = "gpu.xl";
    QCOMPARE(code_of("p3", per_s(20)), std::optional<ErrorCode>(ErrorCode::InsufficientCapacity));
    QVERIFY(message_of("p3", per_s(20)).contains("has no offer of instance type gpu.xl"));
}

void TestMatchmaking::bidsAreOrderedByPriceThenBlockThenAddress()
{
    Address low, high;
    {
        std::array<std::uint8_t, Address::size> bytes{};
        bytes[0] = 0x10;
        low = Address(bytes);
        bytes[0] = 0xf0;
        high = Address(bytes);
    }
    std::vector<Bid> bids;
    MatchingEngine::insert_sorted(bids, Bid{high, 30, 1, 7});
    MatchingEngine::insert_sorted(bids, Bid{high, 20, 2, 8});
    MatchingEngine::insert_sorted(bids, Bid{low, 20, 3, 8});
    MatchingEngine::insert_sorted(bids, Bid{low, 25, 4, 7});
    MatchingEngine::insert_sorted(bids, Bid{high, 25, 5, 6});
    const std::vector<Bid> expected{Bid{low, 20, 3, 8}, Bid{high, 20, 2, 8}, Bid{high, 25, 5, 6}, Bid{low, 25, 4, 7}, Bid{high, 30, 1, 7}};
    QVERIFY(bids == expected);
}

BERTH_QTEST_APPLESS(TestMatchmaking)
#include "tst_matchmaking.moc"
