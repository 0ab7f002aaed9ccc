#include "txload.h"

#include <devnet.h>
#include <price.h>

#include <QElapsedTimer>
#include <QJsonObject>

namespace berth::test {

BerthdProcess::Reply TxLoad::submit(BerthdProcess& node, const QString& who, tx::Payload payload)
{
    const PrivateKey key = Devnet::demo_key(who);
    const auto account = node.get(QStringLiteral("/accounts/") + QString::fromStdString(Address::of(key.public_key()).str()));
    if (account.status != 200) return account;
    const std::uint64_t nonce = account.body.object().value("next_nonce").toString().toULongLong();
    return node.submit(Transaction::make("berth-devnet", key, nonce, std::move(payload)));
}

void TxLoad::run_for(BerthdProcess& node, int ms)
{
    static const Address bob = Address::of(Devnet::demo_key(QStringLiteral("bob")).public_key());
    QElapsedTimer load;
    load.start();
    while (load.elapsed() < ms && node.is_running()) {
        BerthdProcess::Reply reply;
        if (m_random() % 2) {
            tx::CreateOrder order;
            order.instance_type = "cpu.small";
            order.max_price_per_s = price::from_base_units(12);
            order.manifest_hash = Hash256::of(as_bytes(std::to_string(m_random())));
            order.deposit = 10'000;
            reply = submit(node, QStringLiteral("alice"), order);
        } else {
            reply = submit(node, QStringLiteral("faucet"), tx::Transfer{bob, Denom::USDC, Amount(1 + m_random() % 1000)});
        }
        if (reply.status == 202) m_pending.push_back(reply.body.object().value("id").toString());
        std::vector<QString> still_pending;
        for (const QString& id : m_pending) {
            const auto status = node.get(QStringLiteral("/tx/") + id);
            const QString s = status.body.object().value("status").toString();
            if (s == QLatin1String("included"))
                m_included[id] = status.body.object().value("height").toString();
            else if (s == QLatin1String("pending") || status.status == 0)
                still_pending.push_back(id);
        }
        m_pending.swap(still_pending);
        const auto status = node.get(QStringLiteral("/status"));
        if (status.status == 200)
            m_reported_height = std::max<std::uint64_t>(m_reported_height, status.body.object().value("height").toString().toULongLong());
    }
}

QString TxLoad::lost_transaction(BerthdProcess& node) const
{
    for (const auto& [id, height] : m_included) {
        const auto reply = node.get(QStringLiteral("/tx/") + id);
        const QString status = reply.body.object().value("status").toString();
        const QString now_at = reply.body.object().value("height").toString();
        if (status != QLatin1String("included") || now_at != height)
            return QStringLiteral("transaction %1 was reported included at height %2, now it is %3 at '%4'").arg(id, height, status, now_at);
    }
    return {};
}

} // namespace berth::test
