#include "leaseeventproxy.h"

#include "eventlistmodel.h"

namespace berth::gui {

LeaseEventProxy::LeaseEventProxy(QObject* parent) : QSortFilterProxyModel(parent)
{
    connect(this, &QAbstractItemModel::rowsInserted, this, &LeaseEventProxy::countChanged);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &LeaseEventProxy::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &LeaseEventProxy::countChanged);
}

void LeaseEventProxy::setLeaseId(const QString& lease_id)
{
    if (lease_id == m_lease_id) return;
    m_lease_id = lease_id;
    invalidateFilter();
    Q_EMIT leaseIdChanged();
    Q_EMIT countChanged();
}

bool LeaseEventProxy::filterAcceptsRow(int source_row, const QModelIndex& source_parent) const
{
    if (m_lease_id.isEmpty()) return false;
    return sourceModel()->index(source_row, 0, source_parent).data(EventListModel::LeaseIdRole).toString() == m_lease_id;
}

} // namespace berth::gui
