#pragma once

#include "providerrow.h"

#include <account.h>
#include <address.h>
#include <state.h>

#include <QMetaType>
#include <QString>

#include <optional>

namespace berth::gui {

/**
 * The account the GUI acts as, copied out of the ledger on the node's thread: its key name
 * and address, its balances and stake, its provider record when it is one, and whether the
 * certificate files in DATADIR/certs hold the certificate the chain has registered for it.
 * The Wallet, Provider and Settings pages show it; it travels with every block.
 */
struct IdentityRow {
    QString name;
    QString address;
    /** A devnet demo account: it unlocks with the devnet's public passphrase. */
    bool demo = false;
    Account account;
    std::optional<ProviderRow> provider;
    bool certificate_files = false;
    /** A PublishCertificate of this identity is on its way to the chain. */
    bool certificate_pending = false;

    static IdentityRow from(const QString& name, const Address& address, const State& state);
    /** What live jobs lock of the stake: only a provider's jobs lock any. */
    Amount locked_stake() const { return provider ? provider->stake_locked : Amount(0); }
    Amount unlocked_stake() const { return account.stake - locked_stake(); }
};

/** One key of the keystore, as the Settings page lists it. */
struct AccountRow {
    QString name;
    QString address;
    bool demo = false;
};

} // namespace berth::gui

Q_DECLARE_METATYPE(berth::gui::IdentityRow)
Q_DECLARE_METATYPE(berth::gui::AccountRow)
