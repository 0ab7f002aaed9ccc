#pragma once

#include <address.h>
#include <privatekey.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace berth::cli {

class RpcClient;

/**
 * The CLI's accounts: the encrypted keystore in DATADIR/keys plus the names a node publishes.
 * It creates keys (scrypt N = Keystore::default_scrypt_n) encrypted with the passphrase from
 * BERTH_PASSPHRASE or, when that is unset or empty, typed twice on the terminal; without either
 * it refuses, so that no new key is ever encrypted with the devnet's public passphrase. It
 * unlocks keys with BERTH_PASSPHRASE, else with the demo passphrase for the devnet's own demo
 * accounts (names the node publishes while its chain is "berth-devnet"), else with one typed
 * on the terminal. It resolves an account argument
 * as a stored key, then a published name, then a literal berth address. Every keystore
 * failure becomes a CliError with code "keystore" and a message naming the key and the cause.
 */
class Wallet
{
public:
    static constexpr const char* passphrase_variable = "BERTH_PASSPHRASE";
    static constexpr const char* devnet_chain_id = "berth-devnet";

    Wallet(QString datadir, RpcClient& rpc);

    QString keys_directory() const;

    /** Creates and stores a new random key. */
    Address create(const QString& name);
    /** Unlocks a stored key for signing. */
    PrivateKey unlock(const QString& name);
    /** The stored address of a key; a "keystore" error listing the known keys when there is none. */
    Address stored_address(const QString& name);
    /** An account by key name, published name or address; a "keystore" error when none matches. */
    Address resolve(const QString& account);
    /** The stored keys as [{"name","address"}], sorted by name; needs no node and no passphrase. */
    QJsonArray list() const;
    /** Stores the encrypted key file at `path` as key `name`, as it is; returns its address. */
    Address import_file(const QString& name, const QString& path);
    /** Writes key `name`'s encrypted file to `path` (mode 0600), all or nothing. */
    void export_file(const QString& name, const QString& path) const;

private:
    QString passphrase(const QString& name, bool creating);
    QString new_passphrase(const QString& name);
    bool is_devnet();
    std::optional<QJsonObject> published_names();
    [[noreturn]] void unknown_key(const QString& name);

    QString m_datadir;
    RpcClient& m_rpc;
    std::optional<QJsonObject> m_names;
};

} // namespace berth::cli
