#include "marketcommands.h"

#include "clierror.h"
#include "commandcontext.h"
#include "commandline.h"
#include "jsontext.h"
#include "output.h"
#include "rpcclient.h"
#include "summaries.h"
#include "wallet.h"

#include <QJsonArray>

namespace berth::cli {

MarketCommands::MarketCommands(CommandContext& context) : m_context(context), m_line(context.line()), m_out(context.out()) {}

// --- providers --------------------------------------------------------------------------------

void MarketCommands::provider_register()
{
    tx::RegisterProvider payload{m_line.required(QStringLiteral("name")).toStdString(), m_line.required(QStringLiteral("region")).toStdString(),
                                 m_line.required(QStringLiteral("endpoint")).toStdString()};
    const QString from = m_context.from_name();
    const TxOutcome outcome = m_context.send_from(from, payload);
    m_context.report(outcome, QJsonObject{{"address", qstr(m_context.wallet().stored_address(from).str())}, {"name", qstr(payload.name)}},
                     QStringLiteral("registered provider '%1' (%2, %3)").arg(qstr(payload.name), qstr(payload.region), qstr(payload.endpoint)));
}

void MarketCommands::provider_offer()
{
    tx::SetOffer payload{m_line.required(QStringLiteral("instance-type")).toStdString(), m_line.required_price(QStringLiteral("price")),
                         CommandLine::count(m_line.required(QStringLiteral("capacity")), 0, QStringLiteral("--capacity"))};
    if (payload.instance_type.empty()) throw CliError::usage(QStringLiteral("--instance-type must not be empty"));
    const QString from = m_context.from_name();
    const TxOutcome outcome = m_context.send_from(from, payload);
    m_context.report(outcome,
                     QJsonObject{{"instance_type", qstr(payload.instance_type)},
                                 {"price_per_s", Output::price_per_s(payload.price_per_s)},
                                 {"price_per_hour", Output::price_per_hour(payload.price_per_s)},
                                 {"capacity", static_cast<qint64>(payload.capacity)}},
                     payload.capacity == 0 ? QStringLiteral("withdrew the %1 offer").arg(qstr(payload.instance_type))
                                           : QStringLiteral("offering %1 x%2 at %3")
                                                 .arg(qstr(payload.instance_type))
                                                 .arg(payload.capacity)
                                                 .arg(Output::price(payload.price_per_s)));
}

void MarketCommands::stake_change(bool stake)
{
    const Amount amount = CommandLine::token_amount(m_line.argument(0), Denom::POND, QStringLiteral("the amount"));
    if (amount == 0) throw CliError::usage(QStringLiteral("the amount must be more than 0 POND"));
    const QString from = m_context.from_name();
    const TxOutcome outcome = stake ? m_context.send_from(from, tx::Stake{amount}) : m_context.send_from(from, tx::Unstake{amount});
    m_context.report(outcome, QJsonObject{{"amount", qstr(amount.str())}},
                     (stake ? QStringLiteral("staked %1") : QStringLiteral("unstaked %1")).arg(Output::amount(amount, Denom::POND)));
}

void MarketCommands::provider_stake()
{
    stake_change(true);
}

void MarketCommands::provider_unstake()
{
    stake_change(false);
}

void MarketCommands::providers()
{
    const QJsonValue list = m_context.rpc().get(QStringLiteral("/providers"));
    QStringList lines;
    for (const QJsonValue& v : list.toArray()) {
        const QJsonObject p = v.toObject();
        lines.append(QStringLiteral("%1  %2  %3  stake %4 (%5 locked)  slashes %6  jobs %7")
                         .arg(field(p, "name").leftJustified(12), field(p, "address"), field(p, "region").leftJustified(10),
                              Output::amount(p.value(QLatin1String("stake")), Denom::POND),
                              Output::amount(p.value(QLatin1String("stake_locked")), Denom::POND))
                         .arg(p.value(QLatin1String("slashes")).toInt())
                         .arg(p.value(QLatin1String("active_jobs")).toInt()));
        for (const QJsonValue& o : p.value(QLatin1String("offers")).toArray()) {
            const QJsonObject offer = o.toObject();
            QString line = QStringLiteral("    %1  %2  free %3/%4")
                               .arg(field(offer, "instance_type").leftJustified(10), Output::price(offer.value(QLatin1String("price_per_s"))))
                               .arg(offer.value(QLatin1String("free")).toInt())
                               .arg(offer.value(QLatin1String("capacity")).toInt());
            if (offer.contains(QLatin1String("vcpus")))
                line += QStringLiteral("  %1 vCPU, %2 MiB, %3 processes per replica")
                            .arg(field(offer, "vcpus"), field(offer, "memory_mib"), field(offer, "processes"));
            lines.append(line);
        }
    }
    m_out.result(list, lines.isEmpty() ? QStringLiteral("no providers") : lines.join(QLatin1Char('\n')));
}

// --- orders and bids --------------------------------------------------------------------------

void MarketCommands::order_create()
{
    OrderTerms terms;
    terms.instance_type = m_line.required(QStringLiteral("instance-type")).toStdString();
    if (terms.instance_type.empty()) throw CliError::usage(QStringLiteral("--instance-type must not be empty"));
    terms.replicas = m_line.has(QStringLiteral("replicas"))
                         ? CommandLine::count(m_line.required(QStringLiteral("replicas")), 1, QStringLiteral("--replicas"))
                         : 1;
    terms.max_price_per_s = m_line.required_price(QStringLiteral("max-price"));
    terms.deposit = CommandLine::token_amount(m_line.required(QStringLiteral("deposit")), Denom::USDC, QStringLiteral("--deposit"));
    const QByteArray manifest = CommandContext::read_manifest(m_line.required(QStringLiteral("manifest")), QStringLiteral("--manifest"));
    terms.image_url = m_line.optional(QStringLiteral("image")).value_or(QString()).toStdString();
    const tx::CreateOrder payload = m_context.draft_order(terms, manifest);
    const QString from = m_context.from_name();
    const TxOutcome outcome = m_context.send_from(from, payload);
    QString order_id = outcome.order_id;
    if (order_id.isEmpty()) {
        // The node forgot the receipt (it restarted): the newest order of this owner with this manifest is the one.
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("owner"), qstr(m_context.wallet().stored_address(from).str()));
        for (const QJsonValue& v : m_context.rpc().get(QStringLiteral("/leases"), query).toArray())
            if (field(v.toObject(), "manifest_hash") == qstr(payload.manifest_hash.hex()) &&
                field(v.toObject(), "id").toULongLong() > order_id.toULongLong())
                order_id = field(v.toObject(), "id");
    }
    m_context.report(outcome, QJsonObject{{"order_id", order_id}, {"manifest_hash", qstr(payload.manifest_hash.hex())}},
                     QStringLiteral("order %1 created: %2 x%3 at most %4, %5 in escrow\nproviders bid for the next blocks; follow it with "
                                    "'berth-cli events --lease %1' or 'berth-cli lease show %1'")
                         .arg(order_id, qstr(payload.instance_type))
                         .arg(payload.replicas)
                         .arg(Output::price(payload.max_price_per_s), Output::amount(payload.deposit, Denom::USDC)));
}

void MarketCommands::order_list()
{
    const QString from = m_context.from_name();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("owner"), qstr(m_context.wallet().stored_address(from).str()));
    const QJsonValue list = m_context.rpc().get(QStringLiteral("/orders"), query);
    QStringList lines;
    for (const QJsonValue& v : list.toArray()) lines.append(Summaries::lease_line(v.toObject()));
    m_out.result(list, lines.isEmpty() ? QStringLiteral("no open orders of %1").arg(from) : lines.join(QLatin1Char('\n')));
}

void MarketCommands::order_cancel()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the order id"));
    m_context.lease_action(tx::CloseLease{id}, id, m_context.from_name(), QStringLiteral("asked to cancel order %1"));
}

void MarketCommands::bid_create()
{
    const JobId id = CommandLine::id(m_line.argument(0), QStringLiteral("the order id"));
    const Amount price = m_line.required_price(QStringLiteral("price"));
    const QString from = m_context.from_name();
    const TxOutcome outcome = m_context.send_from(from, tx::CreateBid{id, price});
    m_context.report(outcome,
                     QJsonObject{{"order_id", QString::number(id)},
                                 {"price_per_s", Output::price_per_s(price)},
                                 {"price_per_hour", Output::price_per_hour(price)}},
                     QStringLiteral("bid %1 on order %2").arg(Output::price(price)).arg(id));
}

// --- earnings ---------------------------------------------------------------------------------

void MarketCommands::withdraw()
{
    const QString from = m_context.from_name();
    const Address address = m_context.wallet().stored_address(from);
    const TxOutcome outcome = m_context.send_from(from, tx::WithdrawEarnings{});
    QString amount;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("since"), outcome.height);
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("10000"));
    for (const QJsonValue& v : m_context.rpc().get(QStringLiteral("/events"), query).toArray()) {
        const QJsonObject e = v.toObject();
        if (field(e, "height") == outcome.height && field(e, "name") == QLatin1String("EARNINGS_WITHDRAWN") &&
            field(e, "account") == qstr(address.str()))
            amount = e.value(QLatin1String("data")).toObject().value(QLatin1String("amount")).toString();
    }
    m_context.report(outcome, QJsonObject{{"amount", amount}},
                     amount.isEmpty() ? QStringLiteral("withdrew the earnings")
                                      : QStringLiteral("withdrew %1 of earnings").arg(Output::amount(QJsonValue(amount), Denom::USDC)));
}

} // namespace berth::cli
