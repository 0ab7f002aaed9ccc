#pragma once

#include <address.h>
#include <amount.h>
#include <instancetype.h>
#include <price.h>

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

/** Strict readers for required JSON fields, shared by the genesis file and RPC; each throws std::invalid_argument naming the field. */
namespace berth::json {

QString string(const QJsonObject& object, const char* field);
Amount amount(const QJsonObject& object, const char* field);
/** A per-second price written as decimal base units per second ("20", "5.555555555555"), read as a rate (core/price.h). */
Amount price(const QJsonObject& object, const char* field);
std::uint64_t unsigned_integer(const QJsonObject& object, const char* field);
Address address(const QJsonObject& object, const char* field);
QJsonObject object(const QJsonObject& object, const char* field);
QJsonArray array(const QJsonObject& object, const char* field);
/** {"name", "vcpus" (decimal, up to 3 places), "memory_mib", "processes"}, validated. */
InstanceType instance_type(const QJsonObject& object);
QJsonObject instance_type_json(const InstanceType& type);

inline QString amount_string(const Amount& value) { return QString::fromStdString(value.str()); }
/** A rate as decimal base units per second, the form price() reads. */
inline QString price_string(const Amount& rate) { return QString::fromStdString(price::format_per_s(rate)); }
/** A rate as decimal USDC per hour, rounded to 12 decimals. */
inline QString price_per_hour_string(const Amount& rate) { return QString::fromStdString(price::format_per_hour(rate)); }

} // namespace berth::json
