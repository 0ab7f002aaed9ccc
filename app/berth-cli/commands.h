#pragma once

#include "txsender.h"

#include <address.h>
#include <hash.h>
#include <transaction.h>

#include <QJsonObject>
#include <QString>

#include <memory>

namespace berth::cli {

class CommandLine;
class Output;
class RpcClient;
class Wallet;

/**
 * The berth-cli commands, one method each. The dispatcher (Cli) has already checked the
 * command's shape (arguments and allowed options); each method first converts and validates
 * every argument, so bad input is a usage error before any key is unlocked or the node is
 * contacted, then reads from the node's RPC or signs and sends a transaction with the --from
 * key, and prints one result through Output: the RPC's JSON (or the transaction's id, block
 * and any order id) with --json, a readable summary without. The node connection, keystore
 * and transaction sender are created on first use, so commands that need no node work
 * without one.
 */
class Commands
{
public:
    Commands(const CommandLine& line, const Output& out);
    ~Commands();

    void status();
    void keys_add();
    void keys_list();
    void keys_show();
    void network_init();
    void faucet();
    void account_show();
    void transfer();
    void provider_register();
    void provider_offer();
    void provider_stake();
    void provider_unstake();
    void providers();
    void order_create();
    void order_list();
    void order_cancel();
    void bid_create();
    void lease_list();
    void lease_show();
    void lease_update();
    void lease_close();
    void lease_deposit();
    void lease_exit();
    void lease_manifest();
    void lease_status();
    void lease_logs();
    void cert_create();
    void cert_revoke();
    void events();
    void withdraw();

    /** The data directory: --datadir, or berthd's default (AppDataLocation/devnet of the application "berth"). */
    static QString default_datadir();

private:
    RpcClient& rpc();
    Wallet& wallet();
    TxSender& sender();
    QString datadir() const;
    /** The --from key name; a usage error when it is missing. */
    QString from_name() const;
    /** Unlocks the --from key and sends `payload` with it. */
    TxOutcome send_from(const QString& from, const tx::Payload& payload);
    /** Puts the provider's receipt from a 202 answer on chain (ManifestDelivered) for a lease in LEASE_READY; says what happened. */
    QString post_delivery_receipt(const QString& from, JobId id, const Hash256& hash, const QJsonObject& answer);
    /** Prints a decided transaction with extra JSON fields and a one-line summary. */
    void report(const TxOutcome& outcome, QJsonObject extra, const QString& summary) const;
    /** Sends a payload that acts on one lease and reports it. */
    void lease_action(const tx::Payload& payload, JobId id, const QString& from, const QString& done);
    void stake_change(bool stake);
    /** Keeps a copy of the manifest in the data directory, where the node finds it to re-upload after a reassignment. */
    Hash256 keep_manifest(const QByteArray& manifest) const;
    /** --timeout in seconds for an upload's retries, as milliseconds. */
    int upload_timeout_ms() const;

    const CommandLine& m_line;
    const Output& m_out;
    std::unique_ptr<RpcClient> m_rpc;
    std::unique_ptr<Wallet> m_wallet;
    std::unique_ptr<TxSender> m_sender;
};

} // namespace berth::cli
