#pragma once

#include <QSortFilterProxyModel>
#include <QString>

namespace berth::gui {

/**
 * The event log of one lease: the node's live event list narrowed to the events whose lease
 * id matches, in the source's newest-first order. An empty lease id shows nothing, so a page
 * without a selection shows an empty log rather than every event on the chain.
 */
class LeaseEventProxy : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_PROPERTY(QString leaseId READ leaseId WRITE setLeaseId NOTIFY leaseIdChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    explicit LeaseEventProxy(QObject* parent = nullptr);

    QString leaseId() const { return m_lease_id; }
    void setLeaseId(const QString& lease_id);
    int count() const { return rowCount(); }

Q_SIGNALS:
    void leaseIdChanged();
    void countChanged();

protected:
    bool filterAcceptsRow(int source_row, const QModelIndex& source_parent) const override;

private:
    QString m_lease_id;
};

} // namespace berth::gui
