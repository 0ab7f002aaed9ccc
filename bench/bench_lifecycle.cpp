// bench_lifecycle: blocks and seconds from `berth-cli order create` to DEPLOYMENT_CONFIRMED on
// a real devnet: berthd with its demo providers' agents, the CLI ordering, the providers
// bidding, the window closing, LEASE_READY, the manifest uploaded over mTLS by the CLI, the
// workload started and the deployment confirmed on chain. The budget (docs/design.md, "Budgets") is
// bid_window_blocks + 3 blocks; the reference is the genesis's own block time, so the seconds
// are given in blocks too.
//
// An order waits for the next block to be included, from nothing up to a whole block time. A
// user's order comes at no particular moment of the block; each order here starts at its own
// point of the block time, spread evenly ((i + 1/2) / orders of the way from one block to the
// next), so that the wall time does not depend on when the previous order's confirmation was
// seen: started at once, every order after the first would come just after a block and wait
// nearly a whole block.

#include "benchreport.h"
#include "devnetsession.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <algorithm>

using namespace berth;
using namespace berth::bench;
using berth::test::DevnetSession;

namespace {
const int block_ms = sized(1000, 300);
const int orders = sized(3, 1);

/** Returns `fraction` of a block time after the node's next block, as seen by polling its height. */
bool wait_for_block_fraction(DevnetSession& devnet, double fraction)
{
    const auto height = [&] { return devnet.node().get(QStringLiteral("/status")).body[QStringLiteral("height")].toString(); };
    const QString before = height();
    QElapsedTimer waited;
    waited.start();
    while (height() == before) {
        if (waited.elapsed() > 10 * block_ms) return false;
        QThread::msleep(5);
    }
    QThread::msleep(static_cast<unsigned long>(fraction * block_ms));
    return true;
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    BenchReport report(QStringLiteral("bench_lifecycle"));
    DevnetSession devnet(block_ms);
    double budget = 5;
    auto fail = [&](const QString& why) {
        report.missing(QStringLiteral("order_to_confirmed_blocks"), QStringLiteral("blocks"), BenchReport::Rule::AtMost, budget, why);
        report.missing(QStringLiteral("order_to_confirmed_wall_seconds_in_blocks"), QStringLiteral("ratio"), BenchReport::Rule::AtMost, budget,
                       why);
        return report.print();
    };
    if (!devnet.start()) return fail(QStringLiteral("berthd did not start: ") + devnet.log().right(400));
    const QJsonObject params = devnet.genesis_params();
    budget = params.value(QStringLiteral("bid_window_blocks")).toVariant().toDouble() + 3;
    if (devnet.cli(QStringLiteral("alice"), {QStringLiteral("cert"), QStringLiteral("create")}).exit_code != 0)
        return fail(QStringLiteral("berth-cli cert create failed"));
    // Publishing the certificate is a transaction: wait for it to be in a block, so that it is not part of the order's path.
    DevnetSession::poll([&] { return !devnet.account(QStringLiteral("alice")).value(QStringLiteral("certificate")).toString().isEmpty(); },
                        10'000);

    std::vector<double> blocks, chain_s, wall_s;
    for (int i = 0; i < orders; ++i) {
        if (!wait_for_block_fraction(devnet, (i + 0.5) / orders)) return fail(QStringLiteral("the devnet produced no block"));
        const double start = seconds_now();
        const QString id = devnet.deploy(QStringLiteral("alice"), QStringLiteral("10"), QStringLiteral("5"));
        const double seen = seconds_now();
        if (id.isEmpty()) return fail(QStringLiteral("the lease did not reach DEPLOYMENT_CONFIRMED: ") + devnet.log().right(400));
        const QJsonArray history = devnet.events(id);
        const QJsonObject ordered = history.first().toObject();
        const QJsonObject confirmed = DevnetSession::named(history, QStringLiteral("DEPLOYMENT_CONFIRMED")).value(0);
        blocks.push_back(confirmed.value(QStringLiteral("height")).toString().toDouble() -
                         ordered.value(QStringLiteral("height")).toString().toDouble());
        chain_s.push_back(static_cast<double>(devnet.block_time(confirmed) - devnet.block_time(ordered)) / 1000.0);
        wall_s.push_back(seen - start);
    }
    devnet.terminate();

    const double block_s = params.value(QStringLiteral("block_ms")).toVariant().toDouble() / 1000.0;
    report.reference(QStringLiteral("block_time"), block_s, QStringLiteral("s"), QStringLiteral("the devnet genesis's block_ms"));
    report.measurement(QStringLiteral("order_to_confirmed_chain_seconds"), median(chain_s), QStringLiteral("s"));
    const auto [fastest, slowest] = std::minmax_element(wall_s.begin(), wall_s.end());
    report.measurement(QStringLiteral("order_to_confirmed_wall_seconds_fastest"), *fastest, QStringLiteral("s"));
    report.measurement(QStringLiteral("order_to_confirmed_wall_seconds_slowest"), *slowest, QStringLiteral("s"));
    report.measurement(QStringLiteral("order_to_confirmed_wall_seconds"), median(wall_s), QStringLiteral("s"));
    report.figure(QStringLiteral("order_to_confirmed_blocks"), median(blocks), QStringLiteral("blocks"), BenchReport::Rule::AtMost, budget,
                  QStringLiteral("bid_window_blocks + 3; median of %1 orders").arg(orders));
    report.figure(QStringLiteral("order_to_confirmed_wall_seconds_in_blocks"), median(wall_s) / block_s, QStringLiteral("ratio"),
                  BenchReport::Rule::AtMost, budget,
                  QStringLiteral("from starting berth-cli order create, each order at its own point of the block time, to seeing "
                                 "DEPLOYMENT_CONFIRMED, in block times; median of %1 orders")
                      .arg(orders));
    return report.print();
}
