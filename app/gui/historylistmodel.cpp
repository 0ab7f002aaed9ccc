#include "historylistmodel.h"

#include <algorithm>

namespace berth::gui {

HistoryListModel::HistoryListModel(int capacity, QObject* parent) : QAbstractListModel(parent), m_capacity(std::max(capacity, 1)) {}

int HistoryListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : count();
}

QHash<int, QByteArray> HistoryListModel::roleNames() const
{
    return {{HeightRole, "blockHeight"}, {TitleRole, "title"},       {AmountRole, "amount"},
            {DirectionRole, "direction"}, {LeaseIdRole, "leaseId"}, {DetailsRole, "details"}};
}

QVariant HistoryListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const HistoryRow& row = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case HeightRole: return QString::number(row.height);
    case Qt::DisplayRole:
    case TitleRole: return row.title;
    case AmountRole: return row.amount;
    case DirectionRole: return row.direction;
    case LeaseIdRole: return row.lease_id;
    case DetailsRole: return row.details;
    default: return {};
    }
}

void HistoryListModel::load(const std::vector<HistoryRow>& newest_first)
{
    beginResetModel();
    const std::size_t keep = std::min(newest_first.size(), static_cast<std::size_t>(m_capacity));
    m_rows.assign(newest_first.begin(), newest_first.begin() + static_cast<std::ptrdiff_t>(keep));
    endResetModel();
    Q_EMIT countChanged();
}

void HistoryListModel::append(const std::vector<HistoryRow>& rows)
{
    if (rows.empty()) return;
    // Only the newest `capacity` of this batch can ever be shown.
    const std::size_t keep = std::min(rows.size(), static_cast<std::size_t>(m_capacity));
    const auto first = rows.end() - static_cast<std::ptrdiff_t>(keep);
    beginInsertRows(QModelIndex(), 0, static_cast<int>(keep) - 1);
    for (auto it = first; it != rows.end(); ++it) m_rows.push_front(*it);
    endInsertRows();
    trim();
    Q_EMIT countChanged();
}

void HistoryListModel::trim()
{
    if (count() <= m_capacity) return;
    beginRemoveRows(QModelIndex(), m_capacity, count() - 1);
    m_rows.erase(m_rows.begin() + m_capacity, m_rows.end());
    endRemoveRows();
}

} // namespace berth::gui
