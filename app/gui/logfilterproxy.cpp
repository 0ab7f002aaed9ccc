#include "logfilterproxy.h"

#include "loglistmodel.h"

namespace berth::gui {

LogFilterProxy::LogFilterProxy(QObject* parent) : QSortFilterProxyModel(parent)
{
    setFilterRole(LogListModel::TextRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(this, signal, this, &LogFilterProxy::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &LogFilterProxy::countChanged);
    connect(this, &QAbstractItemModel::layoutChanged, this, &LogFilterProxy::countChanged);
}

void LogFilterProxy::setText(const QString& text)
{
    if (m_text == text) return;
    m_text = text;
    setFilterFixedString(text);
    Q_EMIT textChanged();
    Q_EMIT countChanged();
}

QString LogFilterProxy::shownText() const
{
    QStringList lines;
    for (int row = 0; row < rowCount(); ++row) lines.append(index(row, 0).data(LogListModel::TextRole).toString());
    return lines.join(QLatin1Char('\n'));
}

} // namespace berth::gui
