// bench_block_scaling: what a block of 1,000 mixed lifecycle transactions costs the ledger with
// 1,000, 100,000 and 1,000,000 running leases in the state, as a ratio to the same block over
// 1,000 leases (docs/design.md, "Budgets": at most 1.2).
//
// The running leases are loaded directly into the State; the block's own traffic comes from
// 100 users and 20 providers with real keys, in a pipeline that moves 100 jobs through each
// lifecycle step per block: order, bid, (match at the window's close), LEASE_READY,
// DEPLOYMENT_CONFIRMED, top-up, UPDATE_LEASE, LEASE_UPDATED, CLOSE_LEASE, LEASE_CLOSED, and
// 100 transfers. The timed call is Ledger::apply_block with the signatures already checked
// (as the producer applies its mempool, which verified them on arrival): the state transitions,
// the deadline indexes, the encoding of changed objects and the state root.
//
// It also opens a store of 1,000,000 running leases, as the node does on start, and compares
// the time with SQLite's own scan of the same rows (at most 2), and reports the resident memory
// the open kept per lease (at most 600 bytes).

#include "benchreport.h"
#include "storeopen.h"
#include "syntheticmarket.h"

#include <hugepageheap.h>
#include <ledger.h>

#include <QCoreApplication>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

#include <functional>
#include <map>
#include <memory>
#include <string>

using namespace berth;
using namespace berth::bench;

namespace {

constexpr std::uint64_t users = 100;
constexpr std::uint64_t providers = 20;
constexpr std::uint64_t per_step = 100;
const int warmup_blocks = 10; // the pipeline is full from block 9 on: every step then has jobs of its age
const int measured_blocks = sized(15, 3);
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

    std::unique_ptr<Ledger> build(std::uint64_t leases, double* load_s)
    {
        const double start = seconds_now();
        std::vector<Address> user_addresses, provider_addresses;
        for (const PrivateKey& k : m_users) user_addresses.push_back(Address::of(k.public_key()));
        for (const PrivateKey& k : m_providers) provider_addresses.push_back(Address::of(k.public_key()));
        State state = SyntheticMarket::genesis(user_addresses, provider_addresses, 10'000, price::from_base_units(10)).build_state();
        SyntheticMarket::add_running_leases(state, leases, std::max<std::uint64_t>(10, leases / 100), std::max<std::uint64_t>(10, leases / 10));
        m_nonces.clear();
        m_created.clear();
        *load_s = seconds_now() - start;
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
            tx::CreateOrder order{std::string(SyntheticMarket::instance_type),
                                  1,
                                  price::from_base_units(20),
                                  Hash256::of(as_bytes(manifest + "/" + std::to_string(k))),
                                  "static-http",
                                  100'000};
            txs.push_back(sign(user(k), order));
        }
        // Job k of an earlier block was ordered by user k and won by provider k.
        const std::vector<std::pair<int, std::function<void(std::uint64_t, JobId)>>> steps = {
            {1,
             [&](std::uint64_t k, JobId id) {
                 txs.push_back(sign(provider(k), tx::CreateBid{id, price::from_base_units(10)}));
             }},
            {3, [&](std::uint64_t k, JobId id) { txs.push_back(sign(provider(k), tx::LeaseReady{id})); }},
            {4,
             [&](std::uint64_t k, JobId id) {
                 txs.push_back(sign(provider(k), tx::ConfirmDeployment{id, access}));
             }},
            {5,
             [&](std::uint64_t k, JobId id) {
                 txs.push_back(sign(user(k), tx::DepositEscrow{id, 1000}));
             }},
            {6,
             [&](std::uint64_t k, JobId id) {
                 PendingUpdate terms{std::string(SyntheticMarket::instance_type), 1, Hash256::of(as_bytes(manifest + "/update")),
                                     price::from_base_units(20)};
                 txs.push_back(sign(user(k), tx::UpdateLease{id, terms}));
             }},
            {7,
             [&](std::uint64_t k, JobId id) {
                 txs.push_back(sign(provider(k), tx::LeaseUpdated{id, price::from_base_units(10), access}));
             }},
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

/** One state under test: its pipeline, its ledger, and the times of its measured blocks. */
struct Chain {
    Pipeline pipeline;
    std::unique_ptr<Ledger> ledger;
    std::vector<double> samples;
    double build_s = 0;
    double load_s = 0;
    std::string problem;

    explicit Chain(std::uint64_t leases)
    {
        const double start = seconds_now();
        ledger = pipeline.build(leases, &load_s);
        build_s = seconds_now() - start;
    }

    void step(int b)
    {
        const std::vector<Transaction> txs = pipeline.block(b);
        const double start = seconds_now();
        const BlockOutcome outcome =
            ledger->apply_block(ledger->height() + 1, ledger->time_ms() + block_ms, txs, Ledger::SignatureCheck::AlreadyVerified);
        const double elapsed = seconds_now() - start;
        pipeline.record(b, outcome);
        for (const Receipt& r : outcome.receipts)
            if (!r.ok() && problem.empty()) problem = "a transaction was rejected: " + r.message;
        if (b < warmup_blocks) return;
        if (txs.size() != 10 * per_step && problem.empty()) problem = "a measured block has " + std::to_string(txs.size()) + " transactions";
        samples.push_back(elapsed);
    }
};

/**
 * Runs `big` and a fresh 1,000-lease reference block by block, alternately, so that both see
 * the same load on a shared machine; returns the median block times (reference, big).
 */
std::pair<double, double> compare(Chain& big)
{
    Chain reference(1000);
    for (int b = 0; b < warmup_blocks + measured_blocks; ++b) {
        reference.step(b);
        big.step(b);
    }
    if (big.problem.empty()) big.problem = reference.problem;
    return {median(reference.samples), median(big.samples)};
}

/**
 * Writes a store of `leases` leases and opens it in child processes (`--open PATH`), so that each
 * open's memory is counted alone. On a shared machine one open and its scans can move by a
 * third from one run to the next (0.84 to 1.38 s for the same open), so several children open
 * the store in turn, each comparing its open with its own scans, and the figures are the
 * medians; the lowest and highest ratio show the spread.
 */
void report_open(BenchReport& report, std::uint64_t leases)
{
    const QString size = QString::number(leases);
    const QString open_name = QStringLiteral("open_vs_scan_%1_leases").arg(size);
    const QString rss_name = QStringLiteral("rss_bytes_per_lease_%1").arg(size);
    auto missing = [&](const QString& why) {
        report.missing(open_name, QStringLiteral("ratio"), BenchReport::Rule::AtMost, 2, why);
        report.missing(rss_name, QStringLiteral("bytes"), BenchReport::Rule::AtMost, 600, why);
    };
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chain.sqlite"));
    try {
        StoreOpen::write(path, leases);
    } catch (const std::exception& e) {
        return missing(QStringLiteral("writing the store failed: %1").arg(QString::fromUtf8(e.what())));
    }
    const int opens = sized(5, 1);
    std::vector<double> scans, open_times, ratios, rss;
    double rows = 0;
    for (int i = 0; i < opens; ++i) {
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--open"), path});
        if (!child.waitForFinished(-1) || child.exitCode() != 0)
            return missing(QStringLiteral("opening the store failed: %1").arg(QString::fromUtf8(child.readAllStandardError().trimmed())));
        const QJsonObject found = QJsonDocument::fromJson(child.readAllStandardOutput()).object();
        const double scan_s = found.value(QStringLiteral("scan_s")).toDouble();
        const double open_s = found.value(QStringLiteral("open_s")).toDouble();
        if (scan_s <= 0 || open_s <= 0) return missing(QStringLiteral("the child reported no times"));
        scans.push_back(scan_s);
        open_times.push_back(open_s);
        ratios.push_back(open_s / scan_s);
        rss.push_back(found.value(QStringLiteral("rss_bytes")).toDouble());
        rows = found.value(QStringLiteral("rows")).toDouble();
    }
    report.reference(
        QStringLiteral("sqlite_scan_%1_leases").arg(size), median(scans), QStringLiteral("s"),
        QStringLiteral("SQLite's own scan of every row the open reads (%1 rows: objects, commitment buckets, deadlines), read in place; "
                       "the median of %2 opens' scans")
            .arg(rows)
            .arg(opens));
    report.measurement(QStringLiteral("store_open_%1_leases").arg(size), median(open_times), QStringLiteral("s"));
    report.spread(open_name, ratios, QStringLiteral("ratio"));
    report.figure(open_name, median(ratios), QStringLiteral("ratio"), BenchReport::Rule::AtMost, 2,
                  QStringLiteral("the node's open of the store (rows read, decoded, the root recomputed) over the raw scan of the same rows, "
                                 "each open against its own scans (the median of %1 opens)")
                      .arg(opens));
    report.figure(
        rss_name, median(rss) / static_cast<double>(leases), QStringLiteral("bytes"), BenchReport::Rule::AtMost, 600,
        QStringLiteral("resident memory the open kept (VmRSS after less before), per running lease (the median of %1 opens)").arg(opens));
}

} // namespace

int main(int argc, char* argv[])
{
    // The ledger in huge pages, as the node runs (HugePageHeap); re-executes this process once.
    berth::HugePageHeap::enable(argv);
    QCoreApplication app(argc, argv);
    BenchReport report(QStringLiteral("bench_block_scaling"));
    // The child that opens a store (see report_open).
    if (argc == 3 && QByteArray(argv[1]) == "--open") {
        try {
            std::fputs(QJsonDocument(StoreOpen::measure(QString::fromLocal8Bit(argv[2]))).toJson().constData(), stdout);
            return 0;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "%s\n", e.what());
            return 1;
        }
    }
    // `bench_block_scaling --write PATH N` writes a store of N leases, for profiling the open alone with `--open PATH`.
    if (argc == 4 && QByteArray(argv[1]) == "--write") {
        const auto leases = size_argument(argv[3], "the number of leases");
        if (!leases) return 2;
        StoreOpen::write(QString::fromLocal8Bit(argv[2]), *leases);
        return 0;
    }
    // `bench_block_scaling N` times the block over N leases alone, for a profiler.
    if (argc > 1) {
        const QString size = QString::fromLatin1(argv[1]);
        const auto leases = size_argument(argv[1], "the number of leases");
        if (!leases) return 2;
        Chain chain(*leases);
        for (int b = 0; b < warmup_blocks + measured_blocks; ++b) chain.step(b);
        report.measurement(QStringLiteral("block_%1_leases").arg(size), median(chain.samples) * 1000, QStringLiteral("ms"));
        report.measurement(QStringLiteral("state_load_%1_leases").arg(size), chain.load_s, QStringLiteral("s"));
        report.measurement(QStringLiteral("ledger_open_%1_leases").arg(size), chain.build_s - chain.load_s, QStringLiteral("s"));
        return report.print();
    }
    for (std::uint64_t leases : smoke_run() ? std::vector<std::uint64_t>{3'000} : std::vector<std::uint64_t>{100'000, 1'000'000}) {
        const QString size = QString::number(leases);
        Chain big(leases);
        const auto [reference_s, big_s] = compare(big);
        report.reference(QStringLiteral("block_1000_leases_beside_%1").arg(size), reference_s * 1000, QStringLiteral("ms"),
                         QStringLiteral("median of 15 blocks of 1,000 mixed lifecycle transactions over 1,000 running leases, "
                                        "each run just before the same block over %1 leases")
                             .arg(size));
        report.measurement(QStringLiteral("block_%1_leases").arg(size), big_s * 1000, QStringLiteral("ms"));
        report.measurement(QStringLiteral("state_load_%1_leases").arg(size), big.load_s, QStringLiteral("s"));
        report.measurement(QStringLiteral("ledger_open_%1_leases").arg(size), big.build_s - big.load_s, QStringLiteral("s"));
        const QString name = QStringLiteral("block_cost_%1_leases_vs_1000").arg(size);
        if (big.problem.empty())
            report.figure(name, big_s / reference_s, QStringLiteral("ratio"), BenchReport::Rule::AtMost, 1.2);
        else
            report.missing(name, QStringLiteral("ratio"), BenchReport::Rule::AtMost, 1.2, QString::fromStdString(big.problem));
    }
    report_open(report, sized<std::uint64_t>(1'000'000, 3'000));
    return report.print();
}
