#include "historyrow.h"

#include "eventrow.h"
#include "providerrow.h"

#include <stdexcept>

namespace berth::gui {

namespace {

Amount amount_of(const Event& event, std::string_view key)
{
    try {
        return parse_base_units(event.field(key));
    } catch (const std::invalid_argument&) {
        return 0;
    }
}

Amount price_of(const Event& event, std::string_view key)
{
    try {
        return price::parse_per_s(event.field(key));
    } catch (const std::invalid_argument&) {
        return 0;
    }
}

QString signed_amount(const QString& sign, const Amount& amount, Denom denom)
{
    const QString text = denom == Denom::POND ? format_pond(amount) + QStringLiteral(" POND") : format_usdc(amount) + QStringLiteral(" USDC");
    return sign + text;
}

const QString plus = QStringLiteral("+");
const QString minus = QStringLiteral("\u2212");

} // namespace

std::optional<HistoryRow> HistoryRow::from(std::uint64_t height, const Event& event, const Address& me)
{
    HistoryRow row;
    row.height = height;
    row.lease_id = event.job == 0 ? QString() : QString::number(event.job);
    row.direction = QStringLiteral("none");
    const bool mine = event.account == me;
    const std::string me_text = me.str();
    const bool my_provider = event.field("provider") == me_text;
    const auto set = [&row](const QString& title, const QString& direction, const QString& amount) {
        row.title = title;
        row.direction = direction;
        row.amount = amount;
    };
    switch (event.name) {
    case EventName::Transferred: {
        const Denom denom = event.field("denom") == "POND" ? Denom::POND : Denom::USDC;
        const Amount amount = amount_of(event, "amount");
        if (mine) {
            set(tr("Sent"), QStringLiteral("out"), signed_amount(minus, amount, denom));
            row.details = tr("to %1").arg(short_address(QString::fromStdString(event.field("to"))));
        } else if (event.field("to") == me_text) {
            set(tr("Received"), QStringLiteral("in"), signed_amount(plus, amount, denom));
            row.details = tr("from %1").arg(short_address(QString::fromStdString(event.account.str())));
        } else {
            return std::nullopt;
        }
        return row;
    }
    case EventName::ProviderLookup:
        // A new bid window (an order or a reassignment); the windows that follow one without bids carry no end height.
        if (!mine || event.field("window_end_height").empty()) return std::nullopt;
        set(tr("Looking for a provider"), QStringLiteral("none"), QString());
        row.details = tr("%1 × %2").arg(QString::fromStdString(event.field("instance_type")), QString::fromStdString(event.field("replicas")));
        return row;
    case EventName::EscrowDeposited:
        if (!mine) return std::nullopt;
        set(tr("Escrow top-up"), QStringLiteral("out"), signed_amount(minus, amount_of(event, "amount"), Denom::USDC));
        return row;
    case EventName::CloseLease:
    case EventName::OrderClosed:
        if (!mine) return std::nullopt;
        set(event.name == EventName::CloseLease ? tr("Escrow refunded on close") : tr("Order closed, escrow refunded"), QStringLiteral("in"),
            signed_amount(plus, amount_of(event, "refunded"), Denom::USDC));
        row.details = QString::fromStdString(event.field("reason"));
        return row;
    case EventName::LeaseClosed:
        if (mine) {
            set(tr("Lease closed"), QStringLiteral("in"), signed_amount(plus, amount_of(event, "refunded"), Denom::USDC));
            row.details =
                tr("spent %1 USDC, reason: %2").arg(format_usdc(amount_of(event, "spent")), QString::fromStdString(event.field("reason")));
        } else if (my_provider) {
            set(tr("Lease served"), QStringLiteral("in"), signed_amount(plus, amount_of(event, "spent"), Denom::USDC));
            row.details = tr("earned, reason: %1").arg(QString::fromStdString(event.field("reason")));
        } else {
            return std::nullopt;
        }
        return row;
    case EventName::Staked:
    case EventName::Unstaked:
        if (!mine) return std::nullopt;
        set(event.name == EventName::Staked ? tr("Staked") : tr("Unstaked"), QStringLiteral("stake"),
            signed_amount(QString(), amount_of(event, "amount"), Denom::POND));
        row.details = tr("stake now %1 POND").arg(format_pond(amount_of(event, "stake")));
        return row;
    case EventName::EarningsWithdrawn:
        if (!mine) return std::nullopt;
        set(tr("Earnings withdrawn"), QStringLiteral("in"), signed_amount(plus, amount_of(event, "amount"), Denom::USDC));
        return row;
    case EventName::Slashed:
        if (!mine && !my_provider) return std::nullopt;
        set(tr("Slashed"), QStringLiteral("out"), signed_amount(minus, amount_of(event, "amount"), Denom::POND));
        row.details = QString::fromStdString(event.field("reason"));
        return row;
    case EventName::ProviderRegistered:
    case EventName::ProviderUpdated:
        if (!mine) return std::nullopt;
        set(event.name == EventName::ProviderRegistered ? tr("Registered as a provider") : tr("Provider details updated"),
            QStringLiteral("none"), QString());
        row.details = QStringLiteral("%1 · %2").arg(QString::fromStdString(event.field("name")), QString::fromStdString(event.field("region")));
        return row;
    case EventName::OfferSet:
        if (!mine) return std::nullopt;
        set(tr("Offer set"), QStringLiteral("none"), QString());
        row.details = tr("%1 at %2 USDC/s, capacity %3")
                          .arg(QString::fromStdString(event.field("instance_type")), format_price(price_of(event, "price_per_s")),
                               QString::fromStdString(event.field("capacity")));
        return row;
    case EventName::CertificatePublished:
    case EventName::CertificateRevoked:
        if (!mine) return std::nullopt;
        set(event.name == EventName::CertificatePublished ? tr("Certificate published") : tr("Certificate revoked"), QStringLiteral("none"),
            QString());
        return row;
    default: return std::nullopt;
    }
}

} // namespace berth::gui
