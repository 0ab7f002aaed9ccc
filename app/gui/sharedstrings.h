#pragma once

#include <QHash>
#include <QString>

#include <string>

namespace berth::gui {

/**
 * Hands out one QString per distinct text. A market of 100,000 providers names only a few
 * instance types and regions, so rows that take their strings from here share a handful of
 * buffers instead of holding a copy each (QString's implicit sharing is thread-safe, so the
 * rows may cross threads).
 */
class SharedStrings
{
public:
    QString get(const std::string& text);

private:
    QHash<QByteArray, QString> m_strings;
};

} // namespace berth::gui
