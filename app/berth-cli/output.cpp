#include "output.h"

#include "clierror.h"

#include <price.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <stdexcept>

namespace berth::cli {

namespace {

void write(FILE* stream, const QByteArray& bytes)
{
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stream);
    std::fflush(stream);
}

QString denom_text(Denom denom)
{
    const std::string_view name = denom_name(denom);
    return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

} // namespace

void Output::result(const QJsonValue& document, const QString& human) const
{
    if (m_json) {
        const QJsonDocument doc = document.isArray() ? QJsonDocument(document.toArray()) : QJsonDocument(document.toObject());
        write(stdout, doc.toJson(QJsonDocument::Compact) + '\n');
        return;
    }
    QString out = human;
    if (!out.endsWith(QLatin1Char('\n'))) out += QLatin1Char('\n');
    write(stdout, out.toUtf8());
}

int Output::failure(const CliError& error) const
{
    if (m_json) {
        const QJsonObject body{{"error", QJsonObject{{"code", error.code()}, {"message", error.message()}}}};
        write(stderr, QJsonDocument(body).toJson(QJsonDocument::Compact) + '\n');
    } else {
        write(stderr, (QStringLiteral("berth-cli: ") + error.message() + QLatin1Char('\n')).toUtf8());
    }
    return error.exit_code();
}

void Output::text(const QString& text)
{
    write(stdout, text.toUtf8());
}

QString Output::amount(const QJsonValue& base_units, Denom denom)
{
    const QString text = base_units.toString();
    try {
        return amount(parse_base_units(text.toStdString()), denom);
    } catch (const std::invalid_argument&) {
        return text + QLatin1Char(' ') + denom_text(denom);
    }
}

QString Output::amount(const Amount& base_units, Denom denom)
{
    return QString::fromStdString(format_amount(base_units, decimals(denom))) + QLatin1Char(' ') + denom_text(denom);
}

QString Output::price(const QJsonValue& base_units_per_s)
{
    const QString text = base_units_per_s.toString();
    try {
        return price(price::parse_per_s(text.toStdString()));
    } catch (const std::exception&) {
        return text + QStringLiteral(" base units/s");
    }
}

QString Output::price(const Amount& rate)
{
    return QStringLiteral("%1 USDC/s (%2 USDC/h)")
        .arg(QString::fromStdString(format_amount(rate, decimals(Denom::USDC) + price::rate_decimals)), price_per_hour(rate));
}

QString Output::price_per_s(const Amount& rate)
{
    return QString::fromStdString(price::format_per_s(rate));
}

QString Output::price_per_hour(const Amount& rate)
{
    return QString::fromStdString(price::format_per_hour(rate));
}

} // namespace berth::cli
