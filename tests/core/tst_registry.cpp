#include "chainharness.h"

#include <fieldlimits.h>

#include <decoder.h>
#include <encoder.h>
#include <genesis.h>
#include <testcase.h>

#include <QtTest>

#include "testsupport.h"

using namespace berth;
using berth::test::ChainHarness;
using berth::test::apply;
using berth::test::per_s;
using berth::test::event_field;
using berth::test::event_names_of;

namespace {

const tx::RegisterProvider carol_registration{"Carol Compute", "us-east", "https://carol.example:8443"};

/** Sends `pond` of p1's spare POND to `name`, a fresh account. */
Receipt fund(ChainHarness& chain, const std::string& name, const Amount& pond)
{
    return chain.submit("p1", tx::Transfer{chain.address(name), Denom::POND, pond});
}

const Provider* provider(const ChainHarness& chain, const Address& address)
{
    return chain.state().providers.find(address);
}

tx::CreateOrder order_of(const std::string& instance_type, const Amount& max_price)
{
    return {instance_type, 1, max_price, Hash256::of(as_bytes("manifest")), "https://images.example/app", price::cover(max_price, 1000)};
}

} // namespace

/**
 * The provider registry: registration needs stake_per_job already staked and a name, a
 * provider registers once, and offers are created, re-priced, resized and withdrawn
 * (capacity 0) only by their provider, never below the capacity live jobs use and never at
 * a price of zero. Every change emits its event, and every refusal has its exact error code
 * and leaves the state as it was.
 */
class TestRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void registrationNeedsStakeFirst();
    void registersOnce();
    void emptyNameIsRejected();
    void providerUpdatesItsDetails();
    void onlyProvidersSetOffers();
    void setOfferCreatesAndReprices();
    void zeroPriceIsRejected();
    void capacityCannotDropBelowUse();
    void capacityZeroWithdrawsOffer();
    void offerCountIsLimited();
    void offersAndOrdersNameTheChainsInstanceTypes();
    void instanceTypeTableIsValidatedAndEncoded();

private:
    /** Funds and stakes "carol" with exactly stake_per_job and registers her; false if any step was refused. */
    static bool registerCarol(ChainHarness& chain);
};

bool TestRegistry::registerCarol(ChainHarness& chain)
{
    const Amount per_job = chain.state().params().stake_per_job;
    return fund(chain, "carol", per_job).ok() && chain.submit("carol", tx::Stake{per_job}).ok() &&
           chain.submit("carol", carol_registration).ok();
}

void TestRegistry::registrationNeedsStakeFirst()
{
    ChainHarness chain;
    const Amount per_job = chain.state().params().stake_per_job;
    const Address carol = chain.address("carol");
    VERIFY_ACCEPTED(fund(chain, "carol", ChainHarness::pond(150)));

    // Nothing staked yet: POND in the balance does not count.
    ChainHarness::Snapshot before = chain.snapshot();
    Receipt receipt = chain.submit("carol", carol_registration);
    QCOMPARE(receipt.error, std::optional(ErrorCode::InsufficientStake));
    QVERIFY2(receipt.message.find("stake_per_job") != std::string::npos, receipt.message.c_str());
    QVERIFY(chain.snapshot().same_except_nonces(before));

    // One base unit short of stake_per_job.
    VERIFY_ACCEPTED(chain.submit("carol", tx::Stake{per_job - 1}));
    before = chain.snapshot();
    receipt = chain.submit("carol", carol_registration);
    QCOMPARE(receipt.error, std::optional(ErrorCode::InsufficientStake));
    QVERIFY(chain.snapshot().same_except_nonces(before));
    QVERIFY(!provider(chain, carol));

    // Exactly stake_per_job.
    VERIFY_ACCEPTED(chain.submit("carol", tx::Stake{1}));
    QCOMPARE(chain.account("carol").stake, per_job);
    const BlockOutcome outcome = apply(chain, "carol", carol_registration);
    QVERIFY2(outcome.receipts.front().ok(), outcome.receipts.front().message.c_str());
    QCOMPARE(event_names_of(outcome.events), QStringList{QStringLiteral("PROVIDER_REGISTERED")});
    const Event& event = outcome.events.front();
    QCOMPARE(event.account, carol);
    QCOMPARE(event.job, JobId{0});
    QCOMPARE(event_field(event, "name"), QStringLiteral("Carol Compute"));
    QCOMPARE(event_field(event, "region"), QStringLiteral("us-east"));

    const Provider* registered = provider(chain, carol);
    QVERIFY(registered);
    QCOMPARE(registered->name, carol_registration.name);
    QCOMPARE(registered->region, carol_registration.region);
    QCOMPARE(registered->endpoint, carol_registration.endpoint);
    QCOMPARE(registered->registered_at_ms, chain.ledger().time_ms());
    QVERIFY(registered->offers.empty());
    QCOMPARE(registered->active_jobs, 0u);
    QCOMPARE(registered->slashes, 0u);
    // Registering locks or takes nothing.
    QCOMPARE(chain.account("carol").stake, per_job);
    QCOMPARE(chain.locked_stake("carol"), Amount(0));
    QCOMPARE(chain.account("carol").pond, ChainHarness::pond(150) - per_job);
}

void TestRegistry::registersOnce()
{
    ChainHarness chain;
    QVERIFY(registerCarol(chain));

    ChainHarness::Snapshot before = chain.snapshot();
    Receipt receipt = chain.submit("carol", tx::RegisterProvider{"Carol Again", "ap-south", "https://other.example"});
    QCOMPARE(receipt.error, std::optional(ErrorCode::AlreadyExists));
    QVERIFY(chain.snapshot().same_except_nonces(before));
    QCOMPARE(provider(chain, chain.address("carol"))->name, std::string("Carol Compute"));

    // Providers from genesis are registered as well.
    before = chain.snapshot();
    receipt = chain.submit("p1", tx::RegisterProvider{"p1 again", "eu-west", "https://p1.example"});
    QCOMPARE(receipt.error, std::optional(ErrorCode::AlreadyExists));
    QVERIFY(chain.snapshot().same_except_nonces(before));
    QCOMPARE(provider(chain, chain.address("p1"))->name, std::string("p1"));
}

void TestRegistry::emptyNameIsRejected()
{
    ChainHarness chain;
    const Amount per_job = chain.state().params().stake_per_job;
    VERIFY_ACCEPTED(fund(chain, "carol", per_job));
    VERIFY_ACCEPTED(chain.submit("carol", tx::Stake{per_job}));

    const ChainHarness::Snapshot before = chain.snapshot();
    const Receipt receipt = chain.submit("carol", tx::RegisterProvider{"", "us-east", "https://carol.example:8443"});
    QCOMPARE(receipt.error, std::optional(ErrorCode::InvalidArgument));
    QVERIFY2(receipt.message.find("name") != std::string::npos, receipt.message.c_str());
    QVERIFY(chain.snapshot().same_except_nonces(before));
    QVERIFY(!provider(chain, chain.address("carol")));
}

void TestRegistry::providerUpdatesItsDetails()
{
    ChainHarness chain;
    VERIFY_REJECTED(chain, "alice", ErrorCode::WrongActor, "not a registered provider",
                    tx::UpdateProvider{"Alice", "eu-west", "https://alice.example"});
    VERIFY_REJECTED(chain, "p1", ErrorCode::InvalidArgument, "name", tx::UpdateProvider{"", "eu-west", "https://p1.example"});

    VERIFY_ACCEPTED(chain.submit("p1", tx::UpdateProvider{"p1 renamed", "eu-north", "https://127.0.0.1:40443"}));
    const Provider* p1 = provider(chain, chain.address("p1"));
    QCOMPARE(p1->name, std::string("p1 renamed"));
    QCOMPARE(p1->region, std::string("eu-north"));
    QCOMPARE(p1->endpoint, std::string("https://127.0.0.1:40443"));
    QCOMPARE(chain.events().back().name, EventName::ProviderUpdated);
    QCOMPARE(event_field(chain.events().back(), "endpoint"), QStringLiteral("https://127.0.0.1:40443"));
}

void TestRegistry::onlyProvidersSetOffers()
{
    ChainHarness chain;
    const Amount per_job = chain.state().params().stake_per_job;
    VERIFY_ACCEPTED(fund(chain, "carol", per_job));
    VERIFY_ACCEPTED(chain.submit("carol", tx::Stake{per_job}));

    for (const char* who : {"alice", "carol"}) { // a user, and an account that staked but never registered
        const ChainHarness::Snapshot before = chain.snapshot();
        const Receipt receipt = chain.submit(who, tx::SetOffer{"cpu.small", per_s(5), 4});
        QCOMPARE(receipt.error, std::optional(ErrorCode::WrongActor));
        QVERIFY2(receipt.message.find("not a registered provider") != std::string::npos, receipt.message.c_str());
        QVERIFY(chain.snapshot().same_except_nonces(before));
        QVERIFY(!provider(chain, chain.address(who)));
    }
}

void TestRegistry::setOfferCreatesAndReprices()
{
    ChainHarness chain;
    QVERIFY(registerCarol(chain));
    const Address carol = chain.address("carol");

    BlockOutcome outcome = apply(chain, "carol", tx::SetOffer{"gpu.small", per_s(500), 3});
    QVERIFY(outcome.receipts.front().ok());
    QCOMPARE(event_names_of(outcome.events), QStringList{QStringLiteral("OFFER_SET")});
    QCOMPARE(outcome.events.front().account, carol);
    QCOMPARE(event_field(outcome.events.front(), "instance_type"), QStringLiteral("gpu.small"));
    QCOMPARE(event_field(outcome.events.front(), "price_per_s"), QStringLiteral("500"));
    QCOMPARE(event_field(outcome.events.front(), "capacity"), QStringLiteral("3"));
    QCOMPARE(provider(chain, carol)->offers.size(), std::size_t{1});
    QVERIFY(provider(chain, carol)->offers.at("gpu.small") == (Offer{per_s(500), 3, 0}));

    VERIFY_ACCEPTED(chain.submit("carol", tx::SetOffer{"cpu.large", per_s(900), 1}));
    outcome = apply(chain, "carol", tx::SetOffer{"gpu.small", per_s(450), 5});
    QVERIFY(outcome.receipts.front().ok());
    QCOMPARE(event_field(outcome.events.front(), "price_per_s"), QStringLiteral("450"));
    QCOMPARE(event_field(outcome.events.front(), "capacity"), QStringLiteral("5"));
    QCOMPARE(provider(chain, carol)->offers.size(), std::size_t{2});
    QVERIFY(provider(chain, carol)->offers.at("gpu.small") == (Offer{per_s(450), 5, 0}));
    QVERIFY(provider(chain, carol)->offers.at("cpu.large") == (Offer{per_s(900), 1, 0}));

    // The offer is what makes a provider eligible for orders of its type.
    const JobId id = chain.state().globals().next_job_id;
    VERIFY_ACCEPTED(chain.submit("alice", order_of("gpu.small", per_s(500))));
    VERIFY_ACCEPTED(chain.submit("carol", tx::CreateBid{id, per_s(450)}));
    QCOMPARE(chain.submit("p1", tx::CreateBid{id, per_s(400)}).error, std::optional(ErrorCode::InsufficientCapacity));
}

void TestRegistry::zeroPriceIsRejected()
{
    ChainHarness chain;
    const Address p1 = chain.address("p1");
    const Offer original = provider(chain, p1)->offers.at("cpu.small");

    const auto expect_rejected = [&](const tx::SetOffer& offer, ErrorCode code) {
        const ChainHarness::Snapshot before = chain.snapshot();
        const Receipt receipt = chain.submit("p1", offer);
        QCOMPARE(receipt.error, std::optional(code));
        QVERIFY(chain.snapshot().same_except_nonces(before));
    };
    expect_rejected(tx::SetOffer{"cpu.small", per_s(0), 2}, ErrorCode::InvalidArgument); // re-pricing an offer to zero
    expect_rejected(tx::SetOffer{"gpu.new", per_s(0), 1}, ErrorCode::InvalidArgument);   // a new offer at zero
    expect_rejected(tx::SetOffer{"", per_s(10), 1}, ErrorCode::InvalidArgument);         // no instance type
    QVERIFY(provider(chain, p1)->offers.at("cpu.small") == original);
    QCOMPARE(provider(chain, p1)->offers.count("gpu.new"), std::size_t{0});

    // The smallest positive price is fine.
    VERIFY_ACCEPTED(chain.submit("p1", tx::SetOffer{"cpu.small", 1, 2}));
    QCOMPARE(provider(chain, p1)->offers.at("cpu.small").price_per_s, Amount(1));
    QCOMPARE(event_field(chain.events().back(), "price_per_s"), QStringLiteral("0.000000000001"));
}

void TestRegistry::capacityCannotDropBelowUse()
{
    ChainHarness chain;
    const Address p2 = chain.address("p2");
    const JobId first = chain.matched_order("alice", "p2", per_s(20));
    QVERIFY(provider(chain, p2)->offers.at("cpu.small") == (Offer{per_s(20), 4, 1}));

    const ChainHarness::Snapshot before = chain.snapshot();
    const Receipt receipt = chain.submit("p2", tx::SetOffer{"cpu.small", per_s(20), 0});
    QCOMPARE(receipt.error, std::optional(ErrorCode::InsufficientCapacity));
    QVERIFY2(receipt.message.find("below the 1 units") != std::string::npos, receipt.message.c_str());
    QVERIFY(chain.snapshot().same_except_nonces(before));

    // Down to exactly what is used, at a new price: the live lease keeps its matched price.
    VERIFY_ACCEPTED(chain.submit("p2", tx::SetOffer{"cpu.small", per_s(25), 1}));
    QVERIFY(provider(chain, p2)->offers.at("cpu.small") == (Offer{per_s(25), 1, 1}));
    QCOMPARE(chain.job(first).price_per_s, per_s(20));

    // No free unit is left, so p2 cannot take another job until it adds capacity.
    const JobId second = chain.order("bob");
    QCOMPARE(chain.submit("p2", tx::CreateBid{second, per_s(25)}).error, std::optional(ErrorCode::InsufficientCapacity));
    VERIFY_ACCEPTED(chain.submit("p2", tx::SetOffer{"cpu.small", per_s(25), 3}));
    VERIFY_ACCEPTED(chain.submit("p2", tx::CreateBid{second, per_s(25)}));
}

void TestRegistry::capacityZeroWithdrawsOffer()
{
    ChainHarness chain;
    const Address p1 = chain.address("p1");
    const BlockOutcome outcome = apply(chain, "p1", tx::SetOffer{"cpu.small", per_s(30), 0});
    QVERIFY(outcome.receipts.front().ok());
    QCOMPARE(event_names_of(outcome.events), QStringList{QStringLiteral("OFFER_SET")});
    QCOMPARE(event_field(outcome.events.front(), "instance_type"), QStringLiteral("cpu.small"));
    QCOMPARE(event_field(outcome.events.front(), "capacity"), QStringLiteral("0"));
    QVERIFY(provider(chain, p1)->offers.empty());

    // Without the offer, p1 can no longer bid for that type.
    const JobId id = chain.order("alice");
    const Receipt bid = chain.submit("p1", tx::CreateBid{id, per_s(30)});
    QCOMPARE(bid.error, std::optional(ErrorCode::InsufficientCapacity));
    QVERIFY2(bid.message.find("no offer") != std::string::npos, bid.message.c_str());

    // Withdrawing takes no price: capacity 0 with price 0 withdraws p3's offer too.
    VERIFY_ACCEPTED(chain.submit("p3", tx::SetOffer{"cpu.small", per_s(0), 0}));
    QVERIFY(provider(chain, chain.address("p3"))->offers.empty());

    // A provider can offer the type again later.
    VERIFY_ACCEPTED(chain.submit("p1", tx::SetOffer{"cpu.small", per_s(35), 1}));
    QVERIFY(provider(chain, p1)->offers.at("cpu.small") == (Offer{per_s(35), 1, 0}));
}

void TestRegistry::offerCountIsLimited()
{
    ChainHarness chain;
    const Address p1 = chain.address("p1");
    std::vector<Transaction> txs;
    for (std::size_t i = 1; i < limits::offers; ++i) txs.push_back(chain.sign("p1", tx::SetOffer{"type-" + std::to_string(i), per_s(10), 1}));
    for (const Receipt& receipt : chain.block(txs).receipts) VERIFY_ACCEPTED(receipt);
    QCOMPARE(provider(chain, p1)->offers.size(), limits::offers);

    const ChainHarness::Snapshot before = chain.snapshot();
    const Receipt receipt = chain.submit("p1", tx::SetOffer{"one-too-many", per_s(10), 1});
    QCOMPARE(receipt.error, std::optional(ErrorCode::InvalidArgument));
    QVERIFY(chain.snapshot().same_except_nonces(before));

    // At the limit, existing offers can still change, and withdrawing one makes room.
    VERIFY_ACCEPTED(chain.submit("p1", tx::SetOffer{"type-1", per_s(11), 2}));
    VERIFY_ACCEPTED(chain.submit("p1", tx::SetOffer{"type-2", per_s(10), 0}));
    VERIFY_ACCEPTED(chain.submit("p1", tx::SetOffer{"one-too-many", per_s(10), 1}));
    QCOMPARE(provider(chain, p1)->offers.size(), limits::offers);
}

void TestRegistry::offersAndOrdersNameTheChainsInstanceTypes()
{
    Params params = ChainHarness::default_params();
    params.instance_types = {{"cpu.small", 1000, 512, 64}, {"cpu.large", 4000, 4096, 256}};
    ChainHarness chain(params);
    const std::string unknown = "instance type 'gpu.h100' is not one of this chain's: cpu.small, cpu.large";
    VERIFY_REJECTED(chain, "p1", ErrorCode::InvalidArgument, unknown, tx::SetOffer{"gpu.h100", per_s(50), 1});
    VERIFY_REJECTED(chain, "alice", ErrorCode::InvalidArgument, unknown, order_of("gpu.h100", per_s(50)));
    VERIFY_ACCEPTED(chain.submit("p1", tx::SetOffer{"cpu.large", per_s(40), 2}));
    VERIFY_ACCEPTED(chain.submit("alice", order_of("cpu.large", per_s(50))));

    // A genesis provider must offer one of the table's types too.
    Genesis genesis;
    genesis.params = params;
    genesis.params.instance_types.pop_back();
    genesis.params.auditor_quorum = 1;
    genesis.auditors.push_back(chain.address("alice"));
    const Address address = chain.address("p1");
    genesis.accounts.push_back({address, 0, params.stake_per_job, params.stake_per_job});
    genesis.providers.push_back({address, "p1", "eu", "https://p1.example", {{"cpu.large", Offer{per_s(40), 1, 0}}}});
    try {
        (void)genesis.build_state();
        QFAIL("a genesis offer of an unknown instance type was accepted");
    } catch (const std::invalid_argument& e) {
        QCOMPARE(QString::fromUtf8(e.what()),
                 QStringLiteral("genesis provider p1: instance type 'cpu.large' is not one of this chain's: cpu.small"));
    }

    // An empty table names no types: any name goes, as before the table existed.
    ChainHarness open_chain;
    VERIFY_ACCEPTED(open_chain.submit("p1", tx::SetOffer{"gpu.h100", per_s(50), 1}));
}

void TestRegistry::instanceTypeTableIsValidatedAndEncoded()
{
    Params params = ChainHarness::default_params();
    params.instance_types = {{"cpu.small", 1000, 512, 64}, {"cpu.micro", 250, 128, 32}};
    Encoder out;
    params.encode(out);
    Decoder in(out.data());
    QVERIFY(Params::decode(in) == params);
    QVERIFY(in.at_end());
    QCOMPARE(params.instance_type("cpu.micro")->summary(), std::string("0.25 vCPU, 128 MiB, 32 processes"));
    QVERIFY(!params.instance_type("cpu.large"));

    const auto problem = [&](std::vector<InstanceType> types) {
        Params p = ChainHarness::default_params();
        p.instance_types = std::move(types);
        try {
            p.validate();
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    QCOMPARE(problem({{"a", 1000, 512, 64}, {"a", 500, 256, 32}}), std::string("instance type 'a' is listed twice"));
    QCOMPARE(problem({{"a", 0, 512, 64}}), std::string("instance type 'a': vcpus must be 0.001 to 1024"));
    QCOMPARE(problem({{"a", 1000, 8, 64}}), std::string("instance type 'a': memory_mib must be 16 to 16777216"));
    QCOMPARE(problem({{"a", 1000, 512, 0}}), std::string("instance type 'a': processes must be 1 to 1000000"));
    QCOMPARE(problem({{"", 1000, 512, 64}}), std::string("an instance type's name must be 1 to 64 characters"));
}

BERTH_QTEST_APPLESS(TestRegistry)
#include "tst_registry.moc"
