#include "identitysession.h"

#include <devnet.h>
#include <keyfiles.h>
#include <node.h>
#include <qtbytes.h>
#include <tlsidentity.h>

#include <functional>
#include <stdexcept>

namespace berth::gui {

IdentitySession::IdentitySession(const Node& node, QString datadir, bool devnet, QString name)
    : m_node(node), m_datadir(std::move(datadir)), m_devnet(devnet), m_name(std::move(name))
{}

Keystore IdentitySession::keystore() const
{
    return Keystore(KeyFiles::keys_directory(m_datadir));
}

bool IdentitySession::is_demo(const QString& name, const Address& address) const
{
    // Only the devnet's own accounts, under their own names, unlock with its public passphrase.
    return m_devnet && m_node.roster().names.value(name) == address;
}

const PrivateKey& IdentitySession::signing_key() const
{
    if (!m_key) throw std::runtime_error("the account " + m_name.toStdString() + " is locked");
    return *m_key;
}

void IdentitySession::adopt(const QString& name, const QString& passphrase)
{
    const Keystore keys = keystore();
    const std::optional<Address> address = keys.address(name);
    if (!address) throw KeystoreError(KeystoreError::Code::UnknownName, "there is no key named " + name.toStdString());
    const QString secret = passphrase.isEmpty() && is_demo(name, *address) ? QString::fromLatin1(Devnet::demo_passphrase) : passphrase;
    PrivateKey key = keys.unlock(name, secret);
    m_key.emplace(std::move(key));
    m_name = name;
    m_owner = *address;
    refresh_certificate_files();
}

void IdentitySession::adopt_at_start()
{
    try {
        adopt(m_name, QString());
    } catch (const KeystoreError&) {
        // A locked or missing start-up identity: the pages show it empty, and Settings unlocks another one.
        m_key.reset();
        // No identity at all (a network joined before any key was made here) is no name.
        m_owner = Keystore::is_valid_name(m_name) ? keystore().address(m_name).value_or(Address()) : Address();
    }
}

std::optional<Rejection> IdentitySession::sign_and_submit(Node& node, tx::Payload payload, Hash256* id) const
{
    const PrivateKey& key = signing_key();
    const Transaction tx = Transaction::make(node.ledger().params().chain_id, key, node.next_nonce(m_owner), std::move(payload));
    if (id) *id = tx.id();
    return node.submit(tx);
}

ActionOutcome IdentitySession::send(Node& node, NodeAction action, JobId lease, const tx::Payload& payload) const
{
    try {
        Hash256 id;
        if (const auto rejection = sign_and_submit(node, payload, &id))
            return ActionOutcome::failure(action, QString::fromStdString(rejection->code), QString::fromStdString(rejection->message), lease);
        ActionOutcome outcome = ActionOutcome::success(action, lease);
        outcome.transaction_id = QString::fromStdString(id.hex());
        return outcome;
    } catch (const std::exception& e) {
        return ActionOutcome::failure(action, QStringLiteral("unavailable"), QString::fromStdString(e.what()), lease);
    }
}

IdentityRow IdentitySession::row(bool certificate_pending) const
{
    IdentityRow row = IdentityRow::from(m_name, m_owner, m_node.ledger().state());
    row.demo = is_demo(m_name, m_owner);
    row.certificate_files = m_certificate_files;
    row.certificate_pending = certificate_pending;
    return row;
}

QList<AccountRow> IdentitySession::accounts() const
{
    QList<AccountRow> out;
    for (const StoredKey& key : KeyFiles(m_datadir).list()) {
        AccountRow row;
        row.name = key.name;
        if (key.address) {
            row.address = QString::fromStdString(key.address->str());
            row.demo = is_demo(key.name, *key.address);
        }
        out.append(row);
    }
    return out;
}

void IdentitySession::refresh_certificate_files()
{
    m_certificate_files = false;
    const Account* account = m_node.ledger().state().accounts.find(m_owner);
    if (!account || account->certificate.empty()) return;
    try {
        const auto local = TlsIdentity::load(m_datadir, m_name);
        m_certificate_files = local && local->der() == to_qbytearray(account->certificate);
    } catch (const TlsIdentityError&) {
        // Corrupt files hold no usable certificate; the Settings page offers to create a new one.
    }
}

ActionOutcome IdentitySession::add_account(NodeAction action, const std::function<void()>& add)
{
    try {
        add();
    } catch (const KeystoreError& e) {
        return ActionOutcome::failure(action, code_of(e), QString::fromStdString(e.what()));
    }
    return ActionOutcome::success(action);
}

ActionOutcome IdentitySession::create_account(const QString& name, const QString& passphrase)
{
    return add_account(NodeAction::CreateAccount, [&] { keystore().create(name, passphrase); });
}

ActionOutcome IdentitySession::import_account(const QString& name, const QString& path)
{
    return add_account(NodeAction::ImportAccount, [&] { KeyFiles(m_datadir).import_from(name, path); });
}

ActionOutcome IdentitySession::export_account(const QString& name, const QString& path) const
{
    try {
        KeyFiles(m_datadir).export_to(name, path);
    } catch (const KeystoreError& e) {
        return ActionOutcome::failure(NodeAction::ExportAccount, code_of(e), QString::fromStdString(e.what()));
    }
    return ActionOutcome::success(NodeAction::ExportAccount);
}

QString IdentitySession::code_of(const KeystoreError& error)
{
    switch (error.code()) {
    case KeystoreError::Code::InvalidName: return QStringLiteral("invalid_name");
    case KeystoreError::Code::NameExists: return QStringLiteral("name_exists");
    case KeystoreError::Code::UnknownName: return QStringLiteral("unknown_name");
    case KeystoreError::Code::WrongPassphrase: return QStringLiteral("wrong_passphrase");
    case KeystoreError::Code::Malformed: return QStringLiteral("malformed");
    case KeystoreError::Code::InvalidParameter: return QStringLiteral("invalid_parameter");
    case KeystoreError::Code::Io: return QStringLiteral("io");
    case KeystoreError::Code::Crypto: return QStringLiteral("crypto");
    }
    return QStringLiteral("keystore");
}

} // namespace berth::gui
