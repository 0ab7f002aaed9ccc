#include "accountlistmodel.h"

#include <algorithm>

namespace berth::gui {

AccountListModel::AccountListModel(QObject* parent) : QAbstractListModel(parent) {}

int AccountListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : count();
}

QHash<int, QByteArray> AccountListModel::roleNames() const
{
    return {{NameRole, "name"}, {AddressRole, "address"}, {DemoRole, "demo"}, {CurrentRole, "current"}};
}

QVariant AccountListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const AccountRow& account = m_accounts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return account.name;
    case AddressRole: return account.address;
    case DemoRole: return account.demo;
    case CurrentRole: return account.name == m_current;
    default: return {};
    }
}

void AccountListModel::load(const QList<AccountRow>& accounts)
{
    beginResetModel();
    m_accounts = accounts;
    endResetModel();
    Q_EMIT countChanged();
}

void AccountListModel::apply(const QList<AccountRow>& accounts)
{
    bool inserted = false;
    for (const AccountRow& account : accounts) {
        if (row_of(account.name) >= 0) continue;
        const auto at = std::lower_bound(m_accounts.begin(), m_accounts.end(), account.name,
                                         [](const AccountRow& row, const QString& name) { return row.name < name; });
        const int row = static_cast<int>(at - m_accounts.begin());
        beginInsertRows(QModelIndex(), row, row);
        m_accounts.insert(row, account);
        endInsertRows();
        inserted = true;
    }
    if (inserted) Q_EMIT countChanged();
}

void AccountListModel::set_current(const QString& name)
{
    if (name == m_current) return;
    const int old_row = row_of(m_current);
    m_current = name;
    for (const int row : {old_row, row_of(name)})
        if (row >= 0) Q_EMIT dataChanged(index(row), index(row), {CurrentRole});
}

int AccountListModel::row_of(const QString& name) const
{
    for (int i = 0; i < count(); ++i)
        if (m_accounts.at(i).name == name) return i;
    return -1;
}

const AccountRow* AccountListModel::find(const QString& name) const
{
    const int row = row_of(name);
    return row < 0 ? nullptr : &m_accounts.at(row);
}

} // namespace berth::gui
