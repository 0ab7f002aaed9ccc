#include "chainharness.h"
#include "testsupport.h"

#include <invariants.h>
#include <manifestreceipt.h>
#include <price.h>

#include <testcase.h>

#include <QtTest>

#include <limits>
#include <map>
#include <optional>
#include <random>
#include <set>

using namespace berth;
using berth::test::ChainHarness;

namespace {

/** One applied block as the random run produced it: what a follower needs to replay it. */
struct RecordedBlock {
    std::uint64_t height = 0;
    std::uint64_t time_ms = 0;
    std::vector<Transaction> accepted;
    Hash256 root;
    std::vector<Event> events;
};

/** What one run did, for the coverage checks. */
struct Tally {
    std::map<std::string, unsigned> accepted; // by payload name
    std::map<ErrorCode, unsigned> rejected;   // by error code
    std::map<std::string, unsigned> closes;   // LEASE_CLOSED / ORDER_CLOSED reasons
    std::map<std::string, unsigned> events;   // by event name
    unsigned blocks = 0;
    unsigned transactions = 0;
    /** Failed transactions included in their block, their nonces consumed. */
    unsigned failed_included = 0;

    void add(const Tally& other)
    {
        failed_included += other.failed_included;
        for (const auto& [k, v] : other.accepted) accepted[k] += v;
        for (const auto& [k, v] : other.rejected) rejected[k] += v;
        for (const auto& [k, v] : other.closes) closes[k] += v;
        for (const auto& [k, v] : other.events) events[k] += v;
        blocks += other.blocks;
        transactions += other.transactions;
    }
};

const std::vector<std::string> users{"alice", "bob", "carol"};
const std::vector<std::string> providers{"p1", "p2", "p3"};
/** Short enough that a lease with the minimum escrow runs out before faults or its owner end it. */
constexpr std::uint64_t min_escrow_seconds = 15;
const std::vector<std::string> auditors{"auditor1", "auditor2", "auditor3"};
const std::vector<std::string> everyone{"alice", "bob", "carol", "p1", "p2", "p3", "auditor1", "auditor2", "auditor3", "mallory"};
const std::vector<std::string> instance_types{"cpu.small", "cpu.small", "cpu.small", "cpu.small", "cpu.large", "gpu"};

/**
 * Generates blocks of random transactions from users, providers and auditors. Most follow the
 * lifecycle (the right actor for a job in the right state, with sensible amounts); the rest
 * come from the wrong actor, name unknown jobs, carry garbage amounts, or are corrupted.
 */
class Generator
{
public:
    Generator(ChainHarness& chain, std::uint64_t seed) : m_chain(chain), m_rng(seed)
    {
        for (const std::string& name : everyone) m_names[chain.address(name)] = name;
    }

    std::uint64_t gap_ms()
    {
        const unsigned roll = percent();
        if (roll < 80) return 1000;
        if (roll < 95) return uniform(1, 3000);
        if (roll < 99) return uniform(3000, 20'000);
        return uniform(20'000, 120'000);
    }

    std::vector<Transaction> block()
    {
        std::vector<Transaction> txs;
        const std::uint64_t count = uniform(0, 5);
        for (std::uint64_t i = 0; i < count; ++i) txs.push_back(transaction());
        return txs;
    }

private:
    unsigned percent() { return static_cast<unsigned>(m_rng() % 100); }
    bool chance(unsigned in_hundred) { return percent() < in_hundred; }
    std::uint64_t uniform(std::uint64_t lo, std::uint64_t hi) { return lo + m_rng() % (hi - lo + 1); }
    template <typename T>
    const T& pick(const std::vector<T>& items)
    {
        return items[static_cast<std::size_t>(m_rng() % items.size())];
    }

    /** A value that breaks expectations: zero, one, or near the top of 256 bits. */
    Amount garbage()
    {
        const Amount max = std::numeric_limits<Amount>::max();
        switch (m_rng() % 7) {
        case 0: return 0;
        case 1: return 1;
        case 2: return max;
        case 3: return max - 1;
        case 4: return Amount(1) << 255;
        case 5: return Amount(1) << 128;
        default: return max / 60 + 1;
        }
    }
    Amount amount(std::uint64_t lo, std::uint64_t hi) { return chance(8) ? garbage() : Amount(uniform(lo, hi)); }
    /** A rate (core/price.h) from lo to hi base units per second, usually with a fraction of a base unit. */
    Amount rate(std::uint64_t lo, std::uint64_t hi)
    {
        if (chance(20)) return price::from_base_units(uniform(lo, hi));
        return price::from_base_units(uniform(lo, hi - 1)) + Amount(uniform(0, 999'999'999'999));
    }
    Amount pond(std::uint64_t lo, std::uint64_t hi) { return chance(8) ? garbage() : ChainHarness::pond(uniform(lo, hi)); }

    std::string name_of(const Address& a) const
    {
        auto it = m_names.find(a);
        return it == m_names.end() ? "mallory" : it->second;
    }
    /** `right` most of the time, anyone at all otherwise. */
    std::string actor(const std::string& right) { return chance(88) ? right : pick(everyone); }

    /** A job in one of `states`, or (rarely, or when there is none) any id including unknown ones. */
    JobId job_in(std::initializer_list<JobState> states)
    {
        std::vector<JobId> ids;
        m_chain.state().jobs.for_each([&](JobId id, const Job& job) {
            if (std::find(states.begin(), states.end(), job.state) != states.end()) ids.push_back(id);
        });
        if (ids.empty() || chance(6)) return uniform(0, m_chain.state().globals().next_job_id + 1);
        return pick(ids);
    }
    const Job* find(JobId id) const { return m_chain.state().jobs.find(id); }

    Access access()
    {
        if (chance(5)) return Access{"", {}, {}};
        if (chance(3)) return Access{"10.0.0.1", {0}, {}};
        const auto port = static_cast<std::uint32_t>(uniform(1024, 65535));
        return Access{"127.0.0.1", {port}, {"http://127.0.0.1:" + std::to_string(port) + "/"}};
    }

    Hash256 manifest()
    {
        if (chance(3)) return Hash256{};
        return Hash256::of(as_bytes("manifest " + std::to_string(m_rng())));
    }

    Transaction signed_by(const std::string& name, tx::Payload payload) { return m_chain.sign(name, std::move(payload)); }

    Transaction corrupted()
    {
        const std::string name = pick(everyone);
        const PrivateKey& key = m_chain.key(name);
        const std::uint64_t nonce = m_chain.ledger().next_nonce(m_chain.address(name));
        const tx::Payload payload = tx::Transfer{m_chain.address(pick(everyone)), Denom::USDC, Amount(uniform(1, 100))};
        const std::string& chain_id = m_chain.ledger().params().chain_id;
        switch (m_rng() % 4) {
        case 0: return Transaction::make("berth-other", key, nonce, payload);
        case 1: {
            Transaction t = Transaction::make(chain_id, key, nonce, payload);
            t.signature[static_cast<std::size_t>(m_rng() % t.signature.size())] ^= 0x01;
            return t;
        }
        case 2: return Transaction::make(chain_id, key, nonce + 1000 + m_rng() % 1000, payload);
        default: {
            // Signed by one key, claiming another sender.
            Transaction t = Transaction::make(chain_id, key, nonce, payload);
            t.sender = m_chain.key(name == "alice" ? "bob" : "alice").public_key();
            return t;
        }
        }
    }

    Transaction transaction()
    {
        const unsigned roll = static_cast<unsigned>(m_rng() % 110);
        if (roll < 10) { // order
            tx::CreateOrder o;
            o.instance_type = chance(2) ? "" : pick(instance_types);
            o.replicas = chance(3) ? 0 : static_cast<std::uint32_t>(uniform(1, 3));
            o.max_price_per_s = chance(4) ? garbage() : rate(10, 60);
            o.manifest_hash = manifest();
            o.image_url = "https://images.example/app";
            if (chance(6)) {
                o.deposit = garbage();
            } else if (o.max_price_per_s <= price::from_base_units(61)) {
                // At least the minimum escrow (often exactly it, so that leases run out), or
                // sometimes one base unit short of it.
                o.deposit = price::cover(o.max_price_per_s, min_escrow_seconds) + (chance(40) ? 0 : uniform(0, 3000));
                if (o.deposit > 0 && chance(5)) o.deposit -= 1;
            } else {
                o.deposit = 1;
            }
            return signed_by(actor(pick(users)), o);
        }
        if (roll < 26) { // bid
            const JobId id = job_in({JobState::ProviderLookup});
            return signed_by(actor(pick(providers)), tx::CreateBid{id, chance(8) ? garbage() : rate(5, 65)});
        }
        if (roll < 38) { // ready
            const JobId id = job_in({JobState::CreateLease});
            const Job* job = find(id);
            return signed_by(actor(job ? name_of(job->provider) : pick(providers)), tx::LeaseReady{id});
        }
        if (roll < 50) { // confirm
            const JobId id = job_in({JobState::LeaseReady});
            const Job* job = find(id);
            return signed_by(actor(job ? name_of(job->provider) : pick(providers)), tx::ConfirmDeployment{id, access()});
        }
        if (roll < 54) { // update
            const JobId id = job_in({JobState::DeploymentConfirmed});
            const Job* job = find(id);
            PendingUpdate terms{chance(80) ? "cpu.small" : pick(instance_types), static_cast<std::uint32_t>(uniform(1, 3)), manifest(),
                                chance(5) ? garbage() : rate(10, 70)};
            return signed_by(actor(job ? name_of(job->owner) : pick(users)), tx::UpdateLease{id, terms});
        }
        if (roll < 59) { // updated
            const JobId id = job_in({JobState::UpdateLease});
            const Job* job = find(id);
            Amount offered = rate(5, 70);
            if (job && job->pending_update && chance(85)) {
                // Mostly within the new max; the rest tests PriceAboveMax.
                const Amount& max = job->pending_update->max_price_per_s;
                const Amount low = price::from_base_units(5);
                if (max >= low && max <= price::from_base_units(71)) offered = low + (max - low) * uniform(0, 1000) / 1000;
            }
            return signed_by(actor(job ? name_of(job->provider) : pick(providers)), tx::LeaseUpdated{id, offered, access()});
        }
        if (roll < 63) { // close
            const JobId id = job_in({JobState::ProviderLookup, JobState::CreateLease, JobState::LeaseReady, JobState::DeploymentConfirmed,
                                     JobState::UpdateLease, JobState::ExitCooldown});
            const Job* job = find(id);
            return signed_by(actor(job ? name_of(job->owner) : pick(users)), tx::CloseLease{id});
        }
        if (roll < 68) { // ack
            const JobId id = job_in({JobState::CloseLease});
            const Job* job = find(id);
            return signed_by(actor(job ? name_of(job->provider) : pick(providers)), tx::LeaseClosed{id});
        }
        if (roll < 72) { // deposit
            const JobId id = job_in({JobState::ProviderLookup, JobState::DeploymentConfirmed, JobState::UpdateLease, JobState::ExitCooldown});
            const Job* job = find(id);
            return signed_by(actor(job ? name_of(job->owner) : pick(users)), tx::DepositEscrow{id, amount(1, 5000)});
        }
        if (roll < 74) { // exit
            const JobId id = job_in({JobState::CreateLease, JobState::LeaseReady, JobState::DeploymentConfirmed, JobState::UpdateLease});
            const Job* job = find(id);
            return signed_by(actor(job ? name_of(job->provider) : pick(providers)), tx::ExitLease{id});
        }
        if (roll < 83) { // fault report
            const JobId id = job_in({JobState::DeploymentConfirmed, JobState::UpdateLease, JobState::ExitCooldown});
            return signed_by(actor(pick(auditors)), tx::ReportFault{id, "probe failed"});
        }
        if (roll < 86) return signed_by(actor(pick(providers)), tx::Stake{pond(1, 50)});
        if (roll < 88) return signed_by(actor(pick(providers)), tx::Unstake{pond(1, 30)});
        if (roll < 91) {
            const auto capacity = static_cast<std::uint32_t>(chance(10) ? 0 : uniform(1, 3));
            return signed_by(actor(pick(providers)), tx::SetOffer{pick(instance_types), chance(8) ? garbage() : rate(5, 50), capacity});
        }
        if (roll < 97) {
            const Denom denom = chance(50) ? Denom::USDC : Denom::POND;
            const Amount value = denom == Denom::USDC ? amount(1, 50'000'000) : pond(1, 20);
            const std::string to = chance(10) ? "newcomer" : pick(everyone);
            return signed_by(pick(everyone), tx::Transfer{m_chain.address(to), denom, value});
        }
        if (roll < 100) return signed_by(actor(pick(providers)), tx::WithdrawEarnings{});
        if (roll < 101) return signed_by(pick(everyone), tx::RegisterProvider{"late", "eu-west", "https://late.example"});
        if (roll < 102) return signed_by(pick(everyone), tx::RevokeCertificate{});
        if (roll < 104) { // refuse an update
            const JobId id = job_in({JobState::UpdateLease});
            const Job* job = find(id);
            return signed_by(actor(job ? name_of(job->provider) : pick(providers)), tx::RefuseUpdate{id, chance(10) ? "" : "cannot run it"});
        }
        if (roll < 106) { // restore access after a restart
            const JobId id = job_in({JobState::DeploymentConfirmed, JobState::UpdateLease, JobState::ExitCooldown});
            const Job* job = find(id);
            return signed_by(actor(job ? name_of(job->provider) : pick(providers)), tx::RestoreAccess{id, access()});
        }
        if (roll < 108) { // the owner posts the provider's receipt of the manifest
            const JobId id = job_in({JobState::LeaseReady});
            const Job* job = find(id);
            const std::string signer = job && !job->provider.is_null() && !chance(10) ? name_of(job->provider) : pick(providers);
            const PrivateKey& key = m_chain.key(signer);
            const Hash256 hash = job && !chance(10) ? job->manifest_hash : manifest();
            return signed_by(
                actor(job ? name_of(job->owner) : pick(users)),
                tx::ManifestDelivered{id, hash, key.public_key(), ManifestReceipt::sign(key, m_chain.ledger().params().chain_id, id, hash)});
        }
        return corrupted();
    }

    ChainHarness& m_chain;
    std::mt19937_64 m_rng;
    std::map<Address, std::string> m_names;
};

Params randomized_params()
{
    Params p = ChainHarness::default_params();
    p.max_lookup_windows = 3;
    p.min_escrow_seconds = min_escrow_seconds;
    return p;
}

std::vector<ChainHarness::ProviderSpec> randomized_providers()
{
    // Small capacities and one thinly staked provider, so stake and capacity run out often.
    return {{"p1", "cpu.small", price::from_base_units(30), 5, 0},
            {"p2", "cpu.small", price::from_base_units(20), 2, 0},
            {"p3", "cpu.small", price::from_base_units(40), 5, ChainHarness::pond(150)}};
}

} // namespace

/**
 * Seeded random sequences (std::mt19937_64, fixed seeds) of valid and invalid transactions
 * from users, providers and auditors, over thousands of blocks with irregular time gaps. The
 * harness checks every invariant after every block; the test then checks that rejected
 * transactions changed nothing, by replaying only the accepted ones on a fresh ledger, which
 * must reproduce the state root and the events of every block.
 */
class TestRandomized : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void randomSequencesReplayExactly();
};

void TestRandomized::randomSequencesReplayExactly()
{
    const std::vector<std::pair<std::uint64_t, unsigned>> runs{{0x5eed0001, 1400}, {0xbe27b5, 1400}, {20251123, 1400}};
    Tally total;
    for (const auto& [seed, blocks] : runs) {
        const QByteArray where = "seed " + QByteArray::number(static_cast<qulonglong>(seed));
        ChainHarness chain(randomized_params(), randomized_providers());
        Generator generator(chain, seed);
        std::vector<RecordedBlock> recorded;
        Tally tally;
        for (unsigned b = 0; b < blocks; ++b) {
            const std::vector<Transaction> txs = generator.block();
            const std::uint64_t gap = generator.gap_ms();
            const BlockOutcome outcome = chain.block(txs, gap); // throws on an invariant violation
            RecordedBlock block{chain.ledger().height(), chain.ledger().time_ms(), {}, outcome.state_root, outcome.events};
            QCOMPARE(outcome.receipts.size(), txs.size());
            for (std::size_t i = 0; i < txs.size(); ++i) {
                const Receipt& r = outcome.receipts[i];
                QCOMPARE(r.tx_id, txs[i].id());
                // The block holds what was included: applied, or failed with its nonce consumed.
                if (r.included) block.accepted.push_back(txs[i]);
                if (r.ok()) {
                    tally.accepted[std::string(payload_name(txs[i].payload))] += 1;
                } else {
                    QVERIFY2(!r.message.empty(), where.constData());
                    tally.rejected[*r.error] += 1;
                    if (r.included) tally.failed_included += 1;
                }
            }
            for (const Event& e : outcome.events) {
                tally.events[std::string(event_name(e.name))] += 1;
                if (e.name == EventName::LeaseClosed || e.name == EventName::OrderClosed)
                    tally.closes[std::string(event_name(e.name)) + ":" + e.field("reason")] += 1;
            }
            tally.transactions += static_cast<unsigned>(txs.size());
            recorded.push_back(std::move(block));
        }
        tally.blocks = blocks;

        // A follower that only ever sees the included transactions reaches the same state at
        // every height, so the ones left out changed nothing, and it emits the same events.
        // Halfway, a second follower opens the first one's state as a restarted node opens its
        // store, and must go on alike: the deadlines kept up block by block are the ones an
        // open derives from the jobs.
        ChainHarness follower(randomized_params(), randomized_providers());
        std::optional<Ledger> reopened;
        for (const RecordedBlock& block : recorded) {
            const BlockOutcome replayed =
                follower.ledger().apply_block(block.height, block.time_ms, block.accepted, Ledger::SignatureCheck::AlreadyVerified);
            for (const Receipt& r : replayed.receipts)
                QVERIFY2(r.included, (where + " height " + QByteArray::number(block.height) + ": " + r.message.c_str()).constData());
            QVERIFY2(replayed.state_root == block.root,
                     (where + ": state root differs at height " + QByteArray::number(block.height)).constData());
            QVERIFY2(replayed.events == block.events, (where + ": events differ at height " + QByteArray::number(block.height)).constData());
            if (reopened) {
                const BlockOutcome continued =
                    reopened->apply_block(block.height, block.time_ms, block.accepted, Ledger::SignatureCheck::AlreadyVerified);
                QVERIFY2(continued.events == block.events,
                         (where + ": the reopened ledger's events differ at height " + QByteArray::number(block.height)).constData());
                QVERIFY2(continued.state_root == block.root,
                         (where + ": the reopened ledger's root differs at height " + QByteArray::number(block.height)).constData());
            } else if (block.height == recorded[recorded.size() / 2].height) {
                reopened.emplace(Ledger::from_objects(follower.state().all_objects()));
            }
        }
        QVERIFY(reopened.has_value());
        QVERIFY(check_invariants(follower.state()).empty());
        const std::string difference = chain.snapshot().difference(follower.snapshot());
        QVERIFY2(difference.empty(), (where + ": " + difference.c_str()).constData());

        // Each run exercises the lifecycle, not just rejections.
        for (const char* kind : {"create_order", "create_bid", "lease_ready", "confirm_deployment", "close_lease", "lease_closed",
                                 "deposit_escrow", "report_fault", "transfer"})
            QVERIFY2(tally.accepted[kind] > 0, (where + ": no accepted " + kind).constData());
        QVERIFY2(tally.rejected.size() >= 8, where.constData());
        total.add(tally);
    }

    // Across the seeds, every kind of transaction got in, every way a lease or order ends
    // happened, and every class of rejection was met.
    for (const char* kind : {"create_order", "create_bid", "lease_ready", "confirm_deployment", "update_lease", "lease_updated", "close_lease",
                             "lease_closed", "deposit_escrow", "exit_lease", "report_fault", "stake", "unstake", "set_offer", "transfer",
                             "withdraw_earnings", "refuse_update", "restore_access", "manifest_delivered"})
        QVERIFY2(total.accepted[kind] > 0, kind);
    for (const char* end :
         {"LEASE_CLOSED:user", "LEASE_CLOSED:insufficient_funds", "LEASE_CLOSED:provider_exit", "ORDER_CLOSED:user", "ORDER_CLOSED:no_provider"})
        QVERIFY2(total.closes[end] > 0, end);
    for (const char* name :
         {"SLASHED", "JOB_REASSIGNED", "LEASE_UPDATED", "EXIT_REQUESTED", "UPDATE_REFUSED", "ACCESS_RESTORED", "MANIFEST_DELIVERED"})
        QVERIFY2(total.events[name] > 0, name);
    // Overflow is not among them: a minimum escrow, ceil(max rate × min_escrow_seconds / 10^12), fits in 256 bits.
    for (ErrorCode code :
         {ErrorCode::BadSignature, ErrorCode::WrongChainId, ErrorCode::BadNonce, ErrorCode::UnknownId, ErrorCode::WrongActor,
          ErrorCode::WrongState, ErrorCode::PriceAboveMax, ErrorCode::InsufficientStake, ErrorCode::InsufficientCapacity,
          ErrorCode::InsufficientFunds, ErrorCode::InvalidArgument, ErrorCode::AlreadyExists, ErrorCode::TooEarly, ErrorCode::UnprobeableAccess})
        QVERIFY2(total.rejected[code] > 0, std::string(error_code_name(code)).c_str());
    QVERIFY(total.failed_included > 0);
    qInfo("%u blocks, %u transactions, %u accepted", total.blocks, total.transactions, [&] {
        unsigned n = 0;
        for (const auto& [k, v] : total.accepted) n += v;
        return n;
    }());
}

BERTH_QTEST_APPLESS(TestRandomized)
#include "tst_randomized.moc"
