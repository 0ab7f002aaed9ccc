#include "eventlistmodel.h"

#include <algorithm>

namespace berth::gui {

EventListModel::EventListModel(int capacity, QObject* parent) : QAbstractListModel(parent), m_capacity(std::max(capacity, 1)) {}

int EventListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : count();
}

QHash<int, QByteArray> EventListModel::roleNames() const
{
    return {{HeightRole, "blockHeight"}, {NameRole, "name"}, {LeaseIdRole, "leaseId"}, {AccountRole, "account"}, {DetailsRole, "details"}};
}

QVariant EventListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const EventRow& e = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case HeightRole: return QString::number(e.height);
    case Qt::DisplayRole:
    case NameRole: return e.name;
    case LeaseIdRole: return e.lease_id;
    case AccountRole: return e.account;
    case DetailsRole: return e.details;
    default: return {};
    }
}

void EventListModel::append(const std::vector<EventRow>& events)
{
    if (events.empty()) return;
    // Only the newest `capacity` of this batch can ever be shown.
    const std::size_t keep = std::min(events.size(), static_cast<std::size_t>(m_capacity));
    const auto first = events.end() - static_cast<std::ptrdiff_t>(keep);
    beginInsertRows(QModelIndex(), 0, static_cast<int>(keep) - 1);
    for (auto it = first; it != events.end(); ++it) m_rows.push_front(*it);
    endInsertRows();
    if (count() > m_capacity) {
        beginRemoveRows(QModelIndex(), m_capacity, count() - 1);
        m_rows.erase(m_rows.begin() + m_capacity, m_rows.end());
        endRemoveRows();
    }
    Q_EMIT countChanged();
}

} // namespace berth::gui
