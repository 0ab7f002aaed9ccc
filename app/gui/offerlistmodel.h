#pragma once

#include "providerrow.h"

#include <QAbstractListModel>

#include <vector>

namespace berth::gui {

/**
 * The current identity's offers for the Provider page, one row per instance type in name
 * order, with the price per second and per hour as exact USDC strings and the capacity in use.
 * Each block's copy of the provider is merged in: a changed offer changes in place, a new one
 * is inserted and a withdrawn one removed, so the view never resets for a block.
 */
class OfferListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role { InstanceTypeRole = Qt::UserRole + 1, PricePerSecondRole, PricePerHourRole, CapacityRole, UsedRole, FreeRole };
    Q_ENUM(Role)

    explicit OfferListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /** Makes the rows equal `offers` (sorted by instance type) with the fewest row changes. */
    void apply(const OfferRows& offers);

    int count() const { return static_cast<int>(m_offers.size()); }

Q_SIGNALS:
    void countChanged();

private:
    std::vector<OfferRow> m_offers;
};

} // namespace berth::gui
