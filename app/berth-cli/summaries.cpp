#include "summaries.h"

#include "jsontext.h"
#include "output.h"

#include <QDateTime>
#include <QJsonArray>
#include <QStringList>

namespace berth::cli {

QString Summaries::short_address(const QString& address)
{
    return address.size() > 17 ? address.left(13) + QStringLiteral("…") + address.right(4) : address;
}

QString Summaries::time_text(const QString& ms)
{
    bool ok = false;
    const qint64 value = ms.toLongLong(&ok);
    if (!ok || value == 0) return QStringLiteral("-");
    return QDateTime::fromMSecsSinceEpoch(value).toString(Qt::ISODate);
}

QString Summaries::lease_line(const QJsonObject& lease)
{
    const QString provider = field(lease, "provider");
    return QStringLiteral("%1  %2  %3 x%4  %5  %6  escrow %7")
        .arg(field(lease, "id").rightJustified(5), field(lease, "state").leftJustified(20), field(lease, "instance_type"))
        .arg(lease.value(QLatin1String("replicas")).toInt())
        .arg(provider.isEmpty() ? QStringLiteral("(no provider yet)") : short_address(provider),
             provider.isEmpty() ? QStringLiteral("max ") + Output::price(lease.value(QLatin1String("max_price_per_s")))
                                : Output::price(lease.value(QLatin1String("price_per_s"))),
             Output::amount(lease.value(QLatin1String("escrow")), Denom::USDC));
}

QString Summaries::lease_details(const QJsonObject& lease)
{
    QStringList lines;
    auto add = [&lines](const QString& label, const QString& value) { lines.append(label.leftJustified(14) + value); };
    lines.append(QStringLiteral("lease %1 (order %2)").arg(field(lease, "id"), field(lease, "order_id")));
    add(QStringLiteral("state"), field(lease, "state"));
    if (!field(lease, "close_reason").isEmpty() && field(lease, "close_reason") != QLatin1String("none"))
        add(QStringLiteral("close reason"), field(lease, "close_reason"));
    add(QStringLiteral("owner"), field(lease, "owner"));
    add(QStringLiteral("instance"),
        QStringLiteral("%1 x%2").arg(field(lease, "instance_type")).arg(lease.value(QLatin1String("replicas")).toInt()));
    add(QStringLiteral("max price"), Output::price(lease.value(QLatin1String("max_price_per_s"))));
    add(QStringLiteral("provider"), field(lease, "provider").isEmpty() ? QStringLiteral("-") : field(lease, "provider"));
    if (!field(lease, "provider").isEmpty()) add(QStringLiteral("price"), Output::price(lease.value(QLatin1String("price_per_s"))));
    add(QStringLiteral("escrow"), Output::amount(lease.value(QLatin1String("escrow")), Denom::USDC) + QStringLiteral(" left, ") +
                                      Output::amount(lease.value(QLatin1String("spent")), Denom::USDC) + QStringLiteral(" spent"));
    if (lease.contains(QLatin1String("exhausts_at_ms"))) add(QStringLiteral("runs out at"), time_text(field(lease, "exhausts_at_ms")));
    QStringList urls;
    for (const QJsonValue& url : lease.value(QLatin1String("access")).toObject().value(QLatin1String("urls")).toArray())
        urls.append(url.toString());
    add(QStringLiteral("access"), urls.isEmpty() ? QStringLiteral("-") : urls.join(QStringLiteral(", ")));
    if (!field(lease, "update_refusal").isEmpty()) add(QStringLiteral("update"), QStringLiteral("refused: ") + field(lease, "update_refusal"));
    add(QStringLiteral("manifest"), QStringLiteral("sha256 ") + field(lease, "manifest_hash"));
    if (!field(lease, "image_url").isEmpty()) add(QStringLiteral("image"), field(lease, "image_url"));
    add(QStringLiteral("created"), time_text(field(lease, "created_at_ms")));
    const QJsonArray bids = lease.value(QLatin1String("bids")).toArray();
    if (!bids.isEmpty()) {
        add(QStringLiteral("bids"), QString());
        for (const QJsonValue& v : bids) {
            const QJsonObject bid = v.toObject();
            lines.append(QStringLiteral("    %1  %2  block %3")
                             .arg(field(bid, "provider"), Output::price(bid.value(QLatin1String("price_per_s"))), field(bid, "height")));
        }
    }
    return lines.join(QLatin1Char('\n'));
}

QString Summaries::event_line(const QJsonObject& event)
{
    QStringList details;
    const QJsonObject data = event.value(QLatin1String("data")).toObject();
    for (auto it = data.begin(); it != data.end(); ++it) details.append(it.key() + QLatin1Char('=') + it.value().toString());
    if (!field(event, "account").isEmpty()) details.prepend(QStringLiteral("account=") + short_address(field(event, "account")));
    return QStringLiteral("%1  %2  %3  %4")
        .arg(field(event, "height").rightJustified(7), field(event, "name").leftJustified(22),
             field(event, "lease_id").isEmpty() ? QStringLiteral("       -")
                                                : QStringLiteral("lease ") + field(event, "lease_id").leftJustified(3),
             details.join(QLatin1Char(' ')));
}

} // namespace berth::cli
