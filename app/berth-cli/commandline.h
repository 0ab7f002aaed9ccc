#pragma once

#include "clierror.h"

#include <amount.h>
#include <job.h>
#include <price.h>

#include <QMap>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace berth::cli {

/**
 * The parsed arguments of one berth-cli invocation. Options may appear anywhere, before or
 * after the command words, as "--name VALUE" or "--name=VALUE"; a value never starts with
 * "--" (write "--name=--x" for that), and "--" ends the options. The flags --json, --help
 * (-h), --version, --provider and --follow take no value; every other option takes one. The global
 * options --rpc, --rpc-cookie, --datadir, --from and --json are read here; a command states the options and
 * the number of arguments it accepts with expect(), which refuses anything else. Values are
 * converted by the typed readers, which name the option in their usage errors: token amounts
 * as whole-token decimals of a denomination, base-unit amounts as integers, prices as rates
 * (core/price.h) from base units per second or USDC per hour.
 * A problem found while parsing is kept and thrown by check(), so --json is known even then.
 */
class CommandLine
{
public:
    /** Parses the arguments after the program name. */
    explicit CommandLine(const QStringList& arguments);

    /** Throws the CliError::usage of the first problem found while parsing, if any. */
    void check() const;

    bool json() const { return m_json; }
    bool help() const { return m_help; }
    bool version() const { return m_version; }
    /** The --rpc value or berthd's default RPC URL. */
    QString rpc() const;
    std::optional<QString> datadir() const { return optional(QStringLiteral("datadir")); }
    /** --rpc-cookie: the node's RPC cookie file, when it is not in the data directory. */
    std::optional<QString> rpc_cookie() const { return optional(QStringLiteral("rpc-cookie")); }
    std::optional<QString> from() const { return optional(QStringLiteral("from")); }

    /** Command words and their arguments, in order. */
    const QStringList& positionals() const { return m_positionals; }

    /**
     * Checks this command's shape: after `command_words` words come `min_args` to `max_args`
     * arguments, and only the global options and `allowed` options are present.
     */
    void expect(int command_words, int min_args, int max_args, const QStringList& allowed, const QString& usage);

    bool has(const QString& name) const { return m_options.contains(name); }
    bool flag(const QString& name) const { return m_flags.contains(name); }
    std::optional<QString> optional(const QString& name) const;
    /** The value of a required option; a usage error names it when it is missing. */
    QString required(const QString& name) const;
    /** The command argument at `index` (after the command words); expect() guaranteed it exists. */
    QString argument(int index) const;

    /** A whole-token decimal such as "100" or "0.5" of `denom`, converted to base units. */
    static Amount token_amount(const QString& text, Denom denom, const QString& what);
    /** A plain integer of base units. */
    static Amount base_units(const QString& text, const QString& what);
    /**
     * A per-second price as a rate (core/price.h), from --STEM-per-s (USDC base units per second
     * with up to 12 decimals) or --STEM-per-hour (decimal USDC per hour, rounded down to the next
     * rate); nullopt when neither is given, a usage error when both are or a per-hour price rounds to zero.
     */
    std::optional<Amount> price(const QString& stem) const;
    /** As price(), but one of the two options must be given. */
    Amount required_price(const QString& stem) const;
    /** An unsigned 32-bit count of at least `minimum`. */
    static std::uint32_t count(const QString& text, std::uint32_t minimum, const QString& what, std::uint32_t maximum = UINT32_MAX);
    /** An order, lease or job id: a decimal integer. */
    static JobId id(const QString& text, const QString& what);
    /** A block height: a decimal integer. */
    static std::uint64_t height(const QString& text, const QString& what);

private:
    static std::uint64_t unsigned_integer(const QString& text, const QString& what, const QString& kind);

    bool m_json = false;
    bool m_help = false;
    bool m_version = false;
    QStringList m_flags;
    QMap<QString, QString> m_options;
    QStringList m_positionals;
    QStringList m_missing_value;
    int m_command_words = 0;
    QString m_error;
};

} // namespace berth::cli
