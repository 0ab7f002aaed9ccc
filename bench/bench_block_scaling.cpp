// bench_block_scaling: what a block of 1,000 mixed lifecycle transactions costs the ledger with
// 1,000, 100,000 and 1,000,000 running leases in the state, as a ratio to the same block over
// 1,000 leases (DESIGN.md, "Budgets": at most 1.2).
//
// The running leases are loaded directly into the State; the block's own traffic comes from
// 100 users and 20 providers with real keys, in a pipeline that moves 100 jobs through each
// lifecycle step per block: order, bid, (match at the window's close), LEASE_READY,
// DEPLOYMENT_CONFIRMED, top-up, UPDATE_LEASE, LEASE_UPDATED, CLOSE_LEASE, LEASE_CLOSED, and
// 100 transfers. The timed call is Ledger::apply_block with the signatures already checked
// (as the producer applies its mempool, which verified them on arrival): the state transitions,
// the deadline indexes, the encoding of changed objects and the state root.

#include "benchreport.h"
#include "syntheticmarket.h"

#include <ledger.h>

#include <QCoreApplication>

#include <functional>
#include <string>
#include <map>
#include <memory>

using namespace berth;
using namespace berth::bench;

namespace {

constexpr std::uint64_t users = 100;
constexpr std::uint64_t providers = 20;
constexpr std::uint64_t per_step = 100;
constexpr int warmup_blocks = 10;
constexpr int measured_blocks = 15;
constexpr std::uint64_t block_ms = 1000;

/** The block pipeline over one state: signs each block's transactions from the jobs earlier blocks created. */
class Pipeline
{
public:
    Pipeline()
    {
        for (std::uint64_t i = 0; i < users; ++i) m_users.push_back(SyntheticMarket::key("user", i));
        for (std::uint64_t i = 0; i < providers; ++i) m_providers.push_back(SyntheticMarket::key("bidder", i));
    }

    std::unique_ptr<Ledger> build(std::uint64_t leases)
    {
        std::vector<Address> user_addresses, provider_addresses;
        for (const PrivateKey& k : m_users) user_addresses.push_back(Address::of(k.public_key()));
        for (const PrivateKey& k : m_providers) provider_addresses.push_back(Address::of(k.public_key()));
        State state = SyntheticMarket::genesis(user_addresses, provider_addresses, 10'000, 10).build_state();
        SyntheticMarket::add_running_leases(state, leases, std::max<std::uint64_t>(10, leases / 100), std::max<std::uint64_t>(10, leases / 10));
        m_nonces.clear();
        m_created.clear();
        return std::make_unique<Ledger>(std::move(state));
    }

    /** The transactions of block `b` (0-based), given the jobs the earlier blocks created. */
    std::vector<Transaction> block(int b)
    {
        std::vector<Transaction> txs;
        const std::string manifest = "block-" + std::to_string(b);
        auto jobs = [&](int age) -> const std::vector<JobId>* {
            auto it = m_created.find(b - age);
            return it == m_created.end() ? nullptr : &it->second;
        };
        auto user = [&](std::uint64_t k) -> const PrivateKey& { return m_users[k % users]; };
        auto provider = [&](std::uint64_t k) -> const PrivateKey& { return m_providers[k % providers]; };
        const Access access{"127.0.0.1", {8080}, {"http://127.0.0.1:8080/"}};
        for (std::uint64_t k = 0; k < per_step; ++k) {
            tx::CreateOrder order{std::string(SyntheticMarket::instance_type), 1, 20,
                                  Hash256::of(as_bytes(manifest + "/" + std::to_string(k))), "static-http", 100'000};
            txs.push_back(sign(user(k), order));
        }
        // Job k of an earlier block was ordered by user k and won by provider k.
        const std::vector<std::pair<int, std::function<void(std::uint64_t, JobId)>>> steps = {
            {1, [&](std::uint64_t k, JobId id) { txs.push_back(sign(provider(k), tx::CreateBid{id, 10})); }},
            {3, [&](std::uint64_t k, JobId id) { txs.push_back(sign(provider(k), tx::LeaseReady{id})); }},
            {4, [&](std::uint64_t k, JobId id) { txs.push_back(sign(provider(k), tx::ConfirmDeployment{id, access})); }},
            {5, [&](std::uint64_t k, JobId id) { txs.push_back(sign(user(k), tx::DepositEscrow{id, 1000})); }},
            {6, [&](std::uint64_t k, JobId id) {
                 PendingUpdate terms{std::string(SyntheticMarket::instance_type), 1, Hash256::of(as_bytes(manifest + "/update")), 20};
                 txs.push_back(sign(user(k), tx::UpdateLease{id, terms}));
             }},
            {7, [&](std::uint64_t k, JobId id) { txs.push_back(sign(provider(k), tx::LeaseUpdated{id, 10, access})); }},
            {8, [&](std::uint64_t k, JobId id) { txs.push_back(sign(user(k), tx::CloseLease{id})); }},
            {9, [&](std::uint64_t k, JobId id) { txs.push_back(sign(provider(k), tx::LeaseClosed{id})); }},
        };
        for (const auto& [age, make] : steps)
            if (const auto* earlier = jobs(age))
                for (std::uint64_t k = 0; k < earlier->size(); ++k) make(k, (*earlier)[k]);
        for (std::uint64_t k = 0; k < per_step; ++k)
            txs.push_back(sign(user(k), tx::Transfer{Address::of(user(k + 1).public_key()), Denom::USDC, 1}));
        return txs;
    }

    void record(int b, const BlockOutcome& outcome)
    {
        for (const Receipt& r : outcome.receipts)
            if (r.created_job) m_created[b].push_back(r.created_job);
    }

private:
    Transaction sign(const PrivateKey& key, tx::Payload payload)
    {
        std::uint64_t& nonce = m_nonces[Address::of(key.public_key())];
        return Transaction::make(std::string(SyntheticMarket::chain_id), key, nonce++, std::move(payload));
    }

    std::vector<PrivateKey> m_users;
    std::vector<PrivateKey> m_providers;
    std::map<Address, std::uint64_t> m_nonces;
    std::map<int, std::vector<JobId>> m_created;
};

struct Run {
    double block_s = 0;
    double build_s = 0;
    std::size_t rejected = 0;
    std::string first_rejection;
};

Run run(Pipeline& pipeline, std::uint64_t leases)
{
    Run result;
    const double built_at = seconds_now();
    std::unique_ptr<Ledger> ledger = pipeline.build(leases);
    result.build_s = seconds_now() - built_at;
    std::vector<double> samples;
    for (int b = 0; b < warmup_blocks + measured_blocks; ++b) {
        const std::vector<Transaction> txs = pipeline.block(b);
        const std::uint64_t height = ledger->height() + 1;
        const double start = seconds_now();
        const BlockOutcome outcome = ledger->apply_block(height, ledger->time_ms() + block_ms, txs, Ledger::SignatureCheck::AlreadyVerified);
        const double elapsed = seconds_now() - start;
        pipeline.record(b, outcome);
        for (const Receipt& r : outcome.receipts)
            if (!r.ok() && result.rejected++ == 0) result.first_rejection = r.message;
        if (b >= warmup_blocks) {
            if (txs.size() != 10 * per_step) result.first_rejection = "a measured block has " + std::to_string(txs.size()) + " transactions";
            samples.push_back(elapsed);
        }
    }
    result.block_s = median(samples);
    return result;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    BenchReport report(QStringLiteral("bench_block_scaling"));
    Pipeline pipeline;
    // `bench_block_scaling N` times the block over N leases alone, for a profiler.
    if (argc > 1) {
        const Run r = run(pipeline, std::stoull(argv[1]));
        report.measurement(QStringLiteral("block_%1_leases").arg(QString::fromLatin1(argv[1])), r.block_s * 1000, QStringLiteral("ms"));
        report.measurement(QStringLiteral("state_build_%1_leases").arg(QString::fromLatin1(argv[1])), r.build_s, QStringLiteral("s"));
        return report.print();
    }
    const Run reference = run(pipeline, 1000);
    report.reference(QStringLiteral("block_1000_leases"), reference.block_s * 1000, QStringLiteral("ms"),
                     QStringLiteral("median of 15 blocks of 1,000 mixed lifecycle transactions over 1,000 running leases"));
    report.measurement(QStringLiteral("state_build_1000_leases"), reference.build_s, QStringLiteral("s"));
    bool consistent = reference.rejected == 0 && reference.first_rejection.empty();
    std::string problem = reference.first_rejection;
    for (std::uint64_t leases : {100'000ULL, 1'000'000ULL}) {
        const Run r = run(pipeline, leases);
        const QString size = QString::number(leases);
        report.measurement(QStringLiteral("block_%1_leases").arg(size), r.block_s * 1000, QStringLiteral("ms"));
        report.measurement(QStringLiteral("state_build_%1_leases").arg(size), r.build_s, QStringLiteral("s"));
        consistent = consistent && r.rejected == 0 && r.first_rejection.empty();
        if (problem.empty()) problem = r.first_rejection;
        const QString name = QStringLiteral("block_cost_%1_leases_vs_1000").arg(size);
        if (consistent)
            report.figure(name, r.block_s / reference.block_s, QStringLiteral("ratio"), BenchReport::Rule::AtMost, 1.2);
        else
            report.missing(name, QStringLiteral("ratio"), BenchReport::Rule::AtMost, 1.2,
                           QStringLiteral("the pipeline's transactions were rejected: ") + QString::fromStdString(problem));
    }
    return report.print();
}
