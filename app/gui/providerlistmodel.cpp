#include "providerlistmodel.h"

#include <QVariantMap>

#include <algorithm>
#include <numeric>

namespace berth::gui {

ProviderListModel::ProviderListModel(QObject* parent) : QAbstractListModel(parent) {}

int ProviderListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : count();
}

QModelIndex ProviderListModel::index(int row, int column, const QModelIndex& parent) const
{
    return row >= 0 && row < count() && column == 0 && !parent.isValid() ? createIndex(row, column) : QModelIndex();
}

QHash<int, QByteArray> ProviderListModel::roleNames() const
{
    // MinPriceBaseUnitsRole is left out on purpose: QML sorts through ProviderFilterProxy, which
    // compares the 256-bit amounts, and never needs the raw number.
    return {
        {AddressRole, "address"},
        {NameRole, "name"},
        {RegionRole, "region"},
        {EndpointRole, "endpoint"},
        {InstanceTypesRole, "instanceTypes"},
        {OffersRole, "offers"},
        {OffersTextRole, "offersText"},
        {MinPricePerSecondRole, "minPricePerSecond"},
        {MinPricePerHourRole, "minPricePerHour"},
        {FreeCapacityRole, "freeCapacity"},
        {StakeRole, "stake"},
        {StakeLockedRole, "stakeLocked"},
        {SlashesRole, "slashes"},
        {ActiveJobsRole, "activeJobs"},
        {JobsServedRole, "jobsServed"},
        {AuditorScoreRole, "auditorScore"},
    };
}

QVariant ProviderListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const ProviderRow& p = provider(index.row());
    const QString none = QStringLiteral("—");
    const Amount* min_price = p.cheapest_price();
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return p.name;
    case AddressRole: return p.address_text();
    case RegionRole: return p.region;
    case EndpointRole: return p.endpoint;
    case InstanceTypesRole: return p.instance_types();
    case OffersRole: return offers_of(p);
    case OffersTextRole: return offers_text_of(p);
    case MinPricePerSecondRole: return min_price ? format_price(*min_price) : none;
    case MinPricePerHourRole: return min_price ? format_price_per_hour(*min_price) : none;
    case MinPriceBaseUnitsRole: return min_price ? QString::fromStdString(price::format_per_s(*min_price)) : QString();
    case FreeCapacityRole: return static_cast<int>(p.free_capacity());
    case StakeRole: return format_pond(p.stake);
    case StakeLockedRole: return format_pond(p.stake_locked);
    case SlashesRole: return static_cast<int>(p.slashes);
    case ActiveJobsRole: return static_cast<int>(p.active_jobs);
    case JobsServedRole: return static_cast<int>(p.jobs_served);
    case AuditorScoreRole:
        if (p.jobs_served == 0) return none;
        return QStringLiteral("%1%").arg(100 * (p.jobs_served - std::min(p.slashes, p.jobs_served)) / p.jobs_served);
    default: return {};
    }
}

QVariantMap ProviderListModel::get(const QString& address) const
{
    const int row = row_of(address);
    if (row < 0) return {};
    QVariantMap out;
    const QHash<int, QByteArray> names = roleNames();
    for (auto it = names.begin(); it != names.end(); ++it) out.insert(QString::fromLatin1(it.value()), data(this->index(row), it.key()));
    return out;
}

int ProviderListModel::row_of(const Address& address) const
{
    const auto at = address_position(address);
    return at != m_by_address.end() && provider(*at).address == address ? *at : -1;
}

std::vector<int>::const_iterator ProviderListModel::address_position(const Address& address) const
{
    return std::lower_bound(m_by_address.begin(), m_by_address.end(), address,
                            [this](int row, const Address& wanted) { return provider(row).address < wanted; });
}

QVariantList ProviderListModel::offers_of(const ProviderRow& row)
{
    QVariantList offers;
    offers.reserve(static_cast<qsizetype>(row.offers.size()));
    for (const OfferRow& offer : row.offers)
        offers.append(QVariantMap{{QStringLiteral("instanceType"), offer.instance_type},
                                  {QStringLiteral("pricePerSecond"), format_price(offer.price_per_s)},
                                  {QStringLiteral("pricePerHour"), format_price_per_hour(offer.price_per_s)},
                                  {QStringLiteral("capacity"), static_cast<int>(offer.capacity)},
                                  {QStringLiteral("used"), static_cast<int>(offer.used)},
                                  {QStringLiteral("free"), static_cast<int>(offer.free())}});
    return offers;
}

QString ProviderListModel::offers_text_of(const ProviderRow& row)
{
    QStringList summary;
    for (const OfferRow& offer : row.offers)
        summary.append(offer.instance_type + QLatin1Char(' ') + format_price(offer.price_per_s) + QStringLiteral(" USDC/s"));
    return summary.join(QStringLiteral(", "));
}

QStringList ProviderListModel::keys(const std::map<QString, int>& counts)
{
    QStringList out;
    out.reserve(static_cast<qsizetype>(counts.size()));
    for (const auto& [key, n] : counts) out.append(key);
    return out;
}

void ProviderListModel::count_choices(const ProviderRow& row, int delta, bool& types_changed, bool& regions_changed)
{
    auto bump = [delta](std::map<QString, int>& counts, const QString& key) {
        int& n = counts[key];
        const bool was_present = n > 0;
        n += delta;
        const bool is_present = n > 0;
        // Erasing frees `n`: read it before.
        if (!is_present) counts.erase(key);
        return was_present != is_present;
    };
    for (const OfferRow& offer : row.offers) types_changed |= bump(m_type_counts, offer.instance_type);
    if (!row.region.isEmpty()) regions_changed |= bump(m_region_counts, row.region);
}

void ProviderListModel::begin_load()
{
    m_arriving.clear();
}

void ProviderListModel::append_loaded(const QList<ProviderRow>& rows, bool last)
{
    m_arriving.append_chunk(rows);
    if (!last) return;
    // One reset for the whole market: inserting chunk by chunk would make a sorted proxy merge
    // every chunk into everything before it.
    beginResetModel();
    m_rows = std::move(m_arriving);
    m_arriving.clear();
    m_by_address.resize(m_rows.size());
    std::iota(m_by_address.begin(), m_by_address.end(), 0);
    // The node sends its registry in address order; anything else is sorted here.
    const auto by_address = [this](int a, int b) { return provider(a).address < provider(b).address; };
    if (!std::is_sorted(m_by_address.begin(), m_by_address.end(), by_address)) std::sort(m_by_address.begin(), m_by_address.end(), by_address);
    m_type_counts.clear();
    m_region_counts.clear();
    bool ignored_types = false, ignored_regions = false;
    m_rows.for_each([&](const ProviderRow& row) { count_choices(row, +1, ignored_types, ignored_regions); });
    endResetModel();
    Q_EMIT countChanged();
    Q_EMIT instanceTypesChanged();
    Q_EMIT regionsChanged();
    if (!m_loaded) {
        m_loaded = true;
        Q_EMIT loadedChanged();
    }
    if (!m_selected.isEmpty()) Q_EMIT selectedChanged();
}

void ProviderListModel::load(const std::vector<ProviderRow>& rows)
{
    begin_load();
    append_loaded(QList<ProviderRow>(rows.begin(), rows.end()), true);
}

void ProviderListModel::setSelectedAddress(const QString& address)
{
    if (address == m_selected) return;
    m_selected = address;
    Q_EMIT selectedChanged();
}

void ProviderListModel::apply(const std::vector<ProviderRow>& changed)
{
    bool types_changed = false, regions_changed = false, inserted = false, selected_changed = false;
    for (const ProviderRow& row : changed) {
        selected_changed = selected_changed || row.address_text() == m_selected;
        const int existing = row_of(row.address);
        if (existing >= 0) {
            ProviderRow& kept = m_rows[static_cast<std::size_t>(existing)];
            // Counting the new row first keeps a type or region both rows hold from passing
            // through zero, which would rebuild the Marketplace's choice lists every block.
            count_choices(row, +1, types_changed, regions_changed);
            count_choices(kept, -1, types_changed, regions_changed);
            kept = row;
            const QModelIndex at = index(existing);
            Q_EMIT dataChanged(at, at);
        } else {
            const int at = count();
            beginInsertRows(QModelIndex(), at, at);
            m_by_address.insert(address_position(row.address), at);
            m_rows.push_back(row);
            count_choices(row, +1, types_changed, regions_changed);
            endInsertRows();
            inserted = true;
        }
    }
    if (inserted) Q_EMIT countChanged();
    if (selected_changed) Q_EMIT selectedChanged();
    if (types_changed) Q_EMIT instanceTypesChanged();
    if (regions_changed) Q_EMIT regionsChanged();
}

} // namespace berth::gui
