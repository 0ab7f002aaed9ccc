#include "loglistmodel.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace berth::gui {

LogListModel::LogListModel(QObject* parent) : QAbstractListModel(parent) {}

int LogListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant LogListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case TimeRole: return row.time;
    case SourceRole: return row.source;
    case StreamRole: return row.stream;
    case LineRole:
    case Qt::DisplayRole: return row.line;
    case TextRole: return QStringLiteral("%1 %2 %3  %4").arg(row.time, row.source, row.stream, row.line);
    default: return {};
    }
}

QHash<int, QByteArray> LogListModel::roleNames() const
{
    return {{TimeRole, "time"}, {SourceRole, "source"}, {StreamRole, "stream"}, {LineRole, "line"}, {TextRole, "text"}};
}

bool LogListModel::parse(const QByteArray& record, Row& row)
{
    const QJsonObject r = QJsonDocument::fromJson(record).object();
    const QDateTime time = QDateTime::fromString(r.value(QLatin1String("time")).toString(), Qt::ISODateWithMs);
    if (!time.isValid()) return false;
    row.time = time.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    row.source = QStringLiteral("%1#%2").arg(r.value(QLatin1String("service")).toString()).arg(r.value(QLatin1String("replica")).toInt());
    row.stream = r.value(QLatin1String("stream")).toString();
    row.line = r.value(QLatin1String("line")).toString();
    return true;
}

void LogListModel::append(const QList<QByteArray>& records)
{
    QList<Row> rows;
    for (const QByteArray& record : records)
        if (Row row; parse(record, row)) rows.append(std::move(row));
    if (rows.isEmpty()) return;
    if (m_paused) {
        m_waiting += rows;
        if (m_waiting.size() > max_rows) m_waiting.remove(0, m_waiting.size() - max_rows);
        Q_EMIT waitingChanged();
        return;
    }
    insert(std::move(rows));
}

void LogListModel::insert(QList<Row> rows)
{
    if (rows.size() > max_rows) rows.remove(0, rows.size() - max_rows);
    // The oldest make room first, so that the list never holds more than max_rows.
    const qsizetype overflow = m_rows.size() + rows.size() - max_rows;
    if (overflow > 0) {
        beginRemoveRows({}, 0, static_cast<int>(overflow - 1));
        m_rows.remove(0, overflow);
        endRemoveRows();
    }
    beginInsertRows({}, static_cast<int>(m_rows.size()), static_cast<int>(m_rows.size() + rows.size() - 1));
    m_rows += rows;
    endInsertRows();
    Q_EMIT countChanged();
}

void LogListModel::setPaused(bool paused)
{
    if (m_paused == paused) return;
    m_paused = paused;
    Q_EMIT pausedChanged();
    if (!paused && !m_waiting.isEmpty()) {
        insert(std::exchange(m_waiting, {}));
        Q_EMIT waitingChanged();
    }
}

void LogListModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
    m_waiting.clear();
    Q_EMIT countChanged();
    Q_EMIT waitingChanged();
}

} // namespace berth::gui
