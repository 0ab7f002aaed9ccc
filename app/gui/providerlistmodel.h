#pragma once

#include "providerrow.h"
#include "providerrowchunks.h"

#include <QAbstractListModel>
#include <QHash>
#include <QStringList>
#include <QVariantList>

#include <map>
#include <vector>

namespace berth::gui {

/**
 * Every registered provider, one row each, for the Marketplace. It is loaded from the node's
 * snapshot once and then kept current row by row from block deltas (dataChanged for a known
 * provider, an inserted row for a new one), so views and proxies keep their state while the
 * chain moves. Amounts stay 256-bit in C++; the roles hand QML exact decimal strings.
 */
class ProviderListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QStringList instanceTypes READ instanceTypes NOTIFY instanceTypesChanged)
    Q_PROPERTY(QStringList regions READ regions NOTIFY regionsChanged)
    Q_PROPERTY(bool loaded READ loaded NOTIFY loadedChanged)
    /** The provider a detail panel shows; `selected` holds all its roles and changes whenever a block changes it. */
    Q_PROPERTY(QString selectedAddress READ selectedAddress WRITE setSelectedAddress NOTIFY selectedChanged)
    Q_PROPERTY(QVariantMap selected READ selected NOTIFY selectedChanged)

public:
    enum Role {
        AddressRole = Qt::UserRole + 1,
        NameRole,
        RegionRole,
        EndpointRole,
        InstanceTypesRole,
        OffersRole,
        OffersTextRole,
        MinPricePerSecondRole,
        MinPricePerHourRole,
        MinPriceBaseUnitsRole,
        FreeCapacityRole,
        StakeRole,
        StakeLockedRole,
        SlashesRole,
        ActiveJobsRole,
        JobsServedRole,
        /** The auditors' score: the share of its jobs served without a slash, "—" before its first job. */
        AuditorScoreRole,
    };
    Q_ENUM(Role)

    explicit ProviderListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    /**
     * The base class checks a row through rowCount() and columnCount(), two virtual calls; a
     * sorting proxy asks for two indexes a comparison, over a hundred thousand times for a large
     * market's first sort.
     */
    QModelIndex index(int row, int column = 0, const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /** Starts taking the start-up snapshot's chunks; the model shows what it had until the last arrives. */
    void begin_load();
    /**
     * Takes a chunk of the start-up snapshot, sharing its list; the last one replaces the rows
     * in the one reset and makes the model `loaded`.
     */
    void append_loaded(const QList<ProviderRow>& rows, bool last);
    /** The whole start-up snapshot at once. */
    void load(const std::vector<ProviderRow>& rows);
    /** Updates known providers in place and appends new ones; never resets. */
    void apply(const std::vector<ProviderRow>& changed);

    /**
     * The provider in a row. The strings QML shows are formatted in data() when a delegate asks
     * for them, and the figures the proxy sorts by are read from the offers when it compares:
     * a market of 100,000 providers shows a screenful of them.
     */
    const ProviderRow& provider(int row) const { return m_rows[static_cast<std::size_t>(row)]; }
    int row_of(const Address& address) const;
    int row_of(const QString& address) const
    {
        const auto parsed = Address::parse(address.toStdString());
        return parsed ? row_of(*parsed) : -1;
    }

    /** All roles of the provider with this address, for a detail panel; empty when unknown. */
    Q_INVOKABLE QVariantMap get(const QString& address) const;

    int count() const { return static_cast<int>(m_rows.size()); }
    QStringList instanceTypes() const { return keys(m_type_counts); }
    QStringList regions() const { return keys(m_region_counts); }
    bool loaded() const { return m_loaded; }
    QString selectedAddress() const { return m_selected; }
    void setSelectedAddress(const QString& address);
    QVariantMap selected() const { return get(m_selected); }

Q_SIGNALS:
    void countChanged();
    void instanceTypesChanged();
    void regionsChanged();
    void loadedChanged();
    void selectedChanged();

private:
    static QVariantList offers_of(const ProviderRow& row);
    static QString offers_text_of(const ProviderRow& row);
    static QStringList keys(const std::map<QString, int>& counts);
    /** Adds (+1) or removes (-1) a row's types and region from the filter choices; true if the choices changed. */
    void count_choices(const ProviderRow& row, int delta, bool& types_changed, bool& regions_changed);
    /** Where a row with this address is or would go in m_by_address. */
    std::vector<int>::const_iterator address_position(const Address& address) const;

    ProviderRowChunks m_rows;
    /** The start-up snapshot's rows received so far, shown at its last chunk. */
    ProviderRowChunks m_arriving;
    /**
     * Row numbers in address order, to find a provider's row: four bytes a row, where a hash
     * table of addresses took seventy, with 100,000 providers in the GUI's memory budget.
     */
    std::vector<int> m_by_address;
    std::map<QString, int> m_type_counts;
    std::map<QString, int> m_region_counts;
    bool m_loaded = false;
    QString m_selected;
};

} // namespace berth::gui
