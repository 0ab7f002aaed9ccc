#include "commandline.h"

#include <algorithm>
#include <stdexcept>

namespace berth::cli {

namespace {

const QStringList flag_names{QStringLiteral("json"), QStringLiteral("help"), QStringLiteral("version"), QStringLiteral("provider"),
                             QStringLiteral("follow")};
const QStringList global_options{QStringLiteral("rpc"), QStringLiteral("rpc-cookie"), QStringLiteral("datadir"), QStringLiteral("from")};

} // namespace

CommandLine::CommandLine(const QStringList& arguments)
{
    auto problem = [this](const QString& message) {
        if (m_error.isEmpty()) m_error = message;
    };
    bool options_ended = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& arg = arguments[i];
        if (options_ended) {
            m_positionals.append(arg);
            continue;
        }
        if (arg == QLatin1String("--")) {
            options_ended = true;
            continue;
        }
        if (arg == QLatin1String("-h")) {
            m_help = true;
            continue;
        }
        if (!arg.startsWith(QLatin1String("--"))) {
            if (arg.size() > 1 && arg.startsWith(QLatin1Char('-')) && !arg[1].isDigit())
                problem(QStringLiteral("unknown option '%1' (options are written --name)").arg(arg));
            else
                m_positionals.append(arg);
            continue;
        }
        QString name = arg.mid(2);
        std::optional<QString> value;
        const qsizetype equals = name.indexOf(QLatin1Char('='));
        if (equals >= 0) {
            value = name.mid(equals + 1);
            name.truncate(equals);
        }
        if (name.isEmpty()) {
            problem(QStringLiteral("'%1' is not an option").arg(arg));
            continue;
        }
        if (flag_names.contains(name)) {
            if (value) {
                problem(QStringLiteral("--%1 takes no value").arg(name));
                continue;
            }
            if (name == QLatin1String("json")) m_json = true;
            if (name == QLatin1String("help")) m_help = true;
            if (name == QLatin1String("version")) m_version = true;
            if (!m_flags.contains(name)) m_flags.append(name);
            continue;
        }
        if (!value) {
            if (i + 1 >= arguments.size() || arguments[i + 1].startsWith(QLatin1String("--"))) {
                // Reported by check() for a global option, else by expect() after unknown options.
                if (!m_missing_value.contains(name)) m_missing_value.append(name);
                continue;
            }
            value = arguments[++i];
        }
        if (m_options.contains(name)) {
            problem(QStringLiteral("--%1 is given twice").arg(name));
            continue;
        }
        m_options.insert(name, *value);
    }
}

void CommandLine::check() const
{
    if (!m_error.isEmpty()) throw CliError::usage(m_error);
    for (const QString& name : m_missing_value)
        if (global_options.contains(name)) throw CliError::usage(QStringLiteral("--%1 needs a value").arg(name));
    for (const QString& name : global_options)
        if (m_options.contains(name) && m_options.value(name).isEmpty())
            throw CliError::usage(QStringLiteral("--%1 must not be empty").arg(name));
}

QString CommandLine::rpc() const
{
    return m_options.value(QStringLiteral("rpc"), QStringLiteral("http://127.0.0.1:26657"));
}

void CommandLine::expect(int command_words, int min_args, int max_args, const QStringList& allowed, const QString& usage)
{
    const QString hint = QStringLiteral(" (usage: berth-cli %1)").arg(usage);
    for (auto it = m_options.begin(); it != m_options.end(); ++it)
        if (!global_options.contains(it.key()) && !allowed.contains(it.key()))
            throw CliError::usage(QStringLiteral("unknown option --%1").arg(it.key()) + hint);
    for (const QString& name : m_flags)
        if ((name == QLatin1String("provider") || name == QLatin1String("follow")) && !allowed.contains(name))
            throw CliError::usage(QStringLiteral("unknown option --%1").arg(name) + hint);
    for (const QString& name : m_missing_value)
        if (!allowed.contains(name)) throw CliError::usage(QStringLiteral("unknown option --%1").arg(name) + hint);
    if (!m_missing_value.isEmpty()) throw CliError::usage(QStringLiteral("--%1 needs a value").arg(m_missing_value.first()) + hint);
    const qsizetype args = m_positionals.size() - command_words;
    if (args < min_args)
        throw CliError::usage(
            (min_args - args == 1 && max_args == min_args ? QStringLiteral("missing argument") : QStringLiteral("missing arguments")) + hint);
    if (args > max_args) throw CliError::usage(QStringLiteral("unexpected argument '%1'").arg(m_positionals[command_words + max_args]) + hint);
    m_command_words = command_words;
}

std::optional<QString> CommandLine::optional(const QString& name) const
{
    if (!m_options.contains(name)) return std::nullopt;
    return m_options.value(name);
}

QString CommandLine::required(const QString& name) const
{
    if (!m_options.contains(name)) throw CliError::usage(QStringLiteral("missing option --%1").arg(name));
    return m_options.value(name);
}

QString CommandLine::argument(int index) const
{
    return m_positionals.value(m_command_words + index);
}

Amount CommandLine::token_amount(const QString& text, Denom denom, const QString& what)
{
    try {
        return parse_amount(text.toStdString(), decimals(denom));
    } catch (const std::invalid_argument& e) {
        throw CliError::usage(QStringLiteral("%1 must be an amount of %2 in whole tokens such as 100 or 0.5: %3")
                                  .arg(what, QString::fromLatin1(denom_name(denom).data(), static_cast<qsizetype>(denom_name(denom).size())),
                                       QString::fromUtf8(e.what())));
    }
}

Amount CommandLine::base_units(const QString& text, const QString& what)
{
    try {
        return parse_base_units(text.toStdString());
    } catch (const std::invalid_argument& e) {
        throw CliError::usage(
            QStringLiteral("%1 must be a whole number of base units (USDC micro-units): %2").arg(what, QString::fromUtf8(e.what())));
    }
}

std::optional<Amount> CommandLine::price(const QString& stem) const
{
    const QString per_s = stem + QStringLiteral("-per-s");
    const QString per_hour = stem + QStringLiteral("-per-hour");
    const auto s_text = optional(per_s);
    const auto h_text = optional(per_hour);
    if (s_text && h_text) throw CliError::usage(QStringLiteral("give either --%1 or --%2, not both").arg(per_s, per_hour));
    if (!s_text && !h_text) return std::nullopt;
    Amount rate;
    try {
        rate = s_text ? price::parse_per_s(s_text->toStdString()) : price::parse_per_hour(h_text->toStdString());
    } catch (const std::invalid_argument& e) {
        throw CliError::usage(s_text
                                  ? QStringLiteral("--%1 must be USDC base units per second such as 9 or 5.555555555555 "
                                                   "(at most 12 decimals): %2")
                                        .arg(per_s, QString::fromUtf8(e.what()))
                                  : QStringLiteral("--%1 must be USDC per hour such as 0.0123: %2").arg(per_hour, QString::fromUtf8(e.what())));
    }
    // A per-hour price that rounds down to nothing would silently become free (or withdraw an offer).
    if (h_text && rate == 0 && parse_amount(h_text->toStdString(), decimals(Denom::USDC) + price::rate_decimals) != 0)
        throw CliError::usage(QStringLiteral("--%1 %2 is below the smallest price, 0.0000000000000036 USDC per hour "
                                             "(10^-12 base units per second)")
                                  .arg(per_hour, *h_text));
    return rate;
}

Amount CommandLine::required_price(const QString& stem) const
{
    if (auto rate = price(stem)) return *rate;
    throw CliError::usage(QStringLiteral("missing option --%1-per-s or --%1-per-hour").arg(stem));
}

std::uint64_t CommandLine::unsigned_integer(const QString& text, const QString& what, const QString& kind)
{
    bool ok = false;
    const qulonglong value = text.toULongLong(&ok);
    const bool digits_only =
        !text.isEmpty() && std::all_of(text.begin(), text.end(), [](QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); });
    if (!ok || !digits_only) throw CliError::usage(QStringLiteral("%1 must be %2, not '%3'").arg(what, kind, text));
    return value;
}

std::uint32_t CommandLine::count(const QString& text, std::uint32_t minimum, const QString& what, std::uint32_t maximum)
{
    const std::uint64_t value = unsigned_integer(text, what, QStringLiteral("a whole number"));
    if (value < minimum || value > maximum)
        throw CliError::usage(QStringLiteral("%1 must be %2 to %3, not %4").arg(what).arg(minimum).arg(maximum).arg(text));
    return static_cast<std::uint32_t>(value);
}

JobId CommandLine::id(const QString& text, const QString& what)
{
    return unsigned_integer(text, what, QStringLiteral("a numeric id such as 12"));
}

std::uint64_t CommandLine::height(const QString& text, const QString& what)
{
    return unsigned_integer(text, what, QStringLiteral("a block height"));
}

} // namespace berth::cli
