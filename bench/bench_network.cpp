// bench_network: signed transactions ordered through a real 3-member etcd cluster and applied
// on every node of a real 3-node Berth network (two producers), as a ratio to etcd's own rate
// of sequential puts of values of the same size, measured on the same cluster in the same run;
// and the time a leader failover takes, in blocks: from SIGKILL of the producing node to the
// next block written by the other producer. A smoke run (ctest) has a few transactions only:
// it proves the benchmark works, it does not judge the figures.

#include "benchreport.h"

#include <berthdprocess.h>
#include <etcdcluster.h>
#include <rpccookie.h>

#include <etcdclient.h>
#include <keystore.h>
#include <networkgenesis.h>
#include <qtbytes.h>
#include <transaction.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>
#include <stdexcept>

using namespace berth;
using namespace berth::bench;
using berth::test::BerthdProcess;
using berth::test::EtcdCluster;

namespace {

const QString passphrase = QStringLiteral("bench-network");
constexpr std::uint64_t block_ms = 500;

void wait_ms(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

/** Sequential puts per second of `value_bytes`-byte values, each awaited before the next: etcd's own ordering rate. */
double etcd_put_rate(EtcdClient& client, int value_bytes, double seconds)
{
    const QByteArray value(value_bytes, 'x');
    int done = 0;
    const double start = seconds_now();
    while (seconds_now() - start < seconds) {
        const EtcdResult r = EtcdCluster::wait_for([&](auto cb) { client.put("/bench/put/" + QByteArray::number(done % 1000), value, 0, cb); });
        if (!r.ok()) throw std::runtime_error("etcd put failed: " + r.error.toStdString());
        ++done;
    }
    return done / (seconds_now() - start);
}

std::uint64_t height_of(BerthdProcess& node)
{
    return node.get(QStringLiteral("/status")).body.object().value("height").toString().toULongLong();
}

std::uint64_t nonce_of(BerthdProcess& node, const Address& account)
{
    return node.get(QStringLiteral("/accounts/") + QString::fromStdString(account.str())).body.object().value("nonce").toString().toULongLong();
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const bool smoke = smoke_run();
    const std::size_t transactions = smoke ? 60 : 3000;
    static constexpr std::size_t sender_count = 12;
    BenchReport report(QStringLiteral("bench_network"));
    try {
        QTemporaryDir dir;
        if (!dir.isValid()) throw std::runtime_error("no temporary directory");
        qputenv("BERTH_PASSPHRASE", passphrase.toUtf8());
        EtcdCluster etcd(3);
        if (!etcd.start()) throw std::runtime_error(etcd.error().toStdString());

        // Producers a and b keep their keys in their own keystores; the senders sign here.
        std::vector<PublicKey> producers;
        for (const QString& node : {QStringLiteral("a"), QStringLiteral("b")}) {
            Keystore keys(dir.filePath(node + QStringLiteral("/keys")), Keystore::min_scrypt_n);
            keys.create(QStringLiteral("node"), passphrase);
            producers.push_back(keys.unlock(QStringLiteral("node"), passphrase).public_key());
        }
        std::vector<PrivateKey> senders;
        QJsonArray accounts;
        for (std::size_t i = 0; i < sender_count; ++i) {
            senders.push_back(PrivateKey::generate());
            accounts.append(QJsonObject{
                {"address", QString::fromStdString(Address::of(senders.back().public_key()).str())}, {"usdc", "1000000000000"}, {"pond", "0"}});
        }
        const PrivateKey auditor = PrivateKey::generate();
        accounts.append(QJsonObject{
            {"name", "auditor"}, {"address", QString::fromStdString(Address::of(auditor.public_key()).str())}, {"usdc", "0"}, {"pond", "0"}});
        NetworkGenesis::Spec spec;
        spec.chain_id = "berth-bench-net";
        spec.balances_json = QJsonDocument(QJsonObject{{"accounts", accounts}, {"auditors", QJsonArray{"auditor"}}}).toJson();
        spec.producers = producers;
        spec.params = {{QStringLiteral("block_ms"), QString::number(block_ms)}, {QStringLiteral("auditor_quorum"), QStringLiteral("1")}};
        spec.timestamp_ms = static_cast<std::uint64_t>(QDateTime::currentMSecsSinceEpoch());
        const GenesisFile genesis = NetworkGenesis::create(spec);
        const QString genesis_path = dir.filePath(QStringLiteral("genesis.json"));
        genesis.save(genesis_path);

        std::map<QString, std::unique_ptr<BerthdProcess>> nodes;
        for (const QString& node : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}) {
            QStringList args{QStringLiteral("--network"), genesis_path, QStringLiteral("--etcd"), etcd.endpoints(),
                             QStringLiteral("--no-agents")};
            if (node != QLatin1String("c")) args << QStringLiteral("--producer") << QStringLiteral("node");
            nodes[node] = std::make_unique<BerthdProcess>(dir.filePath(node), args);
            if (!nodes[node]->start())
                throw std::runtime_error("node " + node.toStdString() + " did not start: " + nodes[node]->log().toStdString());
        }

        std::vector<Transaction> txs;
        const Address to = Address::of(senders.front().public_key());
        for (std::size_t i = 0; i < transactions; ++i)
            txs.push_back(Transaction::make(spec.chain_id, senders[i % sender_count], i / sender_count, tx::Transfer{to, Denom::USDC, 1}));
        const int tx_bytes = static_cast<int>(txs.front().encode().size());

        EtcdClient client(etcd.client_urls());
        const double put_rate = etcd_put_rate(client, tx_bytes, smoke ? 0.3 : 3.0);
        report.reference(QStringLiteral("etcd_sequential_puts_per_s"), put_rate, QStringLiteral("1/s"),
                         QStringLiteral("puts of %1-byte values, each awaited, on the same 3-member cluster").arg(tx_bytes));

        // Each sender talks to one of the three nodes, one transaction after the other so that
        // its nonces arrive in order; the senders run side by side, as clients anywhere would.
        QNetworkAccessManager network;
        std::vector<BerthdProcess*> targets{nodes["a"].get(), nodes["b"].get(), nodes["c"].get()};
        int answered = 0;
        int refused = 0;
        std::function<void(std::size_t)> send = [&](std::size_t i) {
            if (i >= txs.size()) return;
            BerthdProcess* node = targets[(i % sender_count) % targets.size()];
            QNetworkRequest request(node->rpc_url().resolved(QUrl(QStringLiteral("/tx"))));
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            // A state-changing route: the node's cookie, as berth-cli presents it.
            request.setRawHeader("Authorization", RpcCookie::authorization(node->cookie()));
            const QByteArray body =
                QJsonDocument(QJsonObject{{"tx", QString::fromStdString(to_hex(txs[i].encode()))}}).toJson(QJsonDocument::Compact);
            QNetworkReply* reply = network.post(request, body);
            QObject::connect(reply, &QNetworkReply::finished, reply, [reply, i, &answered, &refused, &send] {
                ++answered;
                if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() >= 300) ++refused;
                reply->deleteLater();
                send(i + sender_count);
            });
        };
        const double start = seconds_now();
        for (std::size_t s = 0; s < sender_count; ++s) send(s);
        QDeadlineTimer deadline(600000);
        // Applied on every node: each sender's nonce has reached its count everywhere.
        auto applied_everywhere = [&] {
            for (auto& [name, node] : nodes)
                for (std::size_t s = 0; s < sender_count; ++s)
                    if (nonce_of(*node, Address::of(senders[s].public_key())) < (transactions + sender_count - 1 - s) / sender_count)
                        return false;
            return true;
        };
        while (!applied_everywhere()) {
            if (deadline.hasExpired()) throw std::runtime_error("the transactions were not applied on every node in 10 minutes");
            if (answered == static_cast<int>(txs.size()) && refused > 0)
                throw std::runtime_error(std::to_string(refused) + " transactions were refused by the nodes");
            wait_ms(50);
        }
        const double elapsed = seconds_now() - start;
        const double rate = static_cast<double>(transactions) / elapsed;
        report.measurement(QStringLiteral("transactions"), static_cast<double>(transactions), QStringLiteral("count"));
        report.measurement(QStringLiteral("tx_per_s_applied_on_all_nodes"), rate, QStringLiteral("1/s"));
        report.figure(QStringLiteral("tx_per_s_vs_etcd_sequential_puts"), rate / put_rate, QStringLiteral("ratio"), BenchReport::Rule::AtLeast,
                      0.5, smoke ? QStringLiteral("smoke run: too few transactions to judge") : QString());

        // Failover: the producing node dies; the other one's lease-backed campaign takes over.
        const QString leader = nodes["c"]->get(QStringLiteral("/status")).body.object().value("ordering").toObject().value("leader").toString();
        BerthdProcess* leading = nullptr;
        for (std::size_t i = 0; i < producers.size(); ++i)
            if (QString::fromStdString(producers[i].hex()) == leader) leading = nodes[i == 0 ? "a" : "b"].get();
        if (!leading) throw std::runtime_error("no producer holds the leader key");
        const std::uint64_t before = height_of(*nodes["c"]);
        wait_ms(static_cast<int>(block_ms)); // let the next block land so the kill falls between blocks
        const std::uint64_t at_kill = height_of(*nodes["c"]);
        leading->kill();
        const double killed_at = seconds_now();
        while (height_of(*nodes["c"]) <= at_kill + 1) {
            if (seconds_now() - killed_at > 60) throw std::runtime_error("no block within 60 s of the leader's death");
            wait_ms(20);
        }
        const double failover_blocks = (seconds_now() - killed_at) * 1000.0 / static_cast<double>(block_ms);
        report.measurement(QStringLiteral("height_before_failover"), static_cast<double>(before), QStringLiteral("height"));
        report.figure(QStringLiteral("leader_failover_blocks"), failover_blocks, QStringLiteral("blocks"), BenchReport::Rule::AtMost, 10,
                      QStringLiteral("SIGKILL of the producer to the second block after it; the leader key's lease is %1 s")
                          .arg(std::max<std::uint64_t>(2, (3 * block_ms + 999) / 1000)));
    } catch (const std::exception& e) {
        report.missing(QStringLiteral("tx_per_s_vs_etcd_sequential_puts"), QStringLiteral("ratio"), BenchReport::Rule::AtLeast, 0.5,
                       QString::fromUtf8(e.what()));
    }
    return report.print();
}
