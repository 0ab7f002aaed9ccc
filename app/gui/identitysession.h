#pragma once

#include "actionoutcome.h"
#include "identityrow.h"

#include <address.h>
#include <hash.h>
#include <keystore.h>
#include <mempool.h>
#include <privatekey.h>
#include <transaction.h>

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace berth {
class Node;
}

namespace berth::gui {

/**
 * Who the app acts as, on the node thread: a key of the keystore in DATADIR/keys, unlocked here
 * and never on the GUI thread, whose key signs every request. It also keeps the keystore's
 * accounts (create, import from a file, export to one) and knows whether the certificate files
 * on disk hold the certificate the chain has registered for the identity. Nothing outside it
 * touches the unlocked key.
 */
class IdentitySession
{
    Q_DECLARE_TR_FUNCTIONS(IdentitySession)

public:
    IdentitySession(const Node& node, QString datadir, bool devnet, QString name);

    const QString& name() const { return m_name; }
    const Address& owner() const { return m_owner; }
    bool unlocked() const { return m_key.has_value(); }
    /** The unlocked key; throws std::runtime_error when the identity is locked. */
    const PrivateKey& signing_key() const;

    /** Unlocks `name` and makes it the identity (a demo account needs no passphrase); throws KeystoreError and keeps the old one. */
    void adopt(const QString& name, const QString& passphrase);
    /** Adopts the start-up identity, or keeps its address (if any) locked when it cannot be unlocked. */
    void adopt_at_start();
    /** Signs `payload` with the identity's key and next nonce and submits it: nullopt when the mempool took it. Throws when locked. */
    std::optional<Rejection> sign_and_submit(Node& node, tx::Payload payload, Hash256* id = nullptr) const;
    /** sign_and_submit as an outcome of `action`. */
    ActionOutcome send(Node& node, NodeAction action, JobId lease, const tx::Payload& payload) const;

    /** The identity's row for the pages; `certificate_pending` comes from whoever publishes. */
    IdentityRow row(bool certificate_pending) const;
    QList<AccountRow> accounts() const;
    ActionOutcome create_account(const QString& name, const QString& passphrase);
    ActionOutcome import_account(const QString& name, const QString& path);
    ActionOutcome export_account(const QString& name, const QString& path) const;
    /** Re-reads whether the certificate files hold the chain's certificate of the identity. */
    void refresh_certificate_files();

    /** A keystore failure as an outcome's code. */
    static QString code_of(const KeystoreError& error);

private:
    Keystore keystore() const;
    bool is_demo(const QString& name, const Address& address) const;
    /** Runs `add`, which stores a key, as `action`'s outcome. */
    ActionOutcome add_account(NodeAction action, const std::function<void()>& add);

    const Node& m_node;
    QString m_datadir;
    bool m_devnet = false;
    QString m_name;
    Address m_owner;
    std::optional<PrivateKey> m_key;
    bool m_certificate_files = false;
};

} // namespace berth::gui
