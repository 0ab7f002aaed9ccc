#include "jsonreader.h"

#include <price.h>

#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>
#include <QStringList>
#include <QVariant>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace berth {

namespace {

/** 2^53: from here on a double stands for more than one integer, so what was written may have been another. */
constexpr double first_inexact_double = 9007199254740992.0;

QString number_text(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QString range_text(std::uint64_t min, std::uint64_t max)
{
    if (min == 0 && max == std::numeric_limits<std::uint64_t>::max()) return QStringLiteral("a non-negative integer");
    return QStringLiteral("an integer from %1 to %2").arg(min).arg(max);
}

QString default_expected(QJsonValue::Type type)
{
    switch (type) {
    case QJsonValue::String: return QStringLiteral("a string");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Array: return QStringLiteral("an array");
    default: break;
    }
    return QStringLiteral("a number");
}

bool all_digits(const QString& text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); });
}

} // namespace

JsonReader JsonReader::parse(const QByteArray& text, const QString& subject)
{
    auto document = std::make_shared<Document>(Document{text, subject});
    QJsonParseError error{};
    const QJsonDocument parsed = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError) {
        const auto [line, column] = JsonLocator(text).line_column(error.offset);
        throw JsonFieldError(QString(), QStringLiteral("%1 is not valid JSON: %2").arg(subject, error.errorString()), line, column);
    }
    const QJsonValue root = parsed.isObject() ? QJsonValue(parsed.object()) : QJsonValue(parsed.array());
    return JsonReader(root, std::move(document), {}, QString());
}

JsonReader::JsonReader(QJsonValue value, const QString& subject)
    : JsonReader(std::move(value), std::make_shared<Document>(Document{QByteArray(), subject}), {}, QString())
{}

JsonReader::JsonReader(QJsonValue value, std::shared_ptr<const Document> document, QList<JsonPathStep> steps, QString path)
    : m_value(std::move(value)), m_document(std::move(document)), m_steps(std::move(steps)), m_path(std::move(path))
{}

JsonReader JsonReader::child(QJsonValue value, JsonPathStep step) const
{
    QString path =
        step.index >= 0 ? m_path + QStringLiteral("[%1]").arg(step.index) : (m_path.isEmpty() ? step.key : m_path + QLatin1Char('.') + step.key);
    QList<JsonPathStep> steps = m_steps;
    steps.append(std::move(step));
    return JsonReader(std::move(value), m_document, std::move(steps), std::move(path));
}

void JsonReader::fail(const QString& problem) const
{
    int line = 0;
    int column = 0;
    if (!m_document->text.isEmpty()) {
        const JsonLocator locator(m_document->text);
        std::tie(line, column) = locator.line_column(locator.offset_of(m_steps));
    }
    throw JsonFieldError(m_path, m_path.isEmpty() ? m_document->subject + QLatin1Char(' ') + problem : problem, line, column);
}

void JsonReader::require(QJsonValue::Type type, const QString& expected) const
{
    const QString wanted = expected.isEmpty() ? default_expected(type) : expected;
    if (m_value.isUndefined()) fail(QStringLiteral("is required; expected %1").arg(wanted));
    if (m_value.type() != type) fail(QStringLiteral("must be %1, not %2").arg(wanted, type_name(m_value)));
}

JsonReader JsonReader::field(const QString& key) const
{
    return child(object().value(key), JsonPathStep{key, -1});
}

QList<JsonReader> JsonReader::elements(const QString& expected) const
{
    const QJsonArray items = array(expected);
    QList<JsonReader> out;
    out.reserve(items.size());
    for (qsizetype i = 0; i < items.size(); ++i) out.append(child(items[i], JsonPathStep{QString(), i}));
    return out;
}

QList<JsonReader> JsonReader::members(const QString& expected) const
{
    const QJsonObject entries = object(expected);
    QList<JsonReader> out;
    out.reserve(entries.size());
    for (auto it = entries.begin(); it != entries.end(); ++it) out.append(child(it.value(), JsonPathStep{it.key(), -1}));
    return out;
}

QJsonObject JsonReader::object(const QString& expected) const
{
    require(QJsonValue::Object, expected);
    return m_value.toObject();
}

QJsonArray JsonReader::array(const QString& expected) const
{
    require(QJsonValue::Array, expected);
    return m_value.toArray();
}

void JsonReader::only_keys(std::initializer_list<const char*> known, const QString& owner) const
{
    for (const JsonReader& member : members()) {
        const QString key = member.key();
        if (std::none_of(known.begin(), known.end(), [&](const char* name) { return key == QLatin1String(name); })) {
            QStringList names;
            for (const char* name : known) names << quoted(QString::fromLatin1(name));
            member.fail(QStringLiteral("unknown field; %1 may only have %2").arg(owner, names.join(QStringLiteral(", "))));
        }
    }
}

QString JsonReader::string(const QString& expected) const
{
    require(QJsonValue::String, expected);
    return m_value.toString();
}

std::uint64_t JsonReader::unsigned_integer(std::uint64_t min, std::uint64_t max, IntegerForm form, const QString& expected) const
{
    const QString wanted = expected.isEmpty() ? range_text(min, max) : expected;
    if (form == IntegerForm::NumberOrString && m_value.isString()) {
        const QString text = m_value.toString();
        bool ok = all_digits(text);
        const qulonglong number = ok ? text.toULongLong(&ok) : 0;
        if (!ok) fail(QStringLiteral("must be %1 in decimal digits, got %2").arg(wanted, quoted(text)));
        if (number < min || number > max) fail(QStringLiteral("must be %1, got %2").arg(wanted, text));
        return number;
    }
    require(QJsonValue::Double, wanted);
    // The parser keeps a whole number that fits in 64 bits as an exact integer.
    const QVariant exact = m_value.toVariant();
    if (exact.typeId() == QMetaType::LongLong) {
        const qlonglong number = exact.toLongLong();
        if (number < 0 || static_cast<std::uint64_t>(number) < min || static_cast<std::uint64_t>(number) > max)
            fail(QStringLiteral("must be %1, got %2").arg(wanted).arg(number));
        // The parser also keeps a whole "9.007199254740993e15" as an integer, after a double has rounded it.
        if (static_cast<double>(number) >= first_inexact_double && !m_document->text.isEmpty()) {
            const JsonLocator locator(m_document->text);
            const QByteArray written = locator.scalar_at(locator.offset_of(m_steps));
            if (written.contains('.') || written.contains('e') || written.contains('E'))
                fail(QStringLiteral("must be %1, got %2, which is too large to be exact unless written as digits")
                         .arg(wanted, QString::fromLatin1(written)));
        }
        return static_cast<std::uint64_t>(number);
    }
    const double number = m_value.toDouble();
    if (!std::isfinite(number) || number != std::floor(number))
        fail(QStringLiteral("must be %1, got %2, which is not a whole number").arg(wanted, number_text(number)));
    if (number < static_cast<double>(min) || number > static_cast<double>(max))
        fail(QStringLiteral("must be %1, got %2").arg(wanted, number_text(number)));
    // Beyond 2^53 a double has already lost digits of what was written.
    if (number >= first_inexact_double)
        fail(QStringLiteral("must be %1, got %2, which is too large to be exact unless written as digits").arg(wanted, number_text(number)));
    return static_cast<std::uint64_t>(number);
}

Amount JsonReader::amount() const
{
    const QString text = string(QStringLiteral("a string of decimal base units"));
    try {
        return parse_base_units(text.toStdString());
    } catch (const std::invalid_argument& e) {
        fail(QStringLiteral("is not an amount of base units: %1").arg(QString::fromUtf8(e.what())));
    }
}

Amount JsonReader::price() const
{
    const QString text = string(QStringLiteral("a string of decimal base units per second"));
    try {
        return price::parse_per_s(text.toStdString());
    } catch (const std::invalid_argument& e) {
        fail(QStringLiteral("is not a price per second: %1").arg(QString::fromUtf8(e.what())));
    }
}

Address JsonReader::address() const
{
    const auto parsed = Address::parse(string(QStringLiteral("a berth address")).toStdString());
    if (!parsed) fail(QStringLiteral("is not a berth address"));
    return *parsed;
}

InstanceType JsonReader::instance_type() const
{
    InstanceType type;
    type.name = field("name").string().toStdString();
    const JsonReader vcpus = field("vcpus");
    Amount millicpus;
    try {
        millicpus = parse_amount(vcpus.string(QStringLiteral("a decimal string of cores")).toStdString(), 3);
    } catch (const std::invalid_argument& e) {
        vcpus.fail(QStringLiteral("is not a number of cores with up to 3 decimals: %1").arg(QString::fromUtf8(e.what())));
    }
    // Out-of-range values are clamped to one past the limit so that validate() names the field with its bounds.
    type.millicpus = millicpus > InstanceType::max_millicpus ? InstanceType::max_millicpus + 1 : static_cast<std::uint32_t>(millicpus);
    type.memory_mib = field("memory_mib").unsigned_integer(0, std::numeric_limits<std::uint64_t>::max(), IntegerForm::NumberOrString);
    const std::uint64_t processes =
        field("processes").unsigned_integer(0, std::numeric_limits<std::uint64_t>::max(), IntegerForm::NumberOrString);
    type.processes = static_cast<std::uint32_t>(std::min<std::uint64_t>(processes, InstanceType::max_processes + 1ULL));
    try {
        type.validate();
    } catch (const std::invalid_argument& e) {
        fail(QStringLiteral("is refused: %1").arg(QString::fromUtf8(e.what())));
    }
    return type;
}

QString JsonReader::type_name(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("a boolean");
    case QJsonValue::Double: return QStringLiteral("a number");
    case QJsonValue::String: return QStringLiteral("a string");
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("nothing");
}

QString JsonReader::quoted(const QString& text)
{
    constexpr qsizetype max_echo_chars = 80;
    const QString shown = text.size() > max_echo_chars ? text.left(max_echo_chars) + QStringLiteral("...") : text;
    return QLatin1Char('"') + shown + QLatin1Char('"');
}

} // namespace berth
