// bench_matchmaking: orders matched per second for 100,000 orders against 1,000, 10,000 and
// 100,000 providers. Each order gets three bids from providers picked by a hash of the order,
// and is matched when its bid window closes, so the work per order is fixed and only the size
// of the provider set grows: the ratio of the cost per order to its cost against 1,000
// providers shows how the engine grows. The budget (DESIGN.md: O(log n) per order) is
// log(n) / log(1,000): 1.33 at 10,000 providers and 1.67 at 100,000.
//
// The timed calls are Ledger::apply_block with the signatures already checked, over blocks of
// 1,000 orders and the 3,000 bids for the previous block's orders: ordering, bidding,
// choosing the winner, locking stake and capacity, and the state root.

#include "benchreport.h"
#include "syntheticmarket.h"

#include <ledger.h>

#include <QCoreApplication>

#include <cmath>
#include <memory>

using namespace berth;
using namespace berth::bench;

namespace {

constexpr std::uint64_t orders = 100'000;
constexpr std::uint64_t orders_per_block = 1'000;
constexpr std::uint64_t bids_per_order = 3;
constexpr std::uint64_t users = 1'000;

struct Run {
    double seconds = 0;
    std::uint64_t matched = 0;
    std::uint64_t rejected = 0;
    std::string first_rejection;
};

Run run(std::uint64_t provider_count)
{
    std::vector<Address> user_addresses;
    std::vector<PublicKey> user_keys;
    for (std::uint64_t i = 0; i < users; ++i) {
        user_keys.push_back(SyntheticMarket::public_key("orderer", i));
        user_addresses.push_back(Address::of(user_keys.back()));
    }
    State state = SyntheticMarket::genesis(user_addresses, {}, 0, 0).build_state();
    // Enough capacity and stake that no provider runs out: every bid is eligible, and the winner is the cheapest.
    SyntheticMarket::add_providers(state, provider_count, static_cast<std::uint32_t>(orders));
    Ledger ledger(std::move(state));

    std::vector<PublicKey> provider_keys;
    for (std::uint64_t i = 0; i < provider_count; ++i) provider_keys.push_back(SyntheticMarket::public_key("provider", i));
    std::vector<std::uint64_t> user_nonce(users, 0), provider_nonce(provider_count, 0);

    Run result;
    std::vector<JobId> previous;
    const std::uint64_t blocks = orders / orders_per_block + ledger.params().bid_window_blocks + 1;
    for (std::uint64_t b = 0; b < blocks; ++b) {
        std::vector<Transaction> txs;
        if (b < orders / orders_per_block) {
            for (std::uint64_t k = 0; k < orders_per_block; ++k) {
                const std::uint64_t u = k % users;
                tx::CreateOrder order{std::string(SyntheticMarket::instance_type), 1, 20,
                                      Hash256::of(as_bytes("order-" + std::to_string(b) + "-" + std::to_string(k))), "static-http", 10'000};
                txs.push_back(SyntheticMarket::unsigned_tx(user_keys[u], user_nonce[u]++, order));
            }
        }
        for (JobId id : previous) {
            // Three distinct providers per order, spread over the whole set.
            std::uint64_t p = (id * 2654435761ULL) % provider_count;
            for (std::uint64_t n = 0; n < bids_per_order; ++n, p = (p + provider_count / bids_per_order + 1) % provider_count)
                txs.push_back(SyntheticMarket::unsigned_tx(provider_keys[p], provider_nonce[p]++,
                                                           tx::CreateBid{id, SyntheticMarket::provider_price(p)}));
        }
        const double start = seconds_now();
        const BlockOutcome outcome = ledger.apply_block(ledger.height() + 1, ledger.time_ms() + 1, txs, Ledger::SignatureCheck::AlreadyVerified);
        result.seconds += seconds_now() - start;
        previous.clear();
        for (const Receipt& r : outcome.receipts) {
            if (r.created_job) previous.push_back(r.created_job);
            if (!r.ok() && result.rejected++ == 0) result.first_rejection = r.message;
        }
        for (const Event& e : outcome.events)
            if (e.name == EventName::CreateLease) ++result.matched;
    }
    return result;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    BenchReport report(QStringLiteral("bench_matchmaking"));
    const Run reference = run(1'000);
    const double reference_cost = reference.seconds / static_cast<double>(reference.matched);
    report.reference(QStringLiteral("orders_per_s_1000_providers"), static_cast<double>(reference.matched) / reference.seconds,
                     QStringLiteral("orders/s"), QStringLiteral("100,000 orders, 3 bids each, against 1,000 providers"));
    bool consistent = reference.matched == orders && reference.rejected == 0;
    std::string problem = reference.first_rejection;
    for (std::uint64_t providers : {10'000ULL, 100'000ULL}) {
        const Run r = run(providers);
        const QString size = QString::number(providers);
        report.measurement(QStringLiteral("orders_per_s_%1_providers").arg(size), static_cast<double>(r.matched) / r.seconds,
                           QStringLiteral("orders/s"));
        consistent = consistent && r.matched == orders && r.rejected == 0;
        if (problem.empty()) problem = r.first_rejection;
        const QString name = QStringLiteral("cost_per_order_%1_providers_vs_1000").arg(size);
        const double budget = std::log(static_cast<double>(providers)) / std::log(1000.0);
        if (consistent)
            report.figure(name, r.seconds / static_cast<double>(r.matched) / reference_cost, QStringLiteral("ratio"),
                          BenchReport::Rule::AtMost, budget, QStringLiteral("O(log n): log(n)/log(1000)"));
        else
            report.missing(name, QStringLiteral("ratio"), BenchReport::Rule::AtMost, budget,
                           QStringLiteral("not every order was matched: ") + QString::fromStdString(problem));
    }
    return report.print();
}
