#include "spendseriesmodel.h"

#include "providerrow.h"

#include <algorithm>
#include <cmath>

namespace berth::gui {

namespace {

double usdc_value(const Amount& amount)
{
    return format_usdc(amount).toDouble();
}

} // namespace

SpendSeriesModel::SpendSeriesModel(int capacity, QObject* parent) : QAbstractTableModel(parent), m_capacity(std::max(capacity, 2)) {}

int SpendSeriesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : count();
}

int SpendSeriesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SpendSeriesModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    if (role != Qt::DisplayRole && role != Qt::EditRole) return {};
    const Point& p = m_points[static_cast<std::size_t>(index.row())];
    switch (index.column()) {
    case TimeColumn: return p.time_ms;
    case EscrowColumn: return p.escrow;
    case SpentColumn: return p.spent;
    default: return {};
    }
}

QVariant SpendSeriesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case EscrowColumn: return tr("Escrow held");
    case SpentColumn: return tr("Spent");
    default: return {};
    }
}

void SpendSeriesModel::clear()
{
    beginResetModel();
    m_points.clear();
    endResetModel();
    Q_EMIT rangeChanged();
}

void SpendSeriesModel::sample(std::uint64_t time_ms, const Amount& escrow, const Amount& spent)
{
    const Point point{static_cast<double>(time_ms), usdc_value(escrow), usdc_value(spent)};
    const auto same = [&point](const Point& p) { return p.escrow == point.escrow && p.spent == point.spent; };
    const int n = count();
    if (n >= 2 && same(m_points[static_cast<std::size_t>(n - 1)]) && same(m_points[static_cast<std::size_t>(n - 2)])) {
        // A flat stretch: its start stays, its end moves to now.
        m_points.back().time_ms = point.time_ms;
        Q_EMIT dataChanged(index(n - 1, TimeColumn), index(n - 1, TimeColumn));
    } else {
        beginInsertRows(QModelIndex(), n, n);
        m_points.push_back(point);
        endInsertRows();
        if (count() > m_capacity) {
            beginRemoveRows(QModelIndex(), 0, 0);
            m_points.pop_front();
            endRemoveRows();
        }
    }
    Q_EMIT rangeChanged();
}

QDateTime SpendSeriesModel::minTime() const
{
    return m_points.empty() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(m_points.front().time_ms), Qt::UTC);
}

QDateTime SpendSeriesModel::maxTime() const
{
    if (m_points.empty()) return QDateTime();
    // At least a minute wide, so the first samples do not squeeze into a point.
    const double end = std::max(m_points.back().time_ms, m_points.front().time_ms + 60'000.0);
    return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(end), Qt::UTC);
}

double SpendSeriesModel::maxValue() const
{
    double top = 0;
    for (const Point& p : m_points) top = std::max({top, p.escrow, p.spent});
    if (top <= 1) return 1;
    // 1, 2 or 5 times a power of ten: an axis with round ticks.
    const double magnitude = std::pow(10.0, std::floor(std::log10(top)));
    for (const double step : {1.0, 2.0, 5.0, 10.0})
        if (top <= step * magnitude) return step * magnitude;
    return 10 * magnitude;
}

} // namespace berth::gui
