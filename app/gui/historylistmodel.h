#pragma once

#include "historyrow.h"
#include "newestfirstfeed.h"

#include <vector>

namespace berth::gui {

/**
 * The current identity's history for the Wallet page: transfers, escrow top-ups and refunds,
 * leases closed or served, stake moves, earnings withdrawn and slashes, newest first. It is
 * loaded from the node's stored events when the identity is chosen (the one reset, also on a
 * switch) and then grows block by block at the top, bounded so that it never grows without end.
 */
class HistoryListModel : public NewestFirstFeed<HistoryRow>
{
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role { HeightRole = Qt::UserRole + 1, TitleRole, AmountRole, DirectionRole, LeaseIdRole, DetailsRole };
    Q_ENUM(Role)

    explicit HistoryListModel(int capacity = 500, QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /** Replaces the rows with `newest_first`, for a newly chosen identity. */
    void load(const std::vector<HistoryRow>& newest_first);
    /** Adds one block's rows, given in the order the block emitted them. */
    void append(const std::vector<HistoryRow>& rows);

Q_SIGNALS:
    void countChanged();

private:
    void count_changed() override { Q_EMIT countChanged(); }
};

} // namespace berth::gui
