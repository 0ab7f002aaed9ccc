#pragma once

#include <QAbstractListModel>

#include <algorithm>
#include <deque>
#include <vector>

namespace berth::gui {

/**
 * The rows and row changes of a bounded list that is fed block by block and shows the newest
 * first: the Node page's events and the Wallet's history. A block's rows arrive in the order
 * it emitted them and go in at the top; beyond `capacity` the oldest fall off the bottom, so
 * a node that runs for days does not grow the GUI's memory. The one reset is replace().
 * Subclasses add data(), roleNames() and the count notification.
 */
template <typename Row>
class NewestFirstFeed : public QAbstractListModel
{
public:
    int rowCount(const QModelIndex& parent = QModelIndex()) const override { return parent.isValid() ? 0 : count(); }
    int count() const { return static_cast<int>(m_rows.size()); }
    int capacity() const { return m_capacity; }

protected:
    explicit NewestFirstFeed(int capacity, QObject* parent) : QAbstractListModel(parent), m_capacity(std::max(capacity, 1)) {}

    const Row& row(int index) const { return m_rows[static_cast<std::size_t>(index)]; }
    /** Called after every change of the row count. */
    virtual void count_changed() = 0;

    /** Adds one block's rows, given in the order the block emitted them. */
    void prepend(const std::vector<Row>& rows)
    {
        if (rows.empty()) return;
        // Only the newest `capacity` of this batch can ever be shown.
        const std::size_t keep = std::min(rows.size(), static_cast<std::size_t>(m_capacity));
        beginInsertRows(QModelIndex(), 0, static_cast<int>(keep) - 1);
        for (auto it = rows.end() - static_cast<std::ptrdiff_t>(keep); it != rows.end(); ++it) m_rows.push_front(*it);
        endInsertRows();
        if (count() > m_capacity) {
            beginRemoveRows(QModelIndex(), m_capacity, count() - 1);
            m_rows.erase(m_rows.begin() + m_capacity, m_rows.end());
            endRemoveRows();
        }
        count_changed();
    }

    /** Replaces every row with `newest_first`. */
    void replace(const std::vector<Row>& newest_first)
    {
        beginResetModel();
        const std::size_t keep = std::min(newest_first.size(), static_cast<std::size_t>(m_capacity));
        m_rows.assign(newest_first.begin(), newest_first.begin() + static_cast<std::ptrdiff_t>(keep));
        endResetModel();
        count_changed();
    }

private:
    std::deque<Row> m_rows;
    int m_capacity;
};

} // namespace berth::gui
