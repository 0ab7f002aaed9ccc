#include "providerfilterproxy.h"

#include "providerlistmodel.h"

#include <stdexcept>

namespace berth::gui {

ProviderFilterProxy::ProviderFilterProxy(QObject* parent) : QSortFilterProxyModel(parent)
{
    // Rows that change or arrive with a block are re-filtered and re-sorted in place.
    setDynamicSortFilter(true);
    sort(0, Qt::AscendingOrder);
    auto count_changed = [this] { Q_EMIT countChanged(); };
    connect(this, &QAbstractItemModel::rowsInserted, this, count_changed);
    connect(this, &QAbstractItemModel::rowsRemoved, this, count_changed);
    connect(this, &QAbstractItemModel::modelReset, this, count_changed);
    connect(this, &QAbstractItemModel::layoutChanged, this, count_changed);
}

const ProviderListModel* ProviderFilterProxy::providers() const
{
    return qobject_cast<const ProviderListModel*>(sourceModel());
}

void ProviderFilterProxy::refilter()
{
    invalidateFilter();
    Q_EMIT filterChanged();
    Q_EMIT countChanged();
}

void ProviderFilterProxy::setInstanceType(const QString& type)
{
    if (type == m_instance_type) return;
    m_instance_type = type;
    // Price sorting follows the chosen type, so the order may change too.
    invalidate();
    Q_EMIT filterChanged();
    Q_EMIT countChanged();
}

void ProviderFilterProxy::setRegion(const QString& region)
{
    if (region == m_region) return;
    m_region = region;
    refilter();
}

void ProviderFilterProxy::setMaxPrice(const QString& text)
{
    if (text == m_max_price_text) return;
    m_max_price_text = text;
    m_max_price.reset();
    m_price_error.clear();
    const QString trimmed = text.trimmed();
    if (!trimmed.isEmpty()) {
        try {
            m_max_price = price::parse_usdc_per_s(trimmed.toStdString());
        } catch (const std::invalid_argument& e) {
            m_price_error = tr("Not a USDC amount: %1").arg(QString::fromStdString(e.what()));
        }
    }
    refilter();
}

void ProviderFilterProxy::setSearch(const QString& text)
{
    if (text == m_search) return;
    m_search = text;
    refilter();
}

void ProviderFilterProxy::setSortKey(SortKey key)
{
    if (key == m_sort_key) return;
    m_sort_key = key;
    invalidate();
    sort(0, m_descending ? Qt::DescendingOrder : Qt::AscendingOrder);
    Q_EMIT sortChanged();
}

void ProviderFilterProxy::setDescending(bool descending)
{
    if (descending == m_descending) return;
    m_descending = descending;
    sort(0, m_descending ? Qt::DescendingOrder : Qt::AscendingOrder);
    Q_EMIT sortChanged();
}

void ProviderFilterProxy::clearFilters()
{
    m_instance_type.clear();
    m_region.clear();
    m_max_price_text.clear();
    m_max_price.reset();
    m_price_error.clear();
    m_search.clear();
    invalidate();
    Q_EMIT filterChanged();
    Q_EMIT countChanged();
}

QVariantMap ProviderFilterProxy::get(int row) const
{
    const ProviderListModel* model = providers();
    if (!model || row < 0 || row >= rowCount()) return {};
    return model->get(model->entry(mapToSource(index(row, 0)).row()).row.address_text());
}

std::optional<Amount> ProviderFilterProxy::price_for(int source_row) const
{
    const ProviderListModel::Entry& e = providers()->entry(source_row);
    if (!m_instance_type.isEmpty()) return e.row.price_of(m_instance_type);
    return e.min_price;
}

bool ProviderFilterProxy::filterAcceptsRow(int source_row, const QModelIndex&) const
{
    const ProviderListModel* model = providers();
    if (!model) return false;
    const ProviderListModel::Entry& e = model->entry(source_row);
    if (!m_instance_type.isEmpty() && !e.row.price_of(m_instance_type)) return false;
    if (!m_region.isEmpty() && e.row.region != m_region) return false;
    // An invalid maximum price filters nothing; the view shows priceError instead.
    if (m_max_price) {
        const auto price = price_for(source_row);
        if (!price || *price > *m_max_price) return false;
    }
    if (!m_search.isEmpty()) {
        const QString needle = m_search.trimmed();
        if (!needle.isEmpty() && !e.row.name.contains(needle, Qt::CaseInsensitive) && !e.row.region.contains(needle, Qt::CaseInsensitive) &&
            !e.row.address_text().contains(needle, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

bool ProviderFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const ProviderListModel* model = providers();
    if (!model) return false;
    const ProviderListModel::Entry& a = model->entry(left.row());
    const ProviderListModel::Entry& b = model->entry(right.row());
    // Returns -1, 0 or 1 on the chosen key; equal keys fall back to the address so the order is total.
    auto compare = [&]() -> int {
        switch (m_sort_key) {
        case SortByName: return a.row.name.compare(b.row.name, Qt::CaseInsensitive);
        case SortByPrice: {
            const auto pa = price_for(left.row());
            const auto pb = price_for(right.row());
            // A provider without a price sorts after every priced one in ascending order.
            if (pa && pb) return *pa < *pb ? -1 : (*pb < *pa ? 1 : 0);
            if (pa) return -1;
            if (pb) return 1;
            return 0;
        }
        case SortByFreeCapacity: return a.free_capacity < b.free_capacity ? -1 : (b.free_capacity < a.free_capacity ? 1 : 0);
        case SortByStake: return a.row.stake < b.row.stake ? -1 : (b.row.stake < a.row.stake ? 1 : 0);
        case SortBySlashes: return a.row.slashes < b.row.slashes ? -1 : (b.row.slashes < a.row.slashes ? 1 : 0);
        }
        return 0;
    };
    const int c = compare();
    if (c != 0) return c < 0;
    return a.row.address < b.row.address;
}

} // namespace berth::gui
