#include "wallet.h"

#include "clierror.h"
#include "rpcclient.h"

#include <devnet.h>
#include <keyfiles.h>
#include <keystore.h>

#include <QDir>

#include <iostream>
#include <optional>
#include <string>

#include <termios.h>
#include <unistd.h>

namespace berth::cli {

namespace {

QString from_std(const std::string& text)
{
    return QString::fromStdString(text);
}

CliError keystore_error(const KeystoreError& e)
{
    return CliError(QStringLiteral("keystore"), QString::fromUtf8(e.what()));
}

/** Reads one line from the terminal on standard input without echoing it; nullopt when standard input is no terminal. */
std::optional<QString> ask_on_terminal(const QString& prompt)
{
    if (!::isatty(STDIN_FILENO)) return std::nullopt;
    std::cerr << prompt.toStdString() << std::flush;
    termios saved{};
    const bool hidden = ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (hidden) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    const bool read = static_cast<bool>(std::getline(std::cin, line));
    if (hidden) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::cerr << std::endl;
    if (!read) return std::nullopt;
    return QString::fromStdString(line);
}

} // namespace

Wallet::Wallet(QString datadir, RpcClient& rpc) : m_datadir(std::move(datadir)), m_rpc(rpc) {}

QString Wallet::keys_directory() const
{
    return KeyFiles::keys_directory(m_datadir);
}

Address Wallet::create(const QString& name)
{
    if (!Keystore::is_valid_name(name))
        throw CliError::usage(QStringLiteral("'%1' is not a valid key name: use 1 to %2 characters of A-Z, a-z, 0-9, '_', '.', '-'")
                                  .arg(name)
                                  .arg(Keystore::max_name_length));
    try {
        Keystore keystore(keys_directory(), Keystore::default_scrypt_n);
        if (keystore.address(name))
            throw CliError(QStringLiteral("keystore"),
                           QStringLiteral("a key named '%1' already exists in %2; keys are never overwritten").arg(name, keys_directory()));
        return keystore.create(name, passphrase(name, true));
    } catch (const KeystoreError& e) {
        throw keystore_error(e);
    }
}

PrivateKey Wallet::unlock(const QString& name)
{
    stored_address(name);
    const QString secret = passphrase(name, false);
    try {
        return Keystore(keys_directory()).unlock(name, secret);
    } catch (const KeystoreError& e) {
        if (e.code() == KeystoreError::Code::WrongPassphrase && secret == QLatin1String(Devnet::demo_passphrase))
            throw CliError(QStringLiteral("keystore"),
                           QStringLiteral("cannot unlock key '%1' with the devnet passphrase: set %2 to its passphrase")
                               .arg(name, QLatin1String(passphrase_variable)));
        throw keystore_error(e);
    }
}

Address Wallet::stored_address(const QString& name)
{
    try {
        if (Keystore::is_valid_name(name))
            if (const auto address = Keystore(keys_directory()).address(name)) return *address;
    } catch (const KeystoreError& e) {
        throw keystore_error(e);
    }
    unknown_key(name);
}

Address Wallet::resolve(const QString& account)
{
    try {
        if (Keystore::is_valid_name(account))
            if (const auto address = Keystore(keys_directory()).address(account)) return *address;
    } catch (const KeystoreError& e) {
        throw keystore_error(e);
    }
    if (const auto address = Address::parse(account.toStdString())) return *address;
    if (const auto names = published_names(); names && names->value(account).isString())
        if (const auto address = Address::parse(names->value(account).toString().toStdString())) return *address;
    unknown_key(account);
}

QJsonArray Wallet::list() const
{
    QJsonArray out;
    try {
        for (const StoredKey& key : KeyFiles(m_datadir).list())
            out.append(QJsonObject{{"name", key.name}, {"address", key.address ? from_std(key.address->str()) : QString()}});
    } catch (const KeystoreError& e) {
        throw keystore_error(e);
    }
    return out;
}

Address Wallet::import_file(const QString& name, const QString& path)
{
    try {
        return KeyFiles(m_datadir).import_from(name, path);
    } catch (const KeystoreError& e) {
        throw keystore_error(e);
    }
}

void Wallet::export_file(const QString& name, const QString& path) const
{
    try {
        KeyFiles(m_datadir).export_to(name, path);
    } catch (const KeystoreError& e) {
        throw keystore_error(e);
    }
}

QString Wallet::passphrase(const QString& name, bool creating)
{
    const QString from_environment = qEnvironmentVariable(passphrase_variable);
    if (!from_environment.isEmpty()) return from_environment;
    if (creating) return new_passphrase(name);

    QString why;
    try {
        // Only accounts the devnet itself created (its genesis demo accounts, whose names the
        // node publishes) are encrypted with the public demo passphrase.
        const auto names = published_names();
        if (names && names->contains(name) && is_devnet()) return QString::fromLatin1(Devnet::demo_passphrase);
        why = names && names->contains(name) ? QStringLiteral("the node is not the devnet")
                                             : QStringLiteral("'%1' is not one of the devnet's demo accounts").arg(name);
    } catch (const CliError& e) {
        why = QStringLiteral("the node could not be asked whether it is the devnet: %1").arg(e.message());
    }
    if (const auto typed = ask_on_terminal(QStringLiteral("Passphrase of key '%1': ").arg(name)); typed && !typed->isEmpty()) return *typed;
    throw CliError(QStringLiteral("keystore"), QStringLiteral("no passphrase to unlock key '%1': set %2 or run the command on a terminal (%3)")
                                                   .arg(name, QLatin1String(passphrase_variable), why));
}

QString Wallet::new_passphrase(const QString& name)
{
    const auto first = ask_on_terminal(QStringLiteral("Passphrase for the new key '%1': ").arg(name));
    if (!first)
        throw CliError(QStringLiteral("keystore"),
                       QStringLiteral("no passphrase to encrypt the new key '%1': set %2 or run 'berth-cli keys add' on a terminal, "
                                      "where it asks for one; new keys are never encrypted with the devnet's public passphrase")
                           .arg(name, QLatin1String(passphrase_variable)));
    if (first->isEmpty()) throw CliError(QStringLiteral("keystore"), QStringLiteral("the passphrase of a new key must not be empty"));
    const auto second = ask_on_terminal(QStringLiteral("The same passphrase again: "));
    if (!second || *second != *first)
        throw CliError(QStringLiteral("keystore"), QStringLiteral("the two passphrases differ; key '%1' was not created").arg(name));
    return *first;
}

bool Wallet::is_devnet()
{
    const QJsonObject genesis = m_rpc.get_object(QStringLiteral("/genesis"));
    const QString chain_id = genesis.value(QLatin1String("params"))
                                 .toObject()
                                 .value(QLatin1String("chain_id"))
                                 .toString(genesis.value(QLatin1String("chain_id")).toString());
    return chain_id == QLatin1String(devnet_chain_id);
}

std::optional<QJsonObject> Wallet::published_names()
{
    if (!m_names) {
        try {
            m_names = m_rpc.get_object(QStringLiteral("/names"));
        } catch (const CliError&) {
            return std::nullopt;
        }
    }
    return m_names;
}

void Wallet::unknown_key(const QString& name)
{
    QStringList known;
    try {
        known = Keystore(keys_directory()).names();
    } catch (const KeystoreError&) {}
    QString message = QStringLiteral("no key named '%1' in %2").arg(name, keys_directory());
    message += known.isEmpty() ? QStringLiteral(" (it holds no keys; create one with 'berth-cli keys add NAME', or pass the "
                                                "--datadir of the node whose demo keys you want)")
                               : QStringLiteral(" (known keys: %1)").arg(known.join(QStringLiteral(", ")));
    try {
        // A common slip: the node runs with its own --datadir and the CLI looks in the default one.
        const QString node_datadir = m_rpc.get_object(QStringLiteral("/status")).value(QLatin1String("datadir")).toString();
        if (!node_datadir.isEmpty() && QDir(node_datadir) != QDir(m_datadir) && Keystore::is_valid_name(name) &&
            Keystore(KeyFiles::keys_directory(node_datadir)).address(name))
            message += QStringLiteral("; the node at %1 keeps a key of that name in its data directory: pass --datadir %2")
                           .arg(m_rpc.base().toString(), node_datadir);
    } catch (const std::exception&) {}
    throw CliError(QStringLiteral("keystore"), message);
}

} // namespace berth::cli
