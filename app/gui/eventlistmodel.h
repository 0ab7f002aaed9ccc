#pragma once

#include "eventrow.h"
#include "newestfirstfeed.h"

#include <vector>

namespace berth::gui {

/**
 * The live event stream for the Node page: newest first, fed block by block, and bounded so
 * a node that runs for days does not grow the GUI's memory. New events are inserted at the
 * top and the oldest removed from the bottom; the model is never reset.
 */
class EventListModel : public NewestFirstFeed<EventRow>
{
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role { HeightRole = Qt::UserRole + 1, NameRole, LeaseIdRole, AccountRole, DetailsRole };
    Q_ENUM(Role)

    explicit EventListModel(int capacity = 500, QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /** Adds one block's events, in the order the block emitted them. */
    void append(const std::vector<EventRow>& events);

Q_SIGNALS:
    void countChanged();

private:
    void count_changed() override { Q_EMIT countChanged(); }
};

} // namespace berth::gui
