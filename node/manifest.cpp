#include "manifest.h"

#include "jsonreader.h"

#include <QSet>
#include <QUrl>

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

QString quoted(const QString& text)
{
    return JsonReader::quoted(text);
}

int integer(const JsonReader& value, int min, int max)
{
    return static_cast<int>(value.unsigned_integer(static_cast<std::uint64_t>(min), static_cast<std::uint64_t>(max)));
}

bool has_whitespace_or_control(const QString& text)
{
    for (const QChar c : text)
        if (c.isSpace() || c.category() == QChar::Other_Control) return true;
    return false;
}

/** A NUL cannot reach a process: the environment and argv are C strings and would silently cut it off. */
void reject_nul(const QString& text, const JsonReader& value)
{
    if (text.contains(QChar(0))) value.fail(QStringLiteral("must not contain a NUL character"));
}

/** The name ends up in host names and URLs, hence the DNS label rules. */
QString parse_name(const JsonReader& value)
{
    const QString expected = QStringLiteral("1 to %1 characters of a-z, 0-9 and \"-\", not starting or ending with \"-\"").arg(max_name_chars);
    const QString name = value.string(QStringLiteral("a string of ") + expected);
    bool ok = !name.isEmpty() && name.size() <= max_name_chars && !name.startsWith(QLatin1Char('-')) && !name.endsWith(QLatin1Char('-'));
    for (const QChar c : name)
        ok = ok &&
             ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-'));
    if (!ok) value.fail(QStringLiteral("must be %1, got %2").arg(expected, quoted(name)));
    return name;
}

QString parse_image(const JsonReader& value)
{
    const QString schemes = QStringLiteral("https, http, ipfs, oci");
    const QString image = value.string(QStringLiteral("a URL with one of the schemes ") + schemes);
    if (image.isEmpty()) value.fail(QStringLiteral("must not be empty; expected a URL with one of the schemes %1").arg(schemes));
    if (image.size() > max_image_chars)
        value.fail(QStringLiteral("is %1 characters long; the limit is %2").arg(image.size()).arg(max_image_chars));
    const QUrl url(image, QUrl::StrictMode);
    if (!url.isValid()) value.fail(QStringLiteral("is not a valid URL: %1").arg(url.errorString()));
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http") && scheme != QLatin1String("ipfs") && scheme != QLatin1String("oci"))
        value.fail(QStringLiteral("must use one of the schemes %1, got %2").arg(schemes, quoted(image)));
    // An ipfs CID or an oci registry sits where the host is, so every accepted scheme needs one.
    if (url.host().isEmpty()) value.fail(QStringLiteral("must name a host after \"%1://\"").arg(scheme));
    return image;
}

WorkloadKind parse_kind(const JsonReader& value)
{
    const QString expected = QStringLiteral("\"static-http\" or \"command\"");
    const QString kind = value.string(expected);
    if (kind == static_http_name) return WorkloadKind::StaticHttp;
    if (kind == command_name) return WorkloadKind::Command;
    value.fail(QStringLiteral("must be %1, got %2").arg(expected, quoted(kind)));
}

QList<quint16> parse_ports(const JsonReader& value, WorkloadKind kind)
{
    const QList<JsonReader> items = value.elements(QStringLiteral("an array of 1 to %1 port numbers").arg(max_ports));
    if (items.isEmpty()) value.fail(QStringLiteral("must list at least one port"));
    if (items.size() > max_ports) value.fail(QStringLiteral("lists %1 ports; the limit is %2").arg(items.size()).arg(max_ports));
    // The built-in static server listens on one socket; more ports would be promised and never served.
    if (kind == WorkloadKind::StaticHttp && items.size() != 1)
        value.fail(QStringLiteral("a static-http service serves exactly one port, got %1").arg(items.size()));
    QList<quint16> ports;
    for (const JsonReader& item : items) {
        const auto port = static_cast<quint16>(integer(item, 1, 65535));
        if (ports.contains(port)) item.fail(QStringLiteral("duplicate port %1; ports must be unique").arg(port));
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

QMap<QString, QString> parse_env(const JsonReader& value)
{
    QMap<QString, QString> env;
    if (!value.is_present()) return env;
    const QList<JsonReader> entries = value.members(QStringLiteral("an object mapping variable names to string values"));
    if (entries.size() > max_env_entries)
        value.fail(QStringLiteral("has %1 variables; the limit is %2").arg(entries.size()).arg(max_env_entries));
    for (const JsonReader& entry : entries) {
        const QString key = entry.key();
        bool ok = !key.isEmpty() && !key.front().isDigit();
        for (const QChar c : key)
            ok = ok && ((c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                        (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_'));
        if (!ok) entry.fail(QStringLiteral("is not a valid variable name; names must match [A-Za-z_][A-Za-z0-9_]*"));
        if (const QString why = reserved_env(key); !why.isEmpty()) entry.fail(why);
        if (key.size() > max_env_key_chars)
            entry.fail(QStringLiteral("the name is %1 characters long; the limit is %2").arg(key.size()).arg(max_env_key_chars));
        const QString text = entry.string();
        if (text.size() > max_env_value_chars)
            entry.fail(QStringLiteral("the value is %1 characters long; the limit is %2").arg(text.size()).arg(max_env_value_chars));
        reject_nul(text, entry);
        env.insert(key, text);
    }
    return env;
}

ServiceResources parse_resources(const JsonReader& value)
{
    value.object(QStringLiteral("an object with \"cpu_millis\" and \"memory_mb\""));
    value.only_keys({"cpu_millis", "memory_mb"}, QStringLiteral("resources"));
    ServiceResources resources;
    resources.cpu_millis = integer(value.field("cpu_millis"), 1, max_cpu_millis);
    resources.memory_mb = integer(value.field("memory_mb"), 1, max_memory_mb);
    return resources;
}

QString parse_health_path(const JsonReader& value, WorkloadKind kind)
{
    if (!value.is_present()) return kind == WorkloadKind::StaticHttp ? QStringLiteral("/healthz") : QStringLiteral("/");
    const QString expected =
        QStringLiteral("a URL path starting with \"/\", at most %1 characters, without whitespace").arg(max_health_path_chars);
    const QString health = value.string(expected);
    if (!health.startsWith(QLatin1Char('/')) || health.size() > max_health_path_chars || has_whitespace_or_control(health))
        value.fail(QStringLiteral("must be %1, got %2").arg(expected, quoted(health)));
    return health;
}

/**
 * Content keys are request paths the static server answers; ".." (even percent-encoded) is
 * refused so that no later change to a file-backed server can turn a key into a path escape.
 */
void check_content_path(const JsonReader& entry)
{
    const QString key = entry.key();
    if (!key.startsWith(QLatin1Char('/'))) entry.fail(QStringLiteral("a content path must start with \"/\""));
    if (has_whitespace_or_control(key)) entry.fail(QStringLiteral("a content path must not contain whitespace"));
    const QStringList segments = key.split(QLatin1Char('/'));
    for (const QString& segment : segments)
        if (QUrl::fromPercentEncoding(segment.toUtf8()) == QLatin1String(".."))
            entry.fail(QStringLiteral("a content path must not contain \"..\" segments"));
}

QMap<QString, QByteArray> parse_content(const JsonReader& value, WorkloadKind kind)
{
    QMap<QString, QByteArray> content;
    if (kind != WorkloadKind::StaticHttp) {
        if (value.is_present()) value.fail(QStringLiteral("is only allowed for a static-http service"));
        return content;
    }
    const QList<JsonReader> entries =
        value.members(QStringLiteral("an object mapping 1 to %1 URL paths to the bodies a static-http service serves").arg(max_content_entries));
    if (entries.isEmpty()) value.fail(QStringLiteral("must have at least one entry"));
    if (entries.size() > max_content_entries)
        value.fail(QStringLiteral("has %1 entries; the limit is %2").arg(entries.size()).arg(max_content_entries));
    for (const JsonReader& entry : entries) {
        check_content_path(entry);
        content.insert(entry.key(), entry.string().toUtf8());
    }
    return content;
}

QStringList parse_command(const JsonReader& value, WorkloadKind kind)
{
    QStringList command;
    if (kind != WorkloadKind::Command) {
        if (value.is_present()) value.fail(QStringLiteral("is only allowed for a command service"));
        return command;
    }
    const QList<JsonReader> items =
        value.elements(QStringLiteral("an array of 1 to %1 non-empty strings: the program and its arguments").arg(max_command_args));
    if (items.isEmpty()) value.fail(QStringLiteral("must list at least the program to run"));
    if (items.size() > max_command_args) value.fail(QStringLiteral("has %1 items; the limit is %2").arg(items.size()).arg(max_command_args));
    for (const JsonReader& item : items) {
        const QString argument = item.string(QStringLiteral("a non-empty string"));
        if (argument.isEmpty()) item.fail(QStringLiteral("must not be empty"));
        reject_nul(argument, item);
        command << argument;
    }
    return command;
}

ServiceSpec parse_service(const JsonReader& value)
{
    value.object(QStringLiteral("an object describing a service"));
    value.only_keys({"name", "image", "kind", "ports", "env", "resources", "replicas", "health_path", "content", "command"},
                    QStringLiteral("a service"));
    ServiceSpec service;
    service.name = parse_name(value.field("name"));
    service.image = parse_image(value.field("image"));
    service.kind = parse_kind(value.field("kind"));
    service.ports = parse_ports(value.field("ports"), service.kind);
    service.env = parse_env(value.field("env"));
    service.resources = parse_resources(value.field("resources"));
    if (const JsonReader replicas = value.field("replicas"); replicas.is_present())
        service.replicas = integer(replicas, 1, Manifest::max_replicas);
    service.health_path = parse_health_path(value.field("health_path"), service.kind);
    service.content = parse_content(value.field("content"), service.kind);
    service.command = parse_command(value.field("command"), service.kind);
    return service;
}

Manifest parse_manifest(const JsonReader& root)
{
    root.object(QStringLiteral("a JSON object"));
    root.only_keys({"version", "services"}, QStringLiteral("a manifest"));

    const JsonReader version = root.field("version");
    if (version.unsigned_integer(0, std::numeric_limits<std::uint64_t>::max(), JsonReader::IntegerForm::Number,
                                 QStringLiteral("the integer 1")) != 1)
        version.fail(QStringLiteral("unsupported manifest version %1; only version 1 is understood").arg(version.value().toInteger()));

    const JsonReader services = root.field("services");
    const QList<JsonReader> items = services.elements(QStringLiteral("an array of 1 to %1 services").arg(Manifest::max_services));
    if (items.isEmpty()) services.fail(QStringLiteral("must list at least one service"));
    if (items.size() > Manifest::max_services)
        services.fail(QStringLiteral("lists %1 services; the limit is %2").arg(items.size()).arg(Manifest::max_services));

    Manifest manifest;
    manifest.version = 1;
    QSet<QString> names;
    for (const JsonReader& item : items) {
        ServiceSpec service = parse_service(item);
        if (names.contains(service.name))
            item.field("name").fail(QStringLiteral("duplicate service name %1; service names must be unique").arg(quoted(service.name)));
        names.insert(service.name);
        manifest.services << std::move(service);
    }
    return manifest;
}

} // namespace

Manifest Manifest::parse(const QByteArray& json)
{
    // Checked before parsing so that an oversized upload costs nothing beyond reading it.
    if (json.size() > max_bytes)
        throw ManifestError(QString(), QStringLiteral("the manifest is %1 bytes; the limit is %2 bytes").arg(json.size()).arg(max_bytes));
    try {
        return parse_manifest(JsonReader::parse(json, QStringLiteral("the manifest")));
    } catch (const JsonFieldError& e) {
        throw ManifestError(e.field(), e.problem(), e.line(), e.column());
    }
}

} // namespace berth
