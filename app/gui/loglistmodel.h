#pragma once

#include <QAbstractListModel>
#include <QByteArray>
#include <QList>
#include <QString>

namespace berth::gui {

/**
 * The lines of one lease's logs the app shows: each ReplicaLog record as time, source
 * ("web#0"), stream and text, oldest first, never more than max_rows (the oldest go first), so
 * that a workload printing without end keeps the window's memory bounded. While paused, new lines
 * wait (bounded the same way) and come in at once on resume, so a reader can look at a line
 * without the list moving under it.
 */
class LogListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool paused READ paused WRITE setPaused NOTIFY pausedChanged)
    Q_PROPERTY(int waiting READ waiting NOTIFY waitingChanged)

public:
    enum Role { TimeRole = Qt::UserRole + 1, SourceRole, StreamRole, LineRole, TextRole };
    Q_ENUM(Role)

    static constexpr int max_rows = 2000;

    explicit LogListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(m_rows.size()); }
    bool paused() const { return m_paused; }
    void setPaused(bool paused);
    int waiting() const { return static_cast<int>(m_waiting.size()); }

    /** Adds records (ReplicaLog's JSON objects); malformed ones are skipped. */
    void append(const QList<QByteArray>& records);
    void clear();

Q_SIGNALS:
    void countChanged();
    void pausedChanged();
    void waitingChanged();

private:
    struct Row {
        QString time;
        QString source;
        QString stream;
        QString line;
    };
    static bool parse(const QByteArray& record, Row& row);
    void insert(QList<Row> rows);

    QList<Row> m_rows;
    QList<Row> m_waiting;
    bool m_paused = false;
};

} // namespace berth::gui
