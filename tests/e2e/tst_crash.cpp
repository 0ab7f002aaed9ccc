#include "berthdprocess.h"

#include <devnet.h>
#include <invariants.h>
#include <ledger.h>
#include <store.h>

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <map>
#include <random>

using namespace berth;
using berth::test::BerthdProcess;

/**
 * Crash safety of a real berthd: while a load of signed transactions flows in through RPC,
 * the node is killed with SIGKILL at random moments and restarted. After each kill the
 * SQLite file passes integrity_check, the stored state reproduces the last block's state
 * root and satisfies the invariants, the chain resumes from the last committed height, and
 * every transaction RPC reported as included is still included at the same height.
 */
class TestCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void survivesKillsUnderLoad();

private:
    /** Submits one signed transaction; returns its id, or an empty string if the node refused it. */
    QString submit(BerthdProcess& node, const QString& who, tx::Payload payload);
    void check_store(const QString& datadir, std::uint64_t at_least_height);
};

QString TestCrash::submit(BerthdProcess& node, const QString& who, tx::Payload payload)
{
    const PrivateKey key = Devnet::demo_key(who);
    const auto account = node.get(QStringLiteral("/accounts/") + QString::fromStdString(Address::of(key.public_key()).str()));
    if (account.status != 200) return {};
    const std::uint64_t nonce = account.body.object().value("next_nonce").toString().toULongLong();
    const Transaction t = Transaction::make("berth-devnet", key, nonce, std::move(payload));
    const QJsonObject body{{"tx", QString::fromStdString(to_hex(t.encode()))}};
    const auto reply = node.post(QStringLiteral("/tx"), QJsonDocument(body).toJson());
    return reply.status == 202 ? reply.body.object().value("id").toString() : QString();
}

void TestCrash::check_store(const QString& datadir, std::uint64_t at_least_height)
{
    Store store(QDir(datadir).filePath(QStringLiteral("chain.sqlite")));
    QCOMPARE(store.integrity_check(), std::string("ok"));
    const auto tip = store.tip();
    QVERIFY(tip.has_value());
    QVERIFY2(tip->height >= at_least_height, qPrintable(QStringLiteral("stored tip %1 is below the reported height %2").arg(tip->height).arg(at_least_height)));
    const Ledger recomputed(State::from_objects(store.load_state()));
    QCOMPARE(recomputed.height(), tip->height);
    QCOMPARE(recomputed.state_root(), tip->state_root);
    const auto violations = check_invariants(recomputed.state());
    QVERIFY2(violations.empty(), violations.empty() ? "" : violations.front().c_str());
}

void TestCrash::survivesKillsUnderLoad()
{
    QTemporaryDir dir;
    BerthdProcess node(dir.path(), {QStringLiteral("--devnet"), QStringLiteral("--block-ms"), QStringLiteral("100"),
                                    QStringLiteral("--demo-providers"), QStringLiteral("3")});
    QVERIFY2(node.start(), qPrintable(node.log()));

    std::mt19937 random(20261123);
    std::map<QString, QString> included;   // tx id → height reported by RPC
    std::vector<QString> pending;
    std::uint64_t reported_height = 0;
    const Address bob = Address::of(Devnet::demo_key(QStringLiteral("bob")).public_key());
    constexpr int kills = 5;

    for (int round = 0; round < kills; ++round) {
        QElapsedTimer load;
        load.start();
        const int kill_after_ms = std::uniform_int_distribution<int>(600, 2000)(random);
        while (load.elapsed() < kill_after_ms) {
            tx::CreateOrder order;
            order.instance_type = "cpu.small";
            order.max_price_per_s = 12;
            order.manifest_hash = Hash256::of(as_bytes(std::to_string(random())));
            order.deposit = 10'000;
            const QString who = random() % 2 ? QStringLiteral("alice") : QStringLiteral("faucet");
            const QString id = who == QLatin1String("alice") ? submit(node, who, order)
                                                             : submit(node, who, tx::Transfer{bob, Denom::USDC, Amount(1 + random() % 1000)});
            if (!id.isEmpty()) pending.push_back(id);
            std::vector<QString> still_pending;
            for (const QString& p : pending) {
                const auto status = node.get(QStringLiteral("/tx/") + p);
                const QString s = status.body.object().value("status").toString();
                if (s == QLatin1String("included")) included[p] = status.body.object().value("height").toString();
                else if (s == QLatin1String("pending")) still_pending.push_back(p);
            }
            pending.swap(still_pending);
            const auto status = node.get(QStringLiteral("/status"));
            if (status.status == 200) reported_height = std::max<std::uint64_t>(reported_height, status.body.object().value("height").toString().toULongLong());
        }
        node.kill();
        pending.clear();
        check_store(dir.path(), reported_height);

        QVERIFY2(node.start(), qPrintable(node.log()));
        const auto status = node.get(QStringLiteral("/status"));
        QVERIFY(status.body.object().value("height").toString().toULongLong() >= reported_height);
        for (const auto& [id, height] : included) {
            const auto reply = node.get(QStringLiteral("/tx/") + id);
            QCOMPARE(reply.body.object().value("status").toString(), QStringLiteral("included"));
            QCOMPARE(reply.body.object().value("height").toString(), height);
        }
    }
    QVERIFY2(included.size() >= 20, qPrintable(QStringLiteral("only %1 transactions were included under load").arg(included.size())));
    QCOMPARE(node.terminate(), 0);
    check_store(dir.path(), reported_height);
}

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
