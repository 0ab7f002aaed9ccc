#include "eventlistmodel.h"

namespace berth::gui {

EventListModel::EventListModel(int capacity, QObject* parent) : NewestFirstFeed<EventRow>(capacity, parent) {}

QHash<int, QByteArray> EventListModel::roleNames() const
{
    return {{HeightRole, "blockHeight"}, {NameRole, "name"}, {LeaseIdRole, "leaseId"}, {AccountRole, "account"}, {DetailsRole, "details"}};
}

QVariant EventListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const EventRow& e = row(index.row());
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
    prepend(events);
}

} // namespace berth::gui
