#pragma once

#include "orderprogress.h"

#include <QAbstractListModel>
#include <QString>

#include <vector>

namespace berth::gui {

/**
 * Providers in relation to one order, for the Deploy wizard: the bids of the current window
 * in the engine's order with the winner marked, or the providers a rule kept from bidding
 * with that rule. Each block's list is applied as a keyed difference (rows removed, moved,
 * inserted or changed in place), so a view keeps its items while bids arrive.
 */
class OrderProviderModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        AddressRole = Qt::UserRole + 1,
        NameRole,
        PricePerSecondRole,
        PricePerHourRole,
        ReasonRole,
        WinnerRole,
    };
    Q_ENUM(Role)

    explicit OrderProviderModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /** Makes the rows equal to `rows` (keyed by address) with the fewest changes; `winner` is marked. */
    void set_rows(const std::vector<OrderProviderRow>& rows, const QString& winner = QString());
    void clear() { set_rows({}); }
    /** Marks the row with this address as the winner (and no other), keeping the rows. */
    void set_winner(const QString& winner);

    int count() const { return static_cast<int>(m_rows.size()); }

Q_SIGNALS:
    void countChanged();

private:
    struct Entry {
        OrderProviderRow row;
        bool winner = false;
        bool same_as(const Entry& other) const;
    };
    int find(const QString& address, int from) const;

    std::vector<Entry> m_rows;
};

} // namespace berth::gui
