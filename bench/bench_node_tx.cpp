// bench_node_tx: signed transactions applied and persisted per second through a real Node:
// admission to the mempool (chain id, signature, nonce), block production with the ledger,
// and the SQLite commit of each block (WAL, synchronous=FULL). Each of five rounds runs it
// twice on fresh data directories: once admitting each transaction as the node's own agents do
// (Node::submit: one signature check at a time, on the node's thread), once submitting them as
// RPC batches do (Node::submit_async: every batch in flight at once, the signatures checked on
// every core while the node's thread admits the checked batches and produces blocks). The
// reference is OpenSSL's Ed25519 verify rate on one core, measured before and after each run;
// each figure is the median round's ratio, and the lowest and highest show how stable it is.
// The budgets (docs/design.md, "Budgets") are 70% of the reference single-threaded and 1.4
// times it on two cores: the second core nearly a second verifier.

#include "benchreport.h"

#include <devnet.h>
#include <hugepageheap.h>
#include <node.h>
#include <rpchandler.h>

#include <openssl/evp.h>

#include <QCoreApplication>
#include <QTemporaryDir>
#include <QThread>

#include <memory>
#include <stdexcept>

using namespace berth;
using namespace berth::bench;

namespace {

const std::size_t transactions = sized<std::size_t>(20'000, 500);
const int rounds = sized(5, 1);
const QStringList senders = {QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("faucet")};

/** Verifications per second of one Ed25519 signature over `message`, straight through OpenSSL's EVP interface. */
double openssl_verify_rate(const PrivateKey& key, ByteView message)
{
    const Signature signature = key.sign(message);
    const auto& raw = key.public_key().bytes();
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, raw.data(), raw.size()),
                                                             &EVP_PKEY_free);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    std::size_t done = 0;
    const double start = seconds_now();
    while (seconds_now() - start < 1.5) {
        for (int i = 0; i < 200; ++i) {
            if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1 ||
                EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size()) != 1)
                throw std::runtime_error("OpenSSL refused a valid Ed25519 signature");
        }
        done += 200;
    }
    return static_cast<double>(done) / (seconds_now() - start);
}

std::vector<Transaction> signed_transfers(const Node& node)
{
    std::vector<Transaction> txs;
    std::vector<PrivateKey> keys;
    for (const QString& name : senders) keys.push_back(Devnet::demo_key(name));
    const Address to = node.roster().names.value(QStringLiteral("bob"));
    for (std::size_t i = 0; i < transactions; ++i) {
        const std::size_t s = i % keys.size();
        txs.push_back(Transaction::make(node.ledger().params().chain_id, keys[s], i / keys.size(), tx::Transfer{to, Denom::USDC, 1}));
    }
    return txs;
}

struct Run {
    double tx_per_s = 0;
    double admit_s = 0;
    std::size_t included = 0;
    std::size_t blocks = 0;
    QString problem;
};

/** Starts a fresh devnet node, then times admitting and committing every transaction. */
Run run(bool parallel)
{
    QTemporaryDir dir;
    NodeConfig config;
    config.datadir = dir.filePath(QStringLiteral("node"));
    config.devnet = true;
    config.rpc_enabled = false;
    config.run_agents = false;
    config.demo_providers = 0;
    config.verify_threads = parallel ? 0 : 1;
    config.mempool_capacity = transactions;
    config.mempool_per_sender = transactions;
    // This benchmark produces the blocks itself; the block timer must not add any while its
    // event loop runs.
    config.block_ms = 600'000;
    Node node(config);
    node.start();
    const std::vector<Transaction> txs = signed_transfers(node);
    const std::uint64_t height_before = node.tip().height;
    std::vector<std::vector<Transaction>> batches;
    const auto batch_size = static_cast<std::size_t>(RpcHandler::max_batch_transactions);
    for (std::size_t begin = 0; begin < txs.size(); begin += batch_size)
        batches.emplace_back(txs.begin() + static_cast<std::ptrdiff_t>(begin),
                             txs.begin() + static_cast<std::ptrdiff_t>(std::min(txs.size(), begin + batch_size)));

    Run result;
    const auto note = [&result](const std::optional<Rejection>& rejection) {
        if (rejection && result.problem.isEmpty()) result.problem = QString::fromStdString(rejection->message);
    };
    const double start = seconds_now();
    if (parallel) {
        std::size_t answered = 0;
        for (std::vector<Transaction>& batch : batches)
            node.submit_async(std::move(batch), [&](std::vector<AdmissionQueue::Outcome> outcomes) {
                for (const AdmissionQueue::Outcome& outcome : outcomes) note(outcome.rejection);
                if (++answered == batches.size()) result.admit_s = seconds_now() - start;
            });
        // The node's thread admits batches as their checks finish, and produces a block whenever
        // a full one waits or nothing more will come: what the block timer of a node kept busy
        // by its clients finds at each tick.
        while (answered < batches.size() || node.mempool_size() > 0) {
            if (node.mempool_size() >= config.max_block_transactions || (answered == batches.size() && node.mempool_size() > 0))
                node.produce_block();
            else
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        }
    } else {
        for (const Transaction& tx : txs) note(node.submit(tx));
        result.admit_s = seconds_now() - start;
        while (node.mempool_size() > 0) node.produce_block();
    }
    const double elapsed = seconds_now() - start;

    result.blocks = node.tip().height - height_before;
    for (const QString& name : senders) result.included += node.ledger().next_nonce(node.roster().names.value(name));
    if (result.included != txs.size() && result.problem.isEmpty())
        result.problem = QStringLiteral("only %1 of %2 transactions were included").arg(result.included).arg(txs.size());
    result.tx_per_s = static_cast<double>(result.included) / elapsed;
    node.stop();
    return result;
}

} // namespace

int main(int argc, char* argv[])
{
    // The ledger in huge pages, as the node runs (HugePageHeap); re-executes this process once.
    berth::HugePageHeap::enable(argv);
    QCoreApplication app(argc, argv);
    BenchReport report(QStringLiteral("bench_node_tx"));
    const PrivateKey sender = Devnet::demo_key(senders.front());
    const Bytes message =
        Transaction::make("berth-devnet", sender, 0, tx::Transfer{Address::of(sender.public_key()), Denom::USDC, 1}).signing_bytes();
    // A shared machine's load moves both sides by a third from one minute to the next: each run
    // is compared with the verify rate measured just before and just after it, and the figures
    // are the median of several rounds.
    std::vector<double> verify_rates{openssl_verify_rate(sender, message)};
    std::vector<Run> singles, parallels;
    std::vector<double> single_ratios, parallel_ratios;
    QString problem;
    for (int round = 0; round < rounds && problem.isEmpty(); ++round) {
        for (const bool parallel : {false, true}) {
            const Run r = run(parallel);
            verify_rates.push_back(openssl_verify_rate(sender, message));
            if (!r.problem.isEmpty()) {
                problem = r.problem;
                break;
            }
            const double verify_rate = (verify_rates[verify_rates.size() - 2] + verify_rates.back()) / 2;
            (parallel ? parallel_ratios : single_ratios).push_back(r.tx_per_s / verify_rate);
            (parallel ? parallels : singles).push_back(r);
        }
    }
    report.reference(QStringLiteral("openssl_ed25519_verify_per_s_one_core"), median(verify_rates), QStringLiteral("verifications/s"),
                     QStringLiteral("EVP_DigestVerify of a transfer's signing bytes on one thread, before and after each run (median)"));
    report.measurement(QStringLiteral("verification_threads"), QThread::idealThreadCount(), QStringLiteral("threads"));

    const auto figures = [&](const QString& name, const QString& label, std::vector<Run>& runs, std::vector<double>& ratios, double budget,
                             const QString& note) {
        if (!problem.isEmpty() || static_cast<int>(ratios.size()) < rounds) {
            report.missing(name, QStringLiteral("ratio"), BenchReport::Rule::AtLeast, budget, problem);
            return;
        }
        std::vector<double> rates, admissions;
        for (const Run& r : runs) {
            rates.push_back(r.tx_per_s);
            admissions.push_back(r.admit_s);
        }
        report.measurement(QStringLiteral("tx_per_s_%1").arg(label), median(rates), QStringLiteral("tx/s"));
        report.measurement(QStringLiteral("admission_s_%1").arg(label), median(admissions), QStringLiteral("s"));
        report.spread(name, ratios, QStringLiteral("ratio"));
        report.figure(name, median(ratios), QStringLiteral("ratio"), BenchReport::Rule::AtLeast, budget,
                      note + QStringLiteral(" (the median of %1 rounds)").arg(rounds));
    };
    figures(QStringLiteral("tx_per_s_single_thread_vs_verify_rate"), QStringLiteral("single_thread_verification"), singles, single_ratios, 0.7,
            QStringLiteral("70% of one core's verify rate"));
    figures(QStringLiteral("tx_per_s_all_cores_vs_verify_rate"), QStringLiteral("verification_on_all_cores"), parallels, parallel_ratios, 1.4,
            QStringLiteral("1.4 x one core's verify rate, with verification on all cores"));
    if (!singles.empty())
        report.measurement(QStringLiteral("blocks_per_run"), static_cast<double>(singles.front().blocks), QStringLiteral("blocks"));
    return report.print();
}
