#include "txsender.h"

#include "clierror.h"
#include "rpcclient.h"

#include <privatekey.h>

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>

namespace berth::cli {

namespace {

void pause(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

std::uint64_t number_field(const QJsonObject& object, const char* field, const QString& route)
{
    bool ok = false;
    const qulonglong value = object.value(QLatin1String(field)).toString().toULongLong(&ok);
    if (!ok)
        throw CliError(QStringLiteral("bad_response"), QStringLiteral("%1 answered without a numeric '%2'").arg(route, QLatin1String(field)));
    return value;
}

} // namespace

QJsonObject TxOutcome::json() const
{
    QJsonObject out{{"tx_id", id}, {"status", "included"}, {"height", height}};
    if (!order_id.isEmpty()) out.insert("order_id", order_id);
    return out;
}

TxSender::TxSender(RpcClient& rpc) : m_rpc(rpc) {}

void TxSender::load_status()
{
    if (m_chain_id) return;
    const QJsonObject status = m_rpc.get_object(QStringLiteral("/status"));
    const QString chain_id = status.value(QLatin1String("chain_id")).toString();
    if (chain_id.isEmpty()) throw CliError(QStringLiteral("bad_response"), QStringLiteral("GET /status answered without a chain_id"));
    m_block_ms = std::max<std::uint64_t>(1, number_field(status, "block_ms", QStringLiteral("GET /status")));
    m_chain_id = chain_id.toStdString();
}

std::uint64_t TxSender::next_nonce(const Address& sender)
{
    const QString route = QStringLiteral("/accounts/") + QString::fromStdString(sender.str());
    return number_field(m_rpc.get_object(route), "next_nonce", QStringLiteral("GET ") + route);
}

TxOutcome TxSender::send(const PrivateKey& key, const tx::Payload& payload)
{
    load_status();
    const Address sender = Address::of(key.public_key());
    for (int attempt = 0;; ++attempt) {
        const Transaction transaction = Transaction::make(*m_chain_id, key, next_nonce(sender), payload);
        try {
            const QJsonObject answer =
                m_rpc.post(QStringLiteral("/tx"), QJsonObject{{"tx", QString::fromStdString(to_hex(transaction.encode()))}});
            const QString id = answer.value(QLatin1String("id")).toString(QString::fromStdString(transaction.id().hex()));
            return wait(id);
        } catch (const CliError& e) {
            if (e.code() != QLatin1String("bad_nonce") || attempt >= nonce_retries) throw;
        }
    }
}

TxOutcome TxSender::wait(const QString& id)
{
    load_status();
    const std::uint64_t limit_ms = std::max(min_wait_ms, wait_blocks * m_block_ms);
    QElapsedTimer clock;
    clock.start();
    const QString route = QStringLiteral("/tx/") + id;
    for (;;) {
        QJsonObject status;
        try {
            status = m_rpc.get_object(route);
        } catch (const CliError& e) {
            // A node that restarted forgets pending transactions: keep asking until the deadline.
            if (e.code() != QLatin1String("unknown_id")) throw;
        }
        const QString state = status.value(QLatin1String("status")).toString();
        if (state == QLatin1String("included"))
            return TxOutcome{id, status.value(QLatin1String("height")).toString(), status.value(QLatin1String("order_id")).toString()};
        if (state == QLatin1String("rejected")) {
            const QJsonObject error = status.value(QLatin1String("error")).toObject();
            throw CliError(error.value(QLatin1String("code")).toString(QStringLiteral("rejected")),
                           QStringLiteral("%1 (transaction %2 rejected in block %3)")
                               .arg(error.value(QLatin1String("message")).toString(), id, status.value(QLatin1String("height")).toString()));
        }
        if (static_cast<std::uint64_t>(clock.elapsed()) >= limit_ms)
            throw CliError(QStringLiteral("timeout"),
                           QStringLiteral("transaction %1 was submitted but not decided within %2 s; it may still be included "
                                          "(check with GET %3/tx/%1)")
                               .arg(id)
                               .arg(limit_ms / 1000)
                               .arg(m_rpc.base().toString()));
        pause(poll_interval_ms);
    }
}

} // namespace berth::cli
