#pragma once

#include <QString>

#include <stdexcept>

namespace berth::cli {

/**
 * A berth-cli failure as the user sees it: a stable machine-readable code (the node's or the
 * ledger's own code when it gave one, else "usage", "unreachable", "timeout", "keystore",
 * "not_available", "bad_response"), a message that names the cause, and the process exit
 * status, 2 for usage errors and 1 for everything else.
 */
class CliError : public std::runtime_error
{
public:
    static constexpr int usage_exit = 2;
    static constexpr int failure_exit = 1;

    CliError(QString code, QString message, int exit_code = failure_exit)
        : std::runtime_error(message.toStdString()), m_code(std::move(code)), m_message(std::move(message)), m_exit_code(exit_code)
    {}

    /** A usage error: bad or missing arguments; exit status 2. */
    static CliError usage(const QString& message) { return CliError(QStringLiteral("usage"), message, usage_exit); }

    const QString& code() const { return m_code; }
    const QString& message() const { return m_message; }
    int exit_code() const { return m_exit_code; }

private:
    QString m_code;
    QString m_message;
    int m_exit_code;
};

} // namespace berth::cli
