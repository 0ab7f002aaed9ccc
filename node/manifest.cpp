#include "manifest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QLocale>
#include <QSet>
#include <QUrl>

#include <cmath>
#include <initializer_list>

namespace berth {

namespace {

constexpr qsizetype max_name_chars = 63;
constexpr qsizetype max_image_chars = 512;
constexpr qsizetype max_ports = 8;
constexpr qsizetype max_env_entries = 64;
constexpr qsizetype max_env_key_chars = 128;
constexpr qsizetype max_env_value_chars = 4096;
constexpr int max_cpu_millis = 64000;
constexpr int max_memory_mb = 1048576;
constexpr qsizetype max_health_path_chars = 256;
constexpr qsizetype max_content_entries = 64;
constexpr qsizetype max_command_args = 64;

const QString static_http_name = QStringLiteral("static-http");
const QString command_name = QStringLiteral("command");

[[noreturn]] void fail(const QString& field, const QString& message)
{
    throw ManifestError(field, message);
}

QString member(const QString& parent, const QString& key)
{
    return parent.isEmpty() ? key : parent + QLatin1Char('.') + key;
}

QString element(const QString& parent, qsizetype index)
{
    return parent + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

QString type_name(const QJsonValue& value)
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

QString number_text(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

/** Echoes a value back, cut short so that a huge rejected string does not balloon the error. */
QString quoted(const QString& text)
{
    constexpr qsizetype max_echo_chars = 80;
    const QString shown = text.size() > max_echo_chars ? text.left(max_echo_chars) + QStringLiteral("...") : text;
    return QLatin1Char('"') + shown + QLatin1Char('"');
}

QString list_text(std::initializer_list<const char*> names)
{
    QStringList quoted_names;
    for (const char* name : names) quoted_names << quoted(QString::fromLatin1(name));
    return quoted_names.join(QStringLiteral(", "));
}

/** Strictness starts here: a key we do not know is more likely a typo than something to ignore. */
void reject_unknown_keys(const QJsonObject& object, const QString& path, std::initializer_list<const char*> known,
                         const QString& owner)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        bool found = false;
        for (const char* name : known) found = found || it.key() == QLatin1String(name);
        if (!found) fail(member(path, it.key()), QStringLiteral("unknown field; %1 may only have %2").arg(owner, list_text(known)));
    }
}

void require_present(const QJsonValue& value, const QString& path, const QString& expected)
{
    if (value.isUndefined()) fail(path, QStringLiteral("is required; expected %1").arg(expected));
}

void require_type(const QJsonValue& value, const QString& path, QJsonValue::Type type, const QString& expected)
{
    require_present(value, path, expected);
    if (value.type() != type) fail(path, QStringLiteral("must be %1, not %2").arg(expected, type_name(value)));
}

/**
 * JSON has one number type, so an integer is any number with no fractional part; the range is
 * checked on the double so that a huge value cannot overflow the conversion.
 */
int integer(const QJsonValue& value, const QString& path, int min, int max)
{
    const QString expected = QStringLiteral("an integer from %1 to %2").arg(min).arg(max);
    require_type(value, path, QJsonValue::Double, expected);
    const double number = value.toDouble();
    if (!std::isfinite(number) || number != std::floor(number))
        fail(path, QStringLiteral("must be %1, got %2, which is not a whole number").arg(expected, number_text(number)));
    if (number < min || number > max) fail(path, QStringLiteral("must be %1, got %2").arg(expected, number_text(number)));
    return static_cast<int>(number);
}

QString string(const QJsonValue& value, const QString& path, const QString& expected)
{
    require_type(value, path, QJsonValue::String, expected);
    return value.toString();
}

QJsonObject object(const QJsonValue& value, const QString& path, const QString& expected)
{
    require_type(value, path, QJsonValue::Object, expected);
    return value.toObject();
}

QJsonArray array(const QJsonValue& value, const QString& path, const QString& expected)
{
    require_type(value, path, QJsonValue::Array, expected);
    return value.toArray();
}

bool has_whitespace_or_control(const QString& text)
{
    for (const QChar c : text)
        if (c.isSpace() || c.category() == QChar::Other_Control) return true;
    return false;
}

/** A NUL cannot reach a process: the environment and argv are C strings and would silently cut it off. */
void reject_nul(const QString& text, const QString& path)
{
    if (text.contains(QChar(0))) fail(path, QStringLiteral("must not contain a NUL character"));
}

/** The name ends up in host names and URLs, hence the DNS label rules. */
QString parse_name(const QJsonValue& value, const QString& path)
{
    const QString expected = QStringLiteral("1 to %1 characters of a-z, 0-9 and \"-\", not starting or ending with \"-\"")
                                 .arg(max_name_chars);
    const QString name = string(value, path, QStringLiteral("a string of ") + expected);
    bool ok = !name.isEmpty() && name.size() <= max_name_chars && !name.startsWith(QLatin1Char('-'))
              && !name.endsWith(QLatin1Char('-'));
    for (const QChar c : name)
        ok = ok && ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
                    || c == QLatin1Char('-'));
    if (!ok) fail(path, QStringLiteral("must be %1, got %2").arg(expected, quoted(name)));
    return name;
}

QString parse_image(const QJsonValue& value, const QString& path)
{
    const QString schemes = QStringLiteral("https, http, ipfs, oci");
    const QString image = string(value, path, QStringLiteral("a URL with one of the schemes ") + schemes);
    if (image.isEmpty()) fail(path, QStringLiteral("must not be empty; expected a URL with one of the schemes %1").arg(schemes));
    if (image.size() > max_image_chars)
        fail(path, QStringLiteral("is %1 characters long; the limit is %2").arg(image.size()).arg(max_image_chars));
    const QUrl url(image, QUrl::StrictMode);
    if (!url.isValid()) fail(path, QStringLiteral("is not a valid URL: %1").arg(url.errorString()));
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http") && scheme != QLatin1String("ipfs")
        && scheme != QLatin1String("oci"))
        fail(path, QStringLiteral("must use one of the schemes %1, got %2").arg(schemes, quoted(image)));
    // An ipfs CID or an oci registry sits where the host is, so every accepted scheme needs one.
    if (url.host().isEmpty()) fail(path, QStringLiteral("must name a host after \"%1://\"").arg(scheme));
    return image;
}

WorkloadKind parse_kind(const QJsonValue& value, const QString& path)
{
    const QString expected = QStringLiteral("\"static-http\" or \"command\"");
    const QString kind = string(value, path, expected);
    if (kind == static_http_name) return WorkloadKind::StaticHttp;
    if (kind == command_name) return WorkloadKind::Command;
    fail(path, QStringLiteral("must be %1, got %2").arg(expected, quoted(kind)));
}

QList<quint16> parse_ports(const QJsonValue& value, const QString& path, WorkloadKind kind)
{
    const QJsonArray items = array(value, path, QStringLiteral("an array of 1 to %1 port numbers").arg(max_ports));
    if (items.isEmpty()) fail(path, QStringLiteral("must list at least one port"));
    if (items.size() > max_ports)
        fail(path, QStringLiteral("lists %1 ports; the limit is %2").arg(items.size()).arg(max_ports));
    // The built-in static server listens on one socket; more ports would be promised and never served.
    if (kind == WorkloadKind::StaticHttp && items.size() != 1)
        fail(path, QStringLiteral("a static-http service serves exactly one port, got %1").arg(items.size()));
    QList<quint16> ports;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString item_path = element(path, i);
        const auto port = static_cast<quint16>(integer(items[i], item_path, 1, 65535));
        if (ports.contains(port)) fail(item_path, QStringLiteral("duplicate port %1; ports must be unique").arg(port));
        ports << port;
    }
    return ports;
}

/**
 * Why a manifest may not set this variable, or an empty string. The loader's variables would run
 * code of the tenant's choosing inside the provider's own programs (berth-workload), and the
 * runtime sets PORT and HOST itself.
 */
QString reserved_env(const QString& key)
{
    if (key.startsWith(QLatin1String("LD_")) || key == QLatin1String("GCONV_PATH") || key == QLatin1String("LOCPATH") ||
        key == QLatin1String("MALLOC_CONF") || key == QLatin1String("GLIBC_TUNABLES"))
        return QStringLiteral("is not allowed: variables of the dynamic loader and the C library (LD_*, GCONV_PATH, LOCPATH, "
                              "GLIBC_TUNABLES, MALLOC_CONF) would let a manifest run code in the provider's programs");
    if (key == QLatin1String("PORT") || key == QLatin1String("HOST"))
        return QStringLiteral("is set by the provider's runtime: the address the replica listens on");
    if (key.startsWith(QLatin1String("BERTH_"))) return QStringLiteral("is not allowed: BERTH_* names belong to the node");
    return {};
}

QMap<QString, QString> parse_env(const QJsonValue& value, const QString& path)
{
    QMap<QString, QString> env;
    if (value.isUndefined()) return env;
    const QJsonObject entries =
        object(value, path, QStringLiteral("an object mapping variable names to string values"));
    if (entries.size() > max_env_entries)
        fail(path, QStringLiteral("has %1 variables; the limit is %2").arg(entries.size()).arg(max_env_entries));
    for (auto it = entries.begin(); it != entries.end(); ++it) {
        const QString& key = it.key();
        const QString entry_path = member(path, key);
        bool ok = !key.isEmpty() && !key.front().isDigit();
        for (const QChar c : key)
            ok = ok && ((c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
                        || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_'));
        if (!ok) fail(entry_path, QStringLiteral("is not a valid variable name; names must match [A-Za-z_][A-Za-z0-9_]*"));
        if (const QString why = reserved_env(key); !why.isEmpty()) fail(entry_path, why);
        if (key.size() > max_env_key_chars)
            fail(entry_path,
                 QStringLiteral("the name is %1 characters long; the limit is %2").arg(key.size()).arg(max_env_key_chars));
        const QString text = string(it.value(), entry_path, QStringLiteral("a string"));
        if (text.size() > max_env_value_chars)
            fail(entry_path,
                 QStringLiteral("the value is %1 characters long; the limit is %2").arg(text.size()).arg(max_env_value_chars));
        reject_nul(text, entry_path);
        env.insert(key, text);
    }
    return env;
}

ServiceResources parse_resources(const QJsonValue& value, const QString& path)
{
    const QJsonObject fields =
        object(value, path, QStringLiteral("an object with \"cpu_millis\" and \"memory_mb\""));
    reject_unknown_keys(fields, path, {"cpu_millis", "memory_mb"}, QStringLiteral("resources"));
    ServiceResources resources;
    resources.cpu_millis = integer(fields.value(QLatin1String("cpu_millis")), member(path, QStringLiteral("cpu_millis")), 1,
                                   max_cpu_millis);
    resources.memory_mb = integer(fields.value(QLatin1String("memory_mb")), member(path, QStringLiteral("memory_mb")), 1,
                                  max_memory_mb);
    return resources;
}

QString parse_health_path(const QJsonValue& value, const QString& path, WorkloadKind kind)
{
    if (value.isUndefined())
        return kind == WorkloadKind::StaticHttp ? QStringLiteral("/healthz") : QStringLiteral("/");
    const QString expected = QStringLiteral("a URL path starting with \"/\", at most %1 characters, without whitespace")
                                 .arg(max_health_path_chars);
    const QString health = string(value, path, expected);
    if (!health.startsWith(QLatin1Char('/')) || health.size() > max_health_path_chars || has_whitespace_or_control(health))
        fail(path, QStringLiteral("must be %1, got %2").arg(expected, quoted(health)));
    return health;
}

/**
 * Content keys are request paths the static server answers; ".." (even percent-encoded) is
 * refused so that no later change to a file-backed server can turn a key into a path escape.
 */
void check_content_path(const QString& key, const QString& path)
{
    if (!key.startsWith(QLatin1Char('/'))) fail(path, QStringLiteral("a content path must start with \"/\""));
    if (has_whitespace_or_control(key)) fail(path, QStringLiteral("a content path must not contain whitespace"));
    const QStringList segments = key.split(QLatin1Char('/'));
    for (const QString& segment : segments)
        if (QUrl::fromPercentEncoding(segment.toUtf8()) == QLatin1String(".."))
            fail(path, QStringLiteral("a content path must not contain \"..\" segments"));
}

QMap<QString, QByteArray> parse_content(const QJsonValue& value, const QString& path, WorkloadKind kind)
{
    QMap<QString, QByteArray> content;
    if (kind != WorkloadKind::StaticHttp) {
        if (!value.isUndefined()) fail(path, QStringLiteral("is only allowed for a static-http service"));
        return content;
    }
    const QJsonObject entries = object(
        value, path,
        QStringLiteral("an object mapping 1 to %1 URL paths to the bodies a static-http service serves").arg(max_content_entries));
    if (entries.isEmpty()) fail(path, QStringLiteral("must have at least one entry"));
    if (entries.size() > max_content_entries)
        fail(path, QStringLiteral("has %1 entries; the limit is %2").arg(entries.size()).arg(max_content_entries));
    for (auto it = entries.begin(); it != entries.end(); ++it) {
        const QString entry_path = member(path, it.key());
        check_content_path(it.key(), entry_path);
        content.insert(it.key(), string(it.value(), entry_path, QStringLiteral("a string")).toUtf8());
    }
    return content;
}

QStringList parse_command(const QJsonValue& value, const QString& path, WorkloadKind kind)
{
    QStringList command;
    if (kind != WorkloadKind::Command) {
        if (!value.isUndefined()) fail(path, QStringLiteral("is only allowed for a command service"));
        return command;
    }
    const QJsonArray items = array(
        value, path,
        QStringLiteral("an array of 1 to %1 non-empty strings: the program and its arguments").arg(max_command_args));
    if (items.isEmpty()) fail(path, QStringLiteral("must list at least the program to run"));
    if (items.size() > max_command_args)
        fail(path, QStringLiteral("has %1 items; the limit is %2").arg(items.size()).arg(max_command_args));
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString item_path = element(path, i);
        const QString argument = string(items[i], item_path, QStringLiteral("a non-empty string"));
        if (argument.isEmpty()) fail(item_path, QStringLiteral("must not be empty"));
        reject_nul(argument, item_path);
        command << argument;
    }
    return command;
}

ServiceSpec parse_service(const QJsonValue& value, const QString& path)
{
    const QJsonObject fields = object(value, path, QStringLiteral("an object describing a service"));
    reject_unknown_keys(fields, path,
                        {"name", "image", "kind", "ports", "env", "resources", "replicas", "health_path", "content", "command"},
                        QStringLiteral("a service"));
    const auto field = [&](const char* key) { return fields.value(QLatin1String(key)); };
    const auto field_path = [&](const char* key) { return member(path, QString::fromLatin1(key)); };

    ServiceSpec service;
    service.name = parse_name(field("name"), field_path("name"));
    service.image = parse_image(field("image"), field_path("image"));
    service.kind = parse_kind(field("kind"), field_path("kind"));
    service.ports = parse_ports(field("ports"), field_path("ports"), service.kind);
    service.env = parse_env(field("env"), field_path("env"));
    service.resources = parse_resources(field("resources"), field_path("resources"));
    if (!field("replicas").isUndefined())
        service.replicas = integer(field("replicas"), field_path("replicas"), 1, Manifest::max_replicas);
    service.health_path = parse_health_path(field("health_path"), field_path("health_path"), service.kind);
    service.content = parse_content(field("content"), field_path("content"), service.kind);
    service.command = parse_command(field("command"), field_path("command"), service.kind);
    return service;
}

} // namespace

Manifest Manifest::parse(const QByteArray& json)
{
    // Checked before parsing so that an oversized upload costs nothing beyond reading it.
    if (json.size() > max_bytes)
        fail(QString(), QStringLiteral("the manifest is %1 bytes; the limit is %2 bytes").arg(json.size()).arg(max_bytes));

    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        fail(QString(), QStringLiteral("not valid JSON: %1 at offset %2").arg(error.errorString()).arg(error.offset));
    if (!document.isObject())
        fail(QString(), QStringLiteral("the manifest must be a JSON object, not %1")
                            .arg(document.isArray() ? QStringLiteral("an array") : QStringLiteral("a scalar")));

    const QJsonObject root = document.object();
    reject_unknown_keys(root, QString(), {"version", "services"}, QStringLiteral("a manifest"));

    const QString version_path = QStringLiteral("version");
    const QJsonValue version = root.value(version_path);
    require_type(version, version_path, QJsonValue::Double, QStringLiteral("the integer 1"));
    if (version.toDouble() != 1)
        fail(version_path,
             QStringLiteral("unsupported manifest version %1; only version 1 is understood").arg(number_text(version.toDouble())));

    const QString services_path = QStringLiteral("services");
    const QJsonArray services =
        array(root.value(services_path), services_path, QStringLiteral("an array of 1 to %1 services").arg(max_services));
    if (services.isEmpty()) fail(services_path, QStringLiteral("must list at least one service"));
    if (services.size() > max_services)
        fail(services_path, QStringLiteral("lists %1 services; the limit is %2").arg(services.size()).arg(max_services));

    Manifest manifest;
    manifest.version = 1;
    QSet<QString> names;
    for (qsizetype i = 0; i < services.size(); ++i) {
        const QString service_path = element(services_path, i);
        ServiceSpec service = parse_service(services[i], service_path);
        if (names.contains(service.name))
            fail(member(service_path, QStringLiteral("name")),
                 QStringLiteral("duplicate service name %1; service names must be unique").arg(quoted(service.name)));
        names.insert(service.name);
        manifest.services << std::move(service);
    }
    return manifest;
}

} // namespace berth
