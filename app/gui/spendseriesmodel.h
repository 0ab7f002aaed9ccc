#pragma once

#include <amount.h>

#include <QAbstractTableModel>
#include <QDateTime>

#include <cstdint>
#include <deque>

namespace berth::gui {

/**
 * The Wallet chart's data: one row per sample of the current identity's leases, with the
 * block time (column 0, ms since the epoch), the escrow they still hold (column 1) and what
 * they have spent (column 2), both in USDC. A sample is taken every block; while nothing
 * changes the last row only moves forward in time, so a flat stretch costs one row, and the
 * oldest rows go once there are `capacity`. The values are doubles because a plot needs
 * them; every amount the user reads elsewhere stays an exact string.
 */
class SpendSeriesModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY rangeChanged)
    Q_PROPERTY(QDateTime minTime READ minTime NOTIFY rangeChanged)
    Q_PROPERTY(QDateTime maxTime READ maxTime NOTIFY rangeChanged)
    /** The largest value shown, rounded up to a readable axis maximum (at least 1). */
    Q_PROPERTY(double maxValue READ maxValue NOTIFY rangeChanged)

public:
    enum Column { TimeColumn = 0, EscrowColumn, SpentColumn, ColumnCount };
    Q_ENUM(Column)

    explicit SpendSeriesModel(int capacity = 720, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /** Forgets every sample, for a newly chosen identity. */
    void clear();
    /** Records the totals at block time `time_ms`. */
    void sample(std::uint64_t time_ms, const Amount& escrow, const Amount& spent);

    int count() const { return static_cast<int>(m_points.size()); }
    QDateTime minTime() const;
    QDateTime maxTime() const;
    double maxValue() const;

Q_SIGNALS:
    void rangeChanged();

private:
    struct Point {
        double time_ms = 0;
        double escrow = 0;
        double spent = 0;
    };
    std::deque<Point> m_points;
    int m_capacity;
};

} // namespace berth::gui
