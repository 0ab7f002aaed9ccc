#include "eventrow.h"

#include "providerrow.h"

#include <QStringList>

#include <stdexcept>

namespace berth::gui {

namespace {

enum class Kind { Text, Usdc, UsdcPerSecond, Pond, Address };

/** How a detail field is shown; "amount" depends on the event because transfers carry a denomination. */
Kind kind_of(const Event& event, const std::string& key)
{
    if (key == "price_per_s" || key == "max_price_per_s") return Kind::UsdcPerSecond;
    if (key == "refunded" || key == "escrow" || key == "deposit" || key == "spent" || key == "earned") return Kind::Usdc;
    if (key == "stake") return Kind::Pond;
    if (key == "provider" || key == "to" || key.starts_with("rejected:")) return Kind::Address;
    if (key == "amount") {
        switch (event.name) {
        case EventName::Staked:
        case EventName::Unstaked:
        case EventName::Slashed: return Kind::Pond;
        case EventName::Transferred: return event.field("denom") == "POND" ? Kind::Pond : Kind::Usdc;
        default: return Kind::Usdc;
        }
    }
    return Kind::Text;
}

QString render(Kind kind, const std::string& value)
{
    const QString text = QString::fromStdString(value);
    try {
        switch (kind) {
        case Kind::Usdc: return format_usdc(parse_base_units(value)) + QStringLiteral(" USDC");
        case Kind::UsdcPerSecond: return format_price(price::parse_per_s(value)) + QStringLiteral(" USDC/s");
        case Kind::Pond: return format_pond(parse_base_units(value)) + QStringLiteral(" POND");
        case Kind::Address: return short_address(text);
        case Kind::Text: return text;
        }
    } catch (const std::invalid_argument&) {
        // A field that is not a plain amount is shown as it was recorded.
    }
    return text;
}

} // namespace

QString short_address(const QString& address)
{
    if (address.size() <= 18) return address;
    return address.left(11) + QChar(0x2026) + address.right(4);
}

EventRow EventRow::from(std::uint64_t height, const Event& event)
{
    EventRow row;
    row.height = height;
    row.name = QString::fromLatin1(event_name(event.name).data(), static_cast<qsizetype>(event_name(event.name).size()));
    row.lease_id = event.job == 0 ? QString() : QString::number(event.job);
    row.account = event.account.is_null() ? QString() : QString::fromStdString(event.account.str());
    QStringList parts;
    for (const auto& [key, value] : event.data) {
        if (key == "denom") continue;
        const QString shown_key = key.starts_with("rejected:") ? QStringLiteral("rejected") : QString::fromStdString(key);
        const std::string& shown_value = key.starts_with("rejected:") ? key.substr(9) : value;
        QString part = shown_key + QStringLiteral(": ") + render(kind_of(event, key), shown_value);
        if (key.starts_with("rejected:")) part += QStringLiteral(" (") + QString::fromStdString(value) + QLatin1Char(')');
        parts.append(part);
    }
    row.details = parts.join(QStringLiteral(" · "));
    return row;
}

} // namespace berth::gui
