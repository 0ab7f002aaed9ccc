#include "amountinput.h"

#include <price.h>

#include <exception>

namespace berth::gui {

AmountInput::AmountInput(QObject* parent) : QObject(parent)
{
    update();
}

void AmountInput::setText(const QString& text)
{
    if (text == m_text) return;
    m_text = text;
    update();
}

void AmountInput::setKind(Kind kind)
{
    if (kind == m_kind) return;
    m_kind = kind;
    update();
}

void AmountInput::setRequired(bool required)
{
    if (required == m_required) return;
    m_required = required;
    update();
}

QString AmountInput::unit() const
{
    switch (m_kind) {
    case Kind::Usdc: return QStringLiteral("USDC");
    case Kind::Pond: return QStringLiteral("POND");
    case Kind::UsdcPerSecond: return QStringLiteral("USDC/s");
    }
    return QString();
}

void AmountInput::update()
{
    m_value.reset();
    m_error.clear();
    if (!m_text.trimmed().isEmpty() || m_required) m_value = parse(m_text, m_kind, &m_error);
    Q_EMIT changed();
}

int AmountInput::decimals_of(Kind kind)
{
    switch (kind) {
    case Kind::Usdc: return static_cast<int>(berth::decimals(Denom::USDC));
    case Kind::Pond: return static_cast<int>(berth::decimals(Denom::POND));
    case Kind::UsdcPerSecond: return static_cast<int>(berth::decimals(Denom::USDC) + price::rate_decimals);
    }
    return 0;
}

QString AmountInput::problem(const QString& text, Kind kind)
{
    QString error;
    parse(text, kind, &error);
    return error;
}

std::optional<Amount> AmountInput::parse(const QString& amount, Kind kind, QString* error)
{
    const QString text = amount.trimmed();
    auto fail = [error](const QString& message) {
        if (error) *error = message;
        return std::nullopt;
    };
    const bool pond = kind == Kind::Pond;
    if (text.isEmpty()) return fail(pond ? tr("Enter an amount in POND.") : tr("Enter an amount in USDC."));
    if (text.startsWith(QLatin1Char('-'))) return fail(tr("The amount must be positive."));
    const qsizetype dot = text.indexOf(QLatin1Char('.'));
    if (dot >= 0 && text.size() - dot - 1 > decimals_of(kind)) {
        switch (kind) {
        case Kind::Usdc: return fail(tr("USDC has at most 6 decimals."));
        case Kind::Pond: return fail(tr("POND has at most 18 decimals."));
        case Kind::UsdcPerSecond: return fail(tr("A price per second has at most 18 decimals of USDC."));
        }
    }
    try {
        // A price is read as a rate, 12 decimals finer than the base unit (core/price.h).
        const Amount value = kind == Kind::UsdcPerSecond ? price::parse_usdc_per_s(text.toStdString())
                                                         : parse_amount(text.toStdString(), static_cast<unsigned>(decimals_of(kind)));
        if (value == 0) return fail(tr("The amount must be positive."));
        return value;
    } catch (const std::exception&) {
        return fail(pond ? tr("Not a POND amount: %1").arg(text) : tr("Not a USDC amount: %1").arg(text));
    }
}

} // namespace berth::gui
