#pragma once

#include <address.h>
#include <amount.h>

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

/** Strict readers for required JSON fields, shared by the genesis file and RPC; each throws std::invalid_argument naming the field. */
namespace berth::json {

QString string(const QJsonObject& object, const char* field);
Amount amount(const QJsonObject& object, const char* field);
std::uint64_t unsigned_integer(const QJsonObject& object, const char* field);
Address address(const QJsonObject& object, const char* field);
QJsonObject object(const QJsonObject& object, const char* field);
QJsonArray array(const QJsonObject& object, const char* field);

inline QString amount_string(const Amount& value) { return QString::fromStdString(value.str()); }

} // namespace berth::json
