#pragma once

#include <amount.h>

#include <QJsonValue>
#include <QString>

namespace berth::cli {

class CliError;

/**
 * Where berth-cli's results and failures go. With --json a result is exactly one compact JSON
 * document on stdout and a failure is {"error":{"code","message"}} on stderr; without it the
 * command's readable text goes to stdout and "berth-cli: MESSAGE" to stderr. The static
 * helpers render the base-unit decimal strings of the RPC for people: "12.5 USDC",
 * "1000 POND", and prices per second in USDC with the hourly rate beside them.
 */
class Output
{
public:
    explicit Output(bool json) : m_json(json) {}

    bool json() const { return m_json; }

    /** Prints one result: `document` with --json, `human` (a trailing newline is added) without. */
    void result(const QJsonValue& document, const QString& human) const;
    /** Prints a failure and returns the exit status to use. */
    int failure(const CliError& error) const;
    /** Prints text on stdout regardless of --json (help in human mode). */
    static void text(const QString& text);

    /** Base units (a decimal string or an Amount) as "12.5 USDC"; a malformed string is shown as is. */
    static QString amount(const QJsonValue& base_units, Denom denom);
    static QString amount(const Amount& base_units, Denom denom);
    /** A price in JSON (decimal USDC base units per second) as "0.000009 USDC/s (0.0324 USDC/h)". */
    static QString price(const QJsonValue& base_units_per_s);
    /** A rate (core/price.h) as "0.000009 USDC/s (0.0324 USDC/h)". */
    static QString price(const Amount& rate);
    /** A rate as JSON shows it: decimal USDC base units per second ("9", "3.416666666666"). */
    static QString price_per_s(const Amount& rate);
    /** A rate as decimal USDC per hour, rounded to 12 decimals ("0.0123"). */
    static QString price_per_hour(const Amount& rate);

private:
    bool m_json;
};

} // namespace berth::cli
