#include "jsonfields.h"

#include <algorithm>

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

InstanceType instance_type(const QJsonObject& object)
{
    InstanceType type;
    type.name = string(object, "name").toStdString();
    const std::string vcpus = string(object, "vcpus").toStdString();
    Amount millicpus;
    try {
        millicpus = parse_amount(vcpus, 3);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("instance type '" + type.name + "': 'vcpus': " + e.what());
    }
    type.millicpus = millicpus > InstanceType::max_millicpus ? InstanceType::max_millicpus + 1 : static_cast<std::uint32_t>(millicpus);
    type.memory_mib = unsigned_integer(object, "memory_mib");
    const std::uint64_t processes = unsigned_integer(object, "processes");
    type.processes = static_cast<std::uint32_t>(std::min<std::uint64_t>(processes, InstanceType::max_processes + 1ULL));
    type.validate();
    return type;
}

QJsonObject instance_type_json(const InstanceType& type)
{
    return QJsonObject{{"name", QString::fromStdString(type.name)},
                       {"vcpus", QString::fromStdString(format_amount(type.millicpus, 3))},
                       {"memory_mib", QString::number(type.memory_mib)},
                       {"processes", QString::number(type.processes)}};
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
