#include "orderprovidermodel.h"

#include "providerrow.h"

#include <QSet>

namespace berth::gui {

OrderProviderModel::OrderProviderModel(QObject* parent) : QAbstractListModel(parent) {}

int OrderProviderModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : count();
}

QHash<int, QByteArray> OrderProviderModel::roleNames() const
{
    return {{AddressRole, "address"},           {NameRole, "name"},     {PricePerSecondRole, "pricePerSecond"},
            {PricePerHourRole, "pricePerHour"}, {ReasonRole, "reason"}, {WinnerRole, "winner"}};
}

QVariant OrderProviderModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Entry& entry = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return entry.row.name;
    case AddressRole: return entry.row.address;
    case PricePerSecondRole: return entry.row.price_per_s > 0 ? format_price(entry.row.price_per_s) : QString();
    case PricePerHourRole: {
        return entry.row.price_per_s > 0 ? format_price_per_hour(entry.row.price_per_s) : QString();
    }
    case ReasonRole: return entry.row.reason;
    case WinnerRole: return entry.winner;
    default: return {};
    }
}

bool OrderProviderModel::Entry::same_as(const Entry& other) const
{
    return winner == other.winner && row.name == other.row.name && row.price_per_s == other.row.price_per_s && row.reason == other.row.reason;
}

void OrderProviderModel::set_winner(const QString& winner)
{
    for (int i = 0; i < count(); ++i) {
        Entry& entry = m_rows[static_cast<std::size_t>(i)];
        const bool wins = !winner.isEmpty() && entry.row.address == winner;
        if (entry.winner == wins) continue;
        entry.winner = wins;
        Q_EMIT dataChanged(index(i), index(i), {WinnerRole});
    }
}

int OrderProviderModel::find(const QString& address, int from) const
{
    for (int i = from; i < count(); ++i)
        if (m_rows[static_cast<std::size_t>(i)].row.address == address) return i;
    return -1;
}

void OrderProviderModel::set_rows(const std::vector<OrderProviderRow>& rows, const QString& winner)
{
    const int before = count();
    QSet<QString> wanted;
    for (const OrderProviderRow& row : rows) wanted.insert(row.address);
    for (int i = count() - 1; i >= 0; --i) {
        if (wanted.contains(m_rows[static_cast<std::size_t>(i)].row.address)) continue;
        beginRemoveRows(QModelIndex(), i, i);
        m_rows.erase(m_rows.begin() + i);
        endRemoveRows();
    }
    // Now every row left is wanted; walk the wanted order, moving, inserting or updating.
    for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
        const Entry wanted_entry{rows[static_cast<std::size_t>(i)], !winner.isEmpty() && rows[static_cast<std::size_t>(i)].address == winner};
        const int at = find(wanted_entry.row.address, i);
        if (at < 0) {
            beginInsertRows(QModelIndex(), i, i);
            m_rows.insert(m_rows.begin() + i, wanted_entry);
            endInsertRows();
            continue;
        }
        if (at != i) {
            beginMoveRows(QModelIndex(), at, at, QModelIndex(), i);
            Entry moved = std::move(m_rows[static_cast<std::size_t>(at)]);
            m_rows.erase(m_rows.begin() + at);
            m_rows.insert(m_rows.begin() + i, std::move(moved));
            endMoveRows();
        }
        Entry& current = m_rows[static_cast<std::size_t>(i)];
        if (!current.same_as(wanted_entry)) {
            current = wanted_entry;
            Q_EMIT dataChanged(index(i), index(i));
        }
    }
    if (count() != before) Q_EMIT countChanged();
}

} // namespace berth::gui
