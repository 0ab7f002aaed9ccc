#include "historylistmodel.h"

namespace berth::gui {

HistoryListModel::HistoryListModel(int capacity, QObject* parent) : NewestFirstFeed<HistoryRow>(capacity, parent) {}

QHash<int, QByteArray> HistoryListModel::roleNames() const
{
    return {{HeightRole, "blockHeight"},  {TitleRole, "title"},     {AmountRole, "amount"},
            {DirectionRole, "direction"}, {LeaseIdRole, "leaseId"}, {DetailsRole, "details"}};
}

QVariant HistoryListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const HistoryRow& entry = row(index.row());
    switch (role) {
    case HeightRole: return QString::number(entry.height);
    case Qt::DisplayRole:
    case TitleRole: return entry.title;
    case AmountRole: return entry.amount;
    case DirectionRole: return entry.direction;
    case LeaseIdRole: return entry.lease_id;
    case DetailsRole: return entry.details;
    default: return {};
    }
}

void HistoryListModel::load(const std::vector<HistoryRow>& newest_first)
{
    replace(newest_first);
}

void HistoryListModel::append(const std::vector<HistoryRow>& rows)
{
    prepend(rows);
}

} // namespace berth::gui
