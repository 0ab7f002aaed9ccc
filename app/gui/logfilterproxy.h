#pragma once

#include <QSortFilterProxyModel>
#include <QString>

namespace berth::gui {

/**
 * A lease's log lines narrowed to those containing a text (any case) in their time, source,
 * stream or line, in the source's order; it also gives the lines it shows as one text, for copying.
 */
class LogFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    explicit LogFilterProxy(QObject* parent = nullptr);

    QString text() const { return m_text; }
    void setText(const QString& text);
    int count() const { return rowCount(); }
    /** The shown lines, one per line of text. */
    Q_INVOKABLE QString shownText() const;

Q_SIGNALS:
    void textChanged();
    void countChanged();

private:
    QString m_text;
};

} // namespace berth::gui
