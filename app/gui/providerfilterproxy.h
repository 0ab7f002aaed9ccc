#pragma once

#include <amount.h>

#include <QSortFilterProxyModel>
#include <QString>
#include <QVariantMap>

#include <optional>

namespace berth::gui {

class ProviderListModel;

/**
 * The Marketplace's view of ProviderListModel: filters by instance type, region, a maximum
 * price per second and free text, and sorts by name, price, free capacity, stake or slashes.
 * Prices are compared as 256-bit amounts and the maximum price is parsed as an exact USDC
 * decimal, so neither ever goes through a floating-point number or a string comparison.
 * With an instance type chosen, price filtering and sorting use that type's offer.
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

    QString m_instance_type;
    QString m_region;
    QString m_max_price_text;
    std::optional<Amount> m_max_price;
    QString m_price_error;
    QString m_search;
    SortKey m_sort_key = SortByPrice;
    bool m_descending = false;
};

} // namespace berth::gui
