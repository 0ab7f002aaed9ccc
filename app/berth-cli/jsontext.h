#pragma once

#include <QJsonObject>
#include <QLatin1String>
#include <QString>

#include <string>

namespace berth::cli {

// The two conversions every command makes: the ledger's std::string to Qt, and a field of the
// node's JSON as text (empty when it is missing).

inline QString qstr(const std::string& text)
{
    return QString::fromStdString(text);
}

inline QString field(const QJsonObject& object, const char* name)
{
    return object.value(QLatin1String(name)).toString();
}

} // namespace berth::cli
