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
    return model->get(model->provider(mapToSource(index(row, 0)).row()).address_text());
}

const Amount* ProviderFilterProxy::price_for(int source_row) const
{
    const ProviderRow& row = providers()->provider(source_row);
    return m_instance_type.isEmpty() ? row.cheapest_price() : row.price_of(m_instance_type);
}

bool ProviderFilterProxy::filterAcceptsRow(int source_row, const QModelIndex&) const
{
    const ProviderListModel* model = providers();
    if (!model) return false;
    const ProviderRow& row = model->provider(source_row);
    if (!m_instance_type.isEmpty() && !row.price_of(m_instance_type)) return false;
    if (!m_region.isEmpty() && row.region != m_region) return false;
    // An invalid maximum price filters nothing; the view shows priceError instead.
    if (m_max_price) {
        const Amount* price = price_for(source_row);
        if (!price || *price > *m_max_price) return false;
    }
    if (!m_search.isEmpty()) {
        const QString needle = m_search.trimmed();
        if (!needle.isEmpty() && !row.name.contains(needle, Qt::CaseInsensitive) && !row.region.contains(needle, Qt::CaseInsensitive) &&
            !row.address_text().contains(needle, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

bool ProviderFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const ProviderListModel* model = providers();
    if (!model) return false;
    const ProviderRow& a = model->provider(left.row());
    const ProviderRow& b = model->provider(right.row());
    // Returns -1, 0 or 1 on the chosen key; equal keys fall back to the address so the order is total.
    auto compare = [&]() -> int {
        switch (m_sort_key) {
        case SortByName: return a.name.compare(b.name, Qt::CaseInsensitive);
        case SortByPrice: {
            const Amount* pa = price_for(left.row());
            const Amount* pb = price_for(right.row());
            // A provider without a price sorts after every priced one in ascending order.
            if (pa && pb) return *pa < *pb ? -1 : (*pb < *pa ? 1 : 0);
            if (pa) return -1;
            if (pb) return 1;
            return 0;
        }
        case SortByFreeCapacity: {
            const std::uint32_t fa = a.free_capacity(), fb = b.free_capacity();
            return fa < fb ? -1 : (fb < fa ? 1 : 0);
        }
        case SortByStake: return a.stake < b.stake ? -1 : (b.stake < a.stake ? 1 : 0);
        case SortBySlashes: return a.slashes < b.slashes ? -1 : (b.slashes < a.slashes ? 1 : 0);
        }
        return 0;
    };
    const int c = compare();
    if (c != 0) return c < 0;
    return a.address < b.address;
}

} // namespace berth::gui
