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

void ProviderFilterProxy::setSourceModel(QAbstractItemModel* model)
{
    for (const QMetaObject::Connection& connection : m_source_connections) disconnect(connection);
    m_source_connections.clear();
    m_price_keys.clear();
    m_providers = qobject_cast<const ProviderListModel*>(model);
    if (model) {
        // Slots run in the order they were connected: these come before the base class's, which
        // re-sorts on the same signals.
        const auto drop_keys = [this] { m_price_keys.clear(); };
        m_source_connections = {
            connect(model, &QAbstractItemModel::modelAboutToBeReset, this, drop_keys),
            connect(model, &QAbstractItemModel::layoutAboutToBeChanged, this, drop_keys),
            connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this, drop_keys),
            connect(model, &QAbstractItemModel::rowsAboutToBeMoved, this, drop_keys),
            connect(model, &QAbstractItemModel::rowsInserted, this,
                    [this](const QModelIndex&, int first, int last) {
                        if (m_price_keys.empty()) return;
                        m_price_keys.insert(m_price_keys.begin() + first, static_cast<std::size_t>(last - first + 1), PriceKey{});
                        update_price_keys(first, last);
                    }),
            connect(model, &QAbstractItemModel::dataChanged, this,
                    [this](const QModelIndex& top_left, const QModelIndex& bottom_right) {
                        if (!m_price_keys.empty()) update_price_keys(top_left.row(), bottom_right.row());
                    }),
        };
    }
    QSortFilterProxyModel::setSourceModel(model);
}

ProviderFilterProxy::PriceKey ProviderFilterProxy::price_key_of(int source_row) const
{
    PriceKey key{1, 0, 0, 0, 0, 0};
    const Amount* price = price_for(source_row);
    if (price) {
        key[0] = 0;
        // The backend's limbs come least significant first.
        const auto& backend = price->backend();
        static_assert(sizeof(*backend.limbs()) == sizeof(std::uint64_t));
        for (unsigned limb = 0; limb < backend.size() && limb < 4; ++limb) key[4 - limb] = backend.limbs()[limb];
    }
    for (std::size_t byte = 0; byte < 8; ++byte) key[5] = key[5] << 8 | m_providers->provider(source_row).address.bytes()[byte];
    return key;
}

const ProviderFilterProxy::PriceKey& ProviderFilterProxy::price_key(int source_row) const
{
    // Kept in step with the source's rows from then on (setSourceModel).
    if (m_price_keys.empty()) {
        const int rows = m_providers->rowCount();
        m_price_keys.resize(static_cast<std::size_t>(rows));
        for (int row = 0; row < rows; ++row) m_price_keys[static_cast<std::size_t>(row)] = price_key_of(row);
    }
    return m_price_keys[static_cast<std::size_t>(source_row)];
}

void ProviderFilterProxy::update_price_keys(int first, int last)
{
    for (int row = first; row <= last; ++row) m_price_keys[static_cast<std::size_t>(row)] = price_key_of(row);
}

const ProviderListModel* ProviderFilterProxy::providers() const
{
    return m_providers;
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
    m_price_keys.clear();
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
    m_price_keys.clear();
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
    if (m_sort_key == SortByPrice) {
        // A provider without a price sorts after every priced one in ascending order.
        const PriceKey& ka = price_key(left.row());
        const PriceKey& kb = price_key(right.row());
        if (const auto order = ka <=> kb; order != 0) return order < 0;
    } else if (const int c = compare(model->provider(left.row()), model->provider(right.row())); c != 0) {
        return c < 0;
    }
    // Equal keys fall back to the address, so the order is total.
    return model->provider(left.row()).address < model->provider(right.row()).address;
}

int ProviderFilterProxy::compare(const ProviderRow& a, const ProviderRow& b) const
{
    const auto three_way = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
    switch (m_sort_key) {
    case SortByName: return a.name.compare(b.name, Qt::CaseInsensitive);
    case SortByPrice: break;
    case SortByFreeCapacity: return three_way(a.free_capacity(), b.free_capacity());
    case SortByStake: return three_way(a.stake, b.stake);
    case SortBySlashes: return three_way(a.slashes, b.slashes);
    }
    return 0;
}

} // namespace berth::gui
