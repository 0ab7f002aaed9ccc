#pragma once

#include <amount.h>

#include <QSortFilterProxyModel>
#include <QString>
#include <QVariantMap>

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace berth::gui {

class ProviderListModel;
struct ProviderRow;

/**
 * The Marketplace's view of ProviderListModel: filters by instance type, region, a maximum
 * price per second and free text, and sorts by name, price, free capacity, stake or slashes.
 * Prices are compared as 256-bit amounts and the maximum price is parsed as an exact USDC
 * decimal, so neither ever goes through a floating-point number or a string comparison.
 * With an instance type chosen, price filtering and sorting use that type's offer. The keys
 * it sorts by price on are kept in a vector beside the rows, 48 bytes each, and follow every
 * change of the source: a first sort of 10,000 providers compares 140,000 pairs, and reading
 * each pair's rows, scattered over megabytes, was most of its time.
 */
class ProviderFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_PROPERTY(QString instanceType READ instanceType WRITE setInstanceType NOTIFY filterChanged)
    Q_PROPERTY(QString region READ region WRITE setRegion NOTIFY filterChanged)
    Q_PROPERTY(QString maxPrice READ maxPrice WRITE setMaxPrice NOTIFY filterChanged)
    Q_PROPERTY(QString priceError READ priceError NOTIFY filterChanged)
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY filterChanged)
    Q_PROPERTY(SortKey sortKey READ sortKey WRITE setSortKey NOTIFY sortChanged)
    Q_PROPERTY(bool descending READ descending WRITE setDescending NOTIFY sortChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    /** Bumped whenever any row's data changes, so bindings that read rows through get() re-evaluate. */

public:
    enum SortKey { SortByName, SortByPrice, SortByFreeCapacity, SortByStake, SortBySlashes };
    Q_ENUM(SortKey)

    explicit ProviderFilterProxy(QObject* parent = nullptr);

    QString instanceType() const { return m_instance_type; }
    void setInstanceType(const QString& type);
    QString region() const { return m_region; }
    void setRegion(const QString& region);
    QString maxPrice() const { return m_max_price_text; }
    void setMaxPrice(const QString& text);
    QString priceError() const { return m_price_error; }
    QString search() const { return m_search; }
    void setSearch(const QString& text);
    SortKey sortKey() const { return m_sort_key; }
    void setSortKey(SortKey key);
    bool descending() const { return m_descending; }
    void setDescending(bool descending);
    int count() const { return rowCount(); }
    void setSourceModel(QAbstractItemModel* model) override;

    /** The roles of one visible row by name, for QML that needs a row outside a delegate. */
    Q_INVOKABLE QVariantMap get(int row) const;
    Q_INVOKABLE void clearFilters();

Q_SIGNALS:
    void filterChanged();
    void sortChanged();
    void countChanged();

protected:
    bool filterAcceptsRow(int source_row, const QModelIndex& source_parent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    const ProviderListModel* providers() const;
    void refilter();
    /** The price a row is filtered and sorted by: the chosen type's, else the cheapest offer's; null without one. */
    const Amount* price_for(int source_row) const;
    /**
     * A row as the price order sees it: 0 and the price's limbs, most significant first (1 for
     * no price, after every price), then the address's first eight bytes, so that rows of the
     * same price are read only when those are equal too.
     */
    using PriceKey = std::array<std::uint64_t, 6>;
    PriceKey price_key_of(int source_row) const;
    /** A source row's key, every row's built at the first price comparison after a reset. */
    const PriceKey& price_key(int source_row) const;
    void update_price_keys(int first, int last);
    /** -1, 0 or 1 on the chosen key other than price, which compares PriceKeys. */
    int compare(const ProviderRow& a, const ProviderRow& b) const;

    QString m_instance_type;
    QString m_region;
    QString m_max_price_text;
    std::optional<Amount> m_max_price;
    QString m_price_error;
    QString m_search;
    SortKey m_sort_key = SortByPrice;
    bool m_descending = false;
    /** The source model, kept typed: the comparisons of a sort ask for it hundreds of thousands of times. */
    const ProviderListModel* m_providers = nullptr;
    mutable std::vector<PriceKey> m_price_keys;
    /** Connected before QSortFilterProxyModel's own, so the keys change before it sorts. */
    std::vector<QMetaObject::Connection> m_source_connections;
};

} // namespace berth::gui
