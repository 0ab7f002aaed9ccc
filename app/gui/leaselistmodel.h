#pragma once

#include "leaserow.h"

#include <QAbstractListModel>
#include <QHash>
#include <QStringList>
#include <QVariantList>

#include <optional>
#include <utility>
#include <vector>

namespace berth::gui {

/**
 * The current identity's leases, one row per job it owns, newest first, for the Leases page.
 * It is loaded from the node's snapshot once and then kept current from block deltas: a
 * touched job's row changes in place, a new job is inserted, and the live escrow values of
 * billing leases move with the tip's block time; it never resets after the snapshot. Amounts
 * stay 256-bit in C++ and reach QML as exact USDC strings; the live values use core's own
 * escrow rule, so the card and the ledger agree to the base unit.
 */
class LeaseListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool loaded READ loaded NOTIFY loadedChanged)
    /** The id of the top row, the newest lease: the page's selection until the user picks one. */
    Q_PROPERTY(QString newestLeaseId READ newestLeaseId NOTIFY countChanged)

public:
    enum Role {
        LeaseIdRole = Qt::UserRole + 1,
        StateRole,
        TimelineRole,
        ClosedRole,
        CloseReasonRole,
        InstanceTypeRole,
        ProviderNameRole,
        ProviderAddressRole,
        PricePerSecondRole,
        PricePerHourRole,
        UrlsRole,
        EscrowRole,
        SpentRole,
        TimeLeftRole,
        LowEscrowRole,
        BillingRole,
        CanTopUpRole,
        CanCloseRole,
        CanUpdateRole,
        ReplicasRole,
        MaxPricePerSecondRole,
        /** The provider may leave it (ExitLease): the states the ledger accepts that in. */
        CanExitRole,
        ActionMessageRole,
        ActionFailedRole,
        UpdateRefusalRole,
    };
    Q_ENUM(Role)

    /** The escrow warning threshold: a billing lease whose escrow runs dry within this much block time. */
    static constexpr std::uint64_t low_escrow_ms = 10 * 60 * 1000;

    /** A row with everything QML shows formatted once, when the row or the block time changes. */
    struct Entry {
        LeaseRow row;
        QString state;
        QVariantList timeline;
        QString close_reason;
        QString price_per_s;
        QString price_per_h;
        QStringList urls;
        QString escrow;
        QString spent;
        QString time_left;
        bool low_escrow = false;
        QString action_message;
        bool action_failed = false;
    };

    explicit LeaseListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /** Replaces everything: the one reset, used for the start-up snapshot; `now_ms` is the tip's block time. */
    void load(const std::vector<LeaseRow>& rows, std::uint64_t now_ms);
    /** Updates known leases, inserts new ones at the top and moves live values to `now_ms`; never resets. */
    void apply(const std::vector<LeaseRow>& changed, std::uint64_t now_ms);
    /** Shows the outcome of a top-up or close on the lease's card. */
    void set_action_result(const QString& lease_id, const QString& message, bool failed);

    /** The escrow the leases still hold and what they have spent, settled to `now_ms` by core's rule. */
    std::pair<Amount, Amount> totals(std::uint64_t now_ms) const;

    int row_of(const QString& lease_id) const { return m_index.value(lease_id, -1); }
    const Entry& entry(int row) const { return m_entries[static_cast<std::size_t>(row)]; }

    int count() const { return static_cast<int>(m_entries.size()); }
    bool loaded() const { return m_loaded; }
    QString newestLeaseId() const { return m_entries.empty() ? QString() : QString::number(m_entries.front().row.job.id); }

Q_SIGNALS:
    void countChanged();
    void loadedChanged();

private:
    static Entry make_entry(const LeaseRow& row);
    static QVariantList timeline(const Job& job);
    /** Recomputes the escrow, spend and time left at `now_ms`; true if any shown string changed. */
    static bool update_live(Entry& e, std::uint64_t now_ms);
    void reindex();

    std::vector<Entry> m_entries;
    QHash<QString, int> m_index;
    std::uint64_t m_now_ms = 0;
    bool m_loaded = false;
};

} // namespace berth::gui
