#pragma once

#include "identityrow.h"

#include <QAbstractListModel>
#include <QList>

namespace berth::gui {

/**
 * The keystore's accounts for the Settings page, sorted by name: each with its address,
 * whether it is a devnet demo account (those unlock without a passphrase), and whether it is
 * the identity the GUI acts as now. Accounts are only ever added (created or imported), so an
 * update inserts the new rows where they belong; the one reset is the start-up load.
 */
class AccountListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role { NameRole = Qt::UserRole + 1, AddressRole, DemoRole, CurrentRole };
    Q_ENUM(Role)

    explicit AccountListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void load(const QList<AccountRow>& accounts);
    /** Inserts the accounts not listed yet; `accounts` is the keystore's full, sorted list. */
    void apply(const QList<AccountRow>& accounts);
    void set_current(const QString& name);

    /** The row of `name`, or -1. */
    int row_of(const QString& name) const;
    const AccountRow* find(const QString& name) const;
    int count() const { return static_cast<int>(m_accounts.size()); }

Q_SIGNALS:
    void countChanged();

private:
    QList<AccountRow> m_accounts;
    QString m_current;
};

} // namespace berth::gui
