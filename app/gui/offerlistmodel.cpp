#include "offerlistmodel.h"

namespace berth::gui {

OfferListModel::OfferListModel(QObject* parent) : QAbstractListModel(parent) {}

int OfferListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : count();
}

QHash<int, QByteArray> OfferListModel::roleNames() const
{
    return {{InstanceTypeRole, "instanceType"},
            {PricePerSecondRole, "pricePerSecond"},
            {PricePerHourRole, "pricePerHour"},
            {CapacityRole, "capacity"},
            {UsedRole, "used"},
            {FreeRole, "free"}};
}

QVariant OfferListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const OfferRow& offer = m_offers[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case InstanceTypeRole: return offer.instance_type;
    case PricePerSecondRole: return format_price(offer.price_per_s);
    case PricePerHourRole: {
        return format_price_per_hour(offer.price_per_s);
    }
    case CapacityRole: return static_cast<int>(offer.capacity);
    case UsedRole: return static_cast<int>(offer.used);
    case FreeRole: return static_cast<int>(offer.free());
    default: return {};
    }
}

void OfferListModel::apply(const OfferRows& offers)
{
    const int before = count();
    // Both lists are sorted by instance type: walk them together like a merge.
    std::size_t row = 0;
    for (const OfferRow& offer : offers) {
        while (row < m_offers.size() && m_offers[row].instance_type < offer.instance_type) {
            beginRemoveRows(QModelIndex(), static_cast<int>(row), static_cast<int>(row));
            m_offers.erase(m_offers.begin() + static_cast<std::ptrdiff_t>(row));
            endRemoveRows();
        }
        if (row < m_offers.size() && m_offers[row].instance_type == offer.instance_type) {
            OfferRow& mine = m_offers[row];
            if (mine.price_per_s != offer.price_per_s || mine.capacity != offer.capacity || mine.used != offer.used) {
                mine = offer;
                Q_EMIT dataChanged(index(static_cast<int>(row)), index(static_cast<int>(row)));
            }
        } else {
            beginInsertRows(QModelIndex(), static_cast<int>(row), static_cast<int>(row));
            m_offers.insert(m_offers.begin() + static_cast<std::ptrdiff_t>(row), offer);
            endInsertRows();
        }
        ++row;
    }
    if (row < m_offers.size()) {
        beginRemoveRows(QModelIndex(), static_cast<int>(row), count() - 1);
        m_offers.erase(m_offers.begin() + static_cast<std::ptrdiff_t>(row), m_offers.end());
        endRemoveRows();
    }
    if (count() != before) Q_EMIT countChanged();
}

} // namespace berth::gui
