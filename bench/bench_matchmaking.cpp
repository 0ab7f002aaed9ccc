// bench_matchmaking: orders matched per second for 100,000 orders against 1,000, 10,000 and
// 100,000 providers. Each order gets three bids from providers picked by a hash of the order,
// and is matched when its bid window closes, so every order brings the same transactions and
// only the size of the provider set grows: the ratio of the cost per order to its cost against
// 1,000 providers shows how the engine grows. The budget (docs/design.md, "Budgets": O(log n)
// per order) is log(n) / log(1,000): 1.33 at 10,000 providers and 1.67 at 100,000.
//
// The timed calls are Ledger::apply_block with the signatures already checked, over blocks of
// 1,000 orders and the 3,000 bids for the previous block's orders: ordering, bidding,
// choosing the winner, locking stake and capacity, and the state root. The figures compare the
// median of the full blocks (1,000 orders, 3,000 bids and 1,000 matches each, all but the
// first and last few), as bench_block_scaling compares its blocks: on a shared machine a few
// blocks slowed by someone else's work move a mean by more than the budget's margin. The mean
// over every block is reported beside it.
//
// Each market also reports how many state objects its full blocks change per order, since the
// work per order is not quite fixed: each bid changes its sender's account (the nonce), and a
// provider that bids twice in a block changes once. With 1,000 providers each provider bids
// about three times a block (5.4 objects changed per order); with 10,000 or 100,000 nearly
// every bid comes from a provider of its own (8.0 per order), and every changed object is
// encoded, hashed into its leaf and rehashed into the state root. A match changes only the
// winner's provider row, where the stake it locks is counted.

#include "benchreport.h"
#include "syntheticmarket.h"

#include <hugepageheap.h>
#include <ledger.h>

#include <QCoreApplication>

#include <cmath>
#include <cstdio>
#include <memory>

using namespace berth;
using namespace berth::bench;

namespace {

const std::uint64_t orders = sized<std::uint64_t>(100'000, 2'000);
const std::uint64_t orders_per_block = sized<std::uint64_t>(1'000, 500);
constexpr std::uint64_t bids_per_order = 3;
constexpr std::uint64_t users = 1'000;

/** One provider set under test: its ledger, the accounts that send, and what its timed blocks did. */
class Market
{
public:
    explicit Market(std::uint64_t provider_count) : m_provider_count(provider_count)
    {
        std::vector<Address> user_addresses;
        for (std::uint64_t i = 0; i < users; ++i) {
            m_user_keys.push_back(SyntheticMarket::public_key("orderer", i));
            user_addresses.push_back(Address::of(m_user_keys.back()));
        }
        State state = SyntheticMarket::genesis(user_addresses, {}, 0, 0).build_state();
        // Enough capacity and stake that no provider runs out: every bid is eligible, and the winner is the cheapest.
        SyntheticMarket::add_providers(state, provider_count, static_cast<std::uint32_t>(orders));
        m_ledger = std::make_unique<Ledger>(std::move(state));
        for (std::uint64_t i = 0; i < provider_count; ++i) m_provider_keys.push_back(SyntheticMarket::public_key("provider", i));
        m_user_nonce.assign(users, 0);
        m_provider_nonce.assign(provider_count, 0);
    }

    static std::uint64_t blocks() { return orders / orders_per_block + SyntheticMarket::params().bid_window_blocks + 1; }

    /** Block `b`: a block of new orders (while any are left) and three bids on each order of the block before. */
    void step(std::uint64_t b)
    {
        std::vector<Transaction> txs;
        if (b < orders / orders_per_block) {
            for (std::uint64_t k = 0; k < orders_per_block; ++k) {
                const std::uint64_t u = k % users;
                tx::CreateOrder order{std::string(SyntheticMarket::instance_type),
                                      1,
                                      price::from_base_units(20),
                                      Hash256::of(as_bytes("order-" + std::to_string(b) + "-" + std::to_string(k))),
                                      "static-http",
                                      10'000};
                txs.push_back(SyntheticMarket::unsigned_tx(m_user_keys[u], m_user_nonce[u]++, order));
            }
        }
        for (JobId id : m_previous) {
            // Three distinct providers per order, spread over the whole set.
            std::uint64_t p = (id * 2654435761ULL) % m_provider_count;
            for (std::uint64_t n = 0; n < bids_per_order; ++n, p = (p + m_provider_count / bids_per_order + 1) % m_provider_count)
                txs.push_back(SyntheticMarket::unsigned_tx(m_provider_keys[p], m_provider_nonce[p]++,
                                                           tx::CreateBid{id, SyntheticMarket::provider_price(p)}));
        }
        const std::size_t bids = m_previous.size() * bids_per_order;
        const double start = seconds_now();
        const BlockOutcome outcome =
            m_ledger->apply_block(m_ledger->height() + 1, m_ledger->time_ms() + 1, txs, Ledger::SignatureCheck::AlreadyVerified);
        const double block_seconds = seconds_now() - start;
        seconds += block_seconds;
        m_previous.clear();
        for (const Receipt& r : outcome.receipts) {
            if (r.created_job) m_previous.push_back(r.created_job);
            if (!r.ok() && problem.empty()) problem = r.message;
        }
        std::uint64_t matched_here = 0;
        for (const Event& e : outcome.events)
            if (e.name == EventName::CreateLease) ++matched_here;
        matched += matched_here;
        if (m_previous.size() == orders_per_block && bids == orders_per_block * bids_per_order && matched_here == orders_per_block) {
            full_blocks.push_back(block_seconds);
            full_block_changes.push_back(static_cast<double>(outcome.changes.size()));
        }
    }

    /** Over every block: all the time spent over every order matched. */
    double mean_cost_per_order() const { return seconds / static_cast<double>(matched); }
    /** The median full block's time per order in it. */
    double cost_per_order() const { return median_per_order(full_blocks); }
    /** The median full block's changed state objects per order in it. */
    double changes_per_order() const { return median_per_order(full_block_changes); }

    double seconds = 0;
    std::uint64_t matched = 0;
    /** The time of each block of a full order, bid and match load. */
    std::vector<double> full_blocks;
    /** The state objects each of those blocks changed. */
    std::vector<double> full_block_changes;
    std::string problem;

private:
    /** A full block's figure, the median of them all, per order of the block. */
    static double median_per_order(std::vector<double> samples) { return median(samples) / static_cast<double>(orders_per_block); }

    std::uint64_t m_provider_count;
    std::unique_ptr<Ledger> m_ledger;
    std::vector<PublicKey> m_user_keys;
    std::vector<PublicKey> m_provider_keys;
    std::vector<std::uint64_t> m_user_nonce;
    std::vector<std::uint64_t> m_provider_nonce;
    std::vector<JobId> m_previous;
};

} // namespace

int main(int argc, char* argv[])
{
    // The ledger in huge pages, as the node runs (HugePageHeap); re-executes this process once.
    berth::HugePageHeap::enable(argv);
    QCoreApplication app(argc, argv);
    // For a profiler: `bench_matchmaking N` runs the market of N providers alone.
    if (argc == 2) {
        const auto providers = size_argument(argv[1], "the number of providers");
        if (!providers) return 2;
        Market market(*providers);
        for (std::uint64_t b = 0; b < Market::blocks(); ++b) market.step(b);
        std::printf("{\"providers\": %s, \"orders_per_s\": %.1f, \"orders_per_s_over_every_block\": %.1f, \"matched\": %llu}\n", argv[1],
                    1.0 / market.cost_per_order(), 1.0 / market.mean_cost_per_order(), static_cast<unsigned long long>(market.matched));
        return market.problem.empty() ? 0 : 1;
    }
    BenchReport report(QStringLiteral("bench_matchmaking"));
    // The three sizes run block by block in turn, so that all see the same load on a shared machine.
    std::vector<std::unique_ptr<Market>> markets;
    const std::vector<std::uint64_t> sizes =
        smoke_run() ? std::vector<std::uint64_t>{100, 300} : std::vector<std::uint64_t>{1'000, 10'000, 100'000};
    for (std::uint64_t size : sizes) markets.push_back(std::make_unique<Market>(size));
    for (std::uint64_t b = 0; b < Market::blocks(); ++b)
        for (auto& market : markets) market->step(b);

    const Market& reference = *markets.front();
    report.reference(
        QStringLiteral("orders_per_s_1000_providers"), 1.0 / reference.cost_per_order(), QStringLiteral("orders/s"),
        QStringLiteral("100,000 orders, 3 bids each, against 1,000 providers: the median of %1 full blocks").arg(reference.full_blocks.size()));
    report.measurement(QStringLiteral("orders_per_s_1000_providers_over_every_block"), 1.0 / reference.mean_cost_per_order(),
                       QStringLiteral("orders/s"));
    for (std::size_t i = 0; i < sizes.size(); ++i)
        if (!markets[i]->full_block_changes.empty())
            report.measurement(QStringLiteral("state_objects_changed_per_order_%1_providers").arg(sizes[i]), markets[i]->changes_per_order(),
                               QStringLiteral("objects"));
    for (std::size_t i = 1; i < sizes.size(); ++i) {
        const Market& m = *markets[i];
        const QString size = QString::number(sizes[i]);
        report.measurement(QStringLiteral("orders_per_s_%1_providers").arg(size), 1.0 / m.cost_per_order(), QStringLiteral("orders/s"));
        report.measurement(QStringLiteral("orders_per_s_%1_providers_over_every_block").arg(size), 1.0 / m.mean_cost_per_order(),
                           QStringLiteral("orders/s"));
        const QString name = QStringLiteral("cost_per_order_%1_providers_vs_1000").arg(size);
        report.measurement(name + QStringLiteral("_over_every_block"), m.mean_cost_per_order() / reference.mean_cost_per_order(),
                           QStringLiteral("ratio"));
        const double budget = std::log(static_cast<double>(sizes[i])) / std::log(1000.0);
        std::string problem = !reference.problem.empty() ? reference.problem : m.problem;
        if (problem.empty() && (reference.matched != orders || m.matched != orders)) problem = "not every order was matched";
        if (problem.empty() && (reference.full_blocks.empty() || m.full_blocks.empty())) problem = "no block carried a full load";
        if (problem.empty())
            report.figure(name, m.cost_per_order() / reference.cost_per_order(), QStringLiteral("ratio"), BenchReport::Rule::AtMost, budget,
                          QStringLiteral("O(log n): log(n)/log(1000), the median full blocks compared"));
        else
            report.missing(name, QStringLiteral("ratio"), BenchReport::Rule::AtMost, budget, QString::fromStdString(problem));
    }
    return report.print();
}
