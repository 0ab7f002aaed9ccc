#pragma once

#include "txsender.h"

#include <address.h>
#include <hash.h>
#include <orderdraft.h>
#include <transaction.h>

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>

namespace berth::cli {

class CliError;
class CommandLine;
class Output;
class RpcClient;
class Wallet;

/**
 * What every berth-cli command works with: the parsed command line, the output, and the node
 * connection, keystore and transaction sender, each created on first use so that commands that
 * need no node work without one. It also holds the steps several commands share: naming the
 * --from key, signing and sending with it, reporting a decided transaction, and reading,
 * checking and keeping a manifest file through the node's OrderDraft, with its failures turned
 * into the CLI's error codes. One context serves one command; the command groups
 * (AccountCommands, MarketCommands, LeaseCommands) borrow it.
 */
class CommandContext
{
public:
    CommandContext(const CommandLine& line, const Output& out);
    ~CommandContext();

    /** The data directory: --datadir, or berthd's default (AppDataLocation/devnet of the application "berth"). */
    static QString default_datadir();

    const CommandLine& line() const { return m_line; }
    const Output& out() const { return m_out; }
    RpcClient& rpc();
    Wallet& wallet();
    TxSender& sender();
    QString datadir() const;
    /** The --from key name; a usage error when it is missing. */
    QString from_name() const;
    /** Unlocks the --from key and sends `payload` with it. */
    TxOutcome send_from(const QString& from, const tx::Payload& payload);
    /** Prints a decided transaction with extra JSON fields and a one-line summary. */
    void report(const TxOutcome& outcome, QJsonObject extra, const QString& summary) const;
    /** Sends a payload that acts on one lease and reports it. */
    void lease_action(const tx::Payload& payload, JobId id, const QString& from, const QString& done);

    /**
     * A manifest file's bytes, refused when it cannot be read (a usage error naming the file) or
     * when the strict parser rejects it (invalid_manifest naming the field): an order must not
     * lock escrow for a manifest no provider would accept.
     */
    static QByteArray read_manifest(const QString& path, const QString& option);
    /** Keeps a copy of the manifest in the data directory, where the node finds it to re-upload after a reassignment. */
    Hash256 keep_manifest(const QByteArray& manifest) const;
    /** The order for `terms` with its manifest kept as keep_manifest() does. */
    tx::CreateOrder draft_order(const OrderTerms& terms, const QByteArray& manifest) const;
    /** --timeout in seconds for an upload's retries, as milliseconds. */
    int upload_timeout_ms() const;

private:
    /** The CLI's error for an order or manifest OrderDraft refused. */
    static CliError draft_error(const OrderDraftError& error);

    const CommandLine& m_line;
    const Output& m_out;
    std::unique_ptr<RpcClient> m_rpc;
    std::unique_ptr<Wallet> m_wallet;
    std::unique_ptr<TxSender> m_sender;
};

} // namespace berth::cli
