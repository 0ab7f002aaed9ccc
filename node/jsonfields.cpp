#include "jsonfields.h"

#include <QJsonArray>

#include <stdexcept>

namespace berth::json {

static std::invalid_argument field_error(const char* field, const char* problem)
{
    return std::invalid_argument(std::string("'") + field + "' " + problem);
}

QString string(const QJsonObject& object, const char* field)
{
    const QJsonValue v = object.value(QLatin1String(field));
    if (!v.isString()) throw field_error(field, v.isUndefined() ? "is missing" : "must be a string");
    return v.toString();
}

Amount amount(const QJsonObject& object, const char* field)
{
    const QString text = string(object, field);
    try {
        return parse_base_units(text.toStdString());
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("'") + field + "': " + e.what());
    }
}

Amount price(const QJsonObject& object, const char* field)
{
    const QString text = string(object, field);
    try {
        return price::parse_per_s(text.toStdString());
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("'") + field + "': " + e.what());
    }
}

std::uint64_t unsigned_integer(const QJsonObject& object, const char* field)
{
    const QJsonValue v = object.value(QLatin1String(field));
    if (v.isString()) {
        bool ok = false;
        const qulonglong n = v.toString().toULongLong(&ok);
        if (!ok) throw field_error(field, "must be a non-negative integer");
        return n;
    }
    if (!v.isDouble()) throw field_error(field, v.isUndefined() ? "is missing" : "must be a non-negative integer");
    const double d = v.toDouble();
    if (d < 0 || d > 9007199254740991.0 || d != static_cast<double>(static_cast<std::uint64_t>(d)))
        throw field_error(field, "must be a non-negative integer");
    return static_cast<std::uint64_t>(d);
}

Address address(const QJsonObject& object, const char* field)
{
    const auto parsed = Address::parse(string(object, field).toStdString());
    if (!parsed) throw field_error(field, "is not a berth address");
    return *parsed;
}

QJsonObject object(const QJsonObject& object, const char* field)
{
    const QJsonValue v = object.value(QLatin1String(field));
    if (!v.isObject()) throw field_error(field, v.isUndefined() ? "is missing" : "must be an object");
    return v.toObject();
}

QJsonArray array(const QJsonObject& object, const char* field)
{
    const QJsonValue v = object.value(QLatin1String(field));
    if (!v.isArray()) throw field_error(field, v.isUndefined() ? "is missing" : "must be an array");
    return v.toArray();
}

} // namespace berth::json
