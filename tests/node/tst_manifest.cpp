#include <manifest.h>

#include "nodetestsupport.h"

#include <testcase.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QtTest>

#include <optional>

using namespace berth;
using berth::test::error_of;
using berth::test::read_all;

namespace {

QString manifest_dir()
{
    return QStringLiteral(BERTH_MANIFEST_DIR);
}

QJsonObject static_service(const QString& name = QStringLiteral("web"))
{
    return QJsonObject{
        {"name", name},
        {"image", "https://images.berth.dev/static-http:1"},
        {"kind", "static-http"},
        {"ports", QJsonArray{80}},
        {"resources", QJsonObject{{"cpu_millis", 250}, {"memory_mb", 64}}},
        {"content", QJsonObject{{"/", "<h1>hi</h1>"}}},
    };
}

QJsonObject command_service(const QString& name = QStringLiteral("api"))
{
    return QJsonObject{
        {"name", name},
        {"image", "oci://registry.berth.dev/python:3.12-slim"},
        {"kind", "command"},
        {"ports", QJsonArray{8000}},
        {"resources", QJsonObject{{"cpu_millis", 1000}, {"memory_mb", 256}}},
        {"command", QJsonArray{"python3", "-m", "http.server", "${PORT}"}},
    };
}

/** Passed as a value to remove the key; a default QJsonValue would be JSON null. */
const QJsonValue absent(QJsonValue::Undefined);

/** `object` with `key` set to `value`, or removed when `value` is undefined. */
QJsonObject with(QJsonObject object, const QString& key, const QJsonValue& value)
{
    if (value.isUndefined())
        object.remove(key);
    else
        object[key] = value;
    return object;
}

QJsonObject manifest_of(const QList<QJsonObject>& services)
{
    QJsonArray array;
    for (const QJsonObject& service : services) array << service;
    return QJsonObject{{"version", 1}, {"services", array}};
}

QByteArray compact_json(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray with_static(const QString& key, const QJsonValue& value)
{
    return compact_json(manifest_of({with(static_service(), key, value)}));
}

QByteArray with_command(const QString& key, const QJsonValue& value)
{
    return compact_json(manifest_of({with(command_service(), key, value)}));
}

QByteArray with_resources(const QString& key, const QJsonValue& value)
{
    const QJsonObject resources = static_service()["resources"].toObject();
    return with_static(QStringLiteral("resources"), with(resources, key, value));
}

QByteArray with_root(const QString& key, const QJsonValue& value)
{
    return compact_json(with(manifest_of({static_service()}), key, value));
}

QJsonObject numbered_entries(int count, const QString& key_prefix, const QJsonValue& value)
{
    QJsonObject entries;
    for (int i = 0; i < count; ++i) entries[key_prefix + QString::number(i)] = value;
    return entries;
}

QJsonArray numbered_array(int count, int first)
{
    QJsonArray array;
    for (int i = 0; i < count; ++i) array << first + i;
    return array;
}

QByteArray services_of_count(int count)
{
    QList<QJsonObject> services;
    for (int i = 0; i < count; ++i) services << static_service(QStringLiteral("s%1").arg(i));
    return compact_json(manifest_of(services));
}

/** A valid manifest of exactly `size` bytes: the static body is padded to reach it. */
QByteArray manifest_of_size(qsizetype size)
{
    const auto padded = [](qsizetype body_size) {
        return with_static(QStringLiteral("content"), QJsonObject{{"/", QString(body_size, QLatin1Char('x'))}});
    };
    return padded(size - padded(0).size());
}

} // namespace

/** The strict manifest parser: the sample manifests, defaults, and one refusal per rule with the field it names. */
class TestManifest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void baseManifestsParse();
    void samplesDirectoryHasTheTemplates();
    void everySampleParses_data();
    void everySampleParses();
    void helloStaticHasTheExactValues();
    void omittedFieldsTakeTheirDefaults();
    void explicitHealthPathIsKept();
    void contentIsStoredAsUtf8();
    void valuesAtTheLimitsAreAccepted_data();
    void valuesAtTheLimitsAreAccepted();
    void violationsNameTheField_data();
    void violationsNameTheField();
    void errorTextStartsWithTheField();
};

void TestManifest::baseManifestsParse()
{
    // Every refusal below changes one thing in these, so they must be valid themselves.
    const Manifest manifest = Manifest::parse(compact_json(manifest_of({static_service(), command_service()})));
    QCOMPARE(manifest.services.size(), 2);
    QCOMPARE(manifest.services[0].kind, WorkloadKind::StaticHttp);
    QCOMPARE(manifest.services[1].kind, WorkloadKind::Command);
    QCOMPARE(manifest.services[1].command, (QStringList{"python3", "-m", "http.server", "${PORT}"}));
    QCOMPARE(manifest.services[1].ports, QList<quint16>{8000});
    QVERIFY(manifest.services[1].content.isEmpty());
    QVERIFY(manifest.services[0].command.isEmpty());
}

void TestManifest::samplesDirectoryHasTheTemplates()
{
    const QStringList files = QDir(manifest_dir()).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const char* name : {"command-http.json", "hello-static.json", "two-services.json"})
        QVERIFY2(files.contains(QString::fromLatin1(name)), name);
}

void TestManifest::everySampleParses_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(manifest_dir());
    for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(name)) << dir.filePath(name);
}

void TestManifest::everySampleParses()
{
    QFETCH(QString, path);
    const QByteArray json = read_all(path);
    QVERIFY2(!json.isEmpty(), qPrintable(path));
    try {
        const Manifest manifest = Manifest::parse(json);
        QVERIFY(!manifest.services.isEmpty());
    } catch (const ManifestError& error) {
        QFAIL(error.what());
    }
}

void TestManifest::helloStaticHasTheExactValues()
{
    const Manifest manifest = Manifest::parse(read_all(QDir(manifest_dir()).filePath(QStringLiteral("hello-static.json"))));
    QCOMPARE(manifest.version, 1);
    QCOMPARE(manifest.services.size(), 1);
    const ServiceSpec& web = manifest.services[0];
    QCOMPARE(web.name, QStringLiteral("web"));
    QCOMPARE(web.image, QStringLiteral("https://images.berth.dev/static-http:1"));
    QCOMPARE(web.kind, WorkloadKind::StaticHttp);
    QCOMPARE(web.ports, QList<quint16>{80});
    QCOMPARE(web.env, (QMap<QString, QString>{{"GREETING", "hello"}}));
    QCOMPARE(web.resources.cpu_millis, 250);
    QCOMPARE(web.resources.memory_mb, 64);
    QCOMPARE(web.replicas, 1);
    QCOMPARE(web.health_path, QStringLiteral("/healthz"));
    QCOMPARE(web.content.keys(), (QStringList{"/", "/about.txt"}));
    QCOMPARE(web.content["/"], QByteArray("<!doctype html><h1>Hello from Berth</h1>"));
    QCOMPARE(web.content["/about.txt"], QByteArray("Served by a Berth provider.\n"));
    QVERIFY(web.command.isEmpty());
}

void TestManifest::omittedFieldsTakeTheirDefaults()
{
    QJsonObject web = static_service();
    QJsonObject api = command_service();
    for (QJsonObject* service : {&web, &api}) {
        QVERIFY(!service->contains("replicas"));
        QVERIFY(!service->contains("health_path"));
        QVERIFY(!service->contains("env"));
    }
    const Manifest manifest = Manifest::parse(compact_json(manifest_of({web, api})));
    QCOMPARE(manifest.services[0].replicas, 1);
    QCOMPARE(manifest.services[0].health_path, QStringLiteral("/healthz"));
    QVERIFY(manifest.services[0].env.isEmpty());
    QCOMPARE(manifest.services[1].replicas, 1);
    QCOMPARE(manifest.services[1].health_path, QStringLiteral("/"));
    QVERIFY(manifest.services[1].env.isEmpty());
}

void TestManifest::explicitHealthPathIsKept()
{
    const Manifest manifest = Manifest::parse(compact_json(manifest_of({
        with(static_service(), "health_path", "/ready"),
        with(command_service(), "health_path", "/status?full=1"),
    })));
    QCOMPARE(manifest.services[0].health_path, QStringLiteral("/ready"));
    QCOMPARE(manifest.services[1].health_path, QStringLiteral("/status?full=1"));
}

void TestManifest::contentIsStoredAsUtf8()
{
    const QString body = QString::fromUtf8("h\u00e9llo \u2713");
    const Manifest manifest = Manifest::parse(with_static("content", QJsonObject{{"/", body}}));
    QCOMPARE(manifest.services[0].content["/"], QByteArray("h\xc3\xa9llo \xe2\x9c\x93"));
}

void TestManifest::valuesAtTheLimitsAreAccepted_data()
{
    QTest::addColumn<QByteArray>("json");
    const QString long_name = QStringLiteral("a") + QString(61, QLatin1Char('-')) + QStringLiteral("z");
    const QString long_image = QStringLiteral("https://images.berth.dev/");
    QTest::newRow("exactly max_bytes") << manifest_of_size(Manifest::max_bytes);
    QTest::newRow("max services") << services_of_count(Manifest::max_services);
    QTest::newRow("name of 63 characters") << with_static("name", long_name);
    QTest::newRow("name of one character") << with_static("name", "a");
    QTest::newRow("name with digits and hyphens") << with_static("name", "0-web-1");
    QTest::newRow("image of 512 characters") << with_static("image", long_image + QString(512 - long_image.size(), QLatin1Char('i')));
    QTest::newRow("image http") << with_static("image", "http://images.berth.dev/a");
    QTest::newRow("image ipfs") << with_static("image", "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
    QTest::newRow("image oci") << with_static("image", "oci://registry.berth.dev/a:1");
    QTest::newRow("port 1") << with_static("ports", QJsonArray{1});
    QTest::newRow("port 65535") << with_static("ports", QJsonArray{65535});
    QTest::newRow("8 ports on a command service") << with_command("ports", numbered_array(8, 8000));
    QTest::newRow("64 env variables") << with_static("env", numbered_entries(64, "V_", "x"));
    QTest::newRow("env name of 128 characters") << with_static("env", QJsonObject{{QString(128, QLatin1Char('_')), "x"}});
    QTest::newRow("env value of 4096 characters") << with_static("env", QJsonObject{{"V", QString(4096, QLatin1Char('x'))}});
    QTest::newRow("lower-case env name") << with_static("env", QJsonObject{{"_lower1", ""}});
    QTest::newRow("cpu_millis 1") << with_resources("cpu_millis", 1);
    QTest::newRow("cpu_millis 64000") << with_resources("cpu_millis", 64000);
    QTest::newRow("memory_mb 1048576") << with_resources("memory_mb", 1048576);
    QTest::newRow("replicas 16") << with_static("replicas", Manifest::max_replicas);
    QTest::newRow("health path of 256 characters") << with_static("health_path", QLatin1Char('/') + QString(255, QLatin1Char('h')));
    QTest::newRow("64 content entries") << with_static("content", numbered_entries(64, "/page", "x"));
    QTest::newRow("content path with dots in a name") << with_static("content", QJsonObject{{"/a..b/.well-known/x", "x"}});
    QTest::newRow("empty content body") << with_static("content", QJsonObject{{"/", ""}});
    QTest::newRow("64 command items") << with_command("command", QJsonArray::fromStringList(QStringList(64, "x")));
}

void TestManifest::valuesAtTheLimitsAreAccepted()
{
    QFETCH(QByteArray, json);
    try {
        Manifest::parse(json);
    } catch (const ManifestError& error) {
        QFAIL(error.what());
    }
}

void TestManifest::violationsNameTheField_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QStringList>("mentions");

    const QByteArray valid = compact_json(manifest_of({static_service()}));
    const QJsonObject two_ports_static = with(static_service(), "ports", QJsonArray{80, 81});

    // Rules 1 and 2: the document as a whole.
    QTest::newRow("oversized input") << manifest_of_size(Manifest::max_bytes + 1) << "" << QStringList{"65537 bytes", "limit is 65536"};
    QTest::newRow("invalid JSON") << QByteArray(R"({"version": 1,)") << "" << QStringList{"not valid JSON", "(line 1, column 15)"};
    QTest::newRow("trailing garbage") << valid + "x"
                                      << "" << QStringList{"not valid JSON", "line 1, column"};
    QTest::newRow("empty input") << QByteArray() << "" << QStringList{"not valid JSON"};
    QTest::newRow("array top level") << "[" + valid + "]"
                                     << "" << QStringList{"JSON object", "an array"};

    // Rule 3: top-level fields.
    QTest::newRow("missing version") << with_root("version", absent) << "version" << QStringList{"is required", "1"};
    QTest::newRow("version 2") << with_root("version", 2) << "version" << QStringList{"unsupported", "version 2"};
    QTest::newRow("version as a string") << with_root("version", "1") << "version" << QStringList{"integer 1", "a string"};
    QTest::newRow("unknown top-level key") << with_root("name", "x") << "name" << QStringList{"unknown field"};
    QTest::newRow("missing services") << with_root("services", absent) << "services" << QStringList{"is required"};
    QTest::newRow("services as an object") << with_root("services", static_service()) << "services" << QStringList{"array", "not an object"};
    QTest::newRow("empty services") << with_root("services", QJsonArray()) << "services" << QStringList{"at least one service"};
    QTest::newRow("too many services") << services_of_count(Manifest::max_services + 1) << "services"
                                       << QStringList{"17 services", "limit is 16"};
    QTest::newRow("service not an object") << with_root("services", QJsonArray{"web"}) << "services[0]" << QStringList{"object", "a string"};

    // Rule 4: service fields.
    QTest::newRow("duplicate service name") << compact_json(manifest_of({static_service(), command_service("web")})) << "services[1].name"
                                            << QStringList{"duplicate", "\"web\""};
    QTest::newRow("missing name") << with_static("name", absent) << "services[0].name" << QStringList{"is required"};
    QTest::newRow("bad name chars") << with_static("name", "Web_1") << "services[0].name" << QStringList{"a-z, 0-9", "\"Web_1\""};
    QTest::newRow("name starting with -") << with_static("name", "-web") << "services[0].name" << QStringList{"starting"};
    QTest::newRow("name ending with -") << with_static("name", "web-") << "services[0].name" << QStringList{"ending"};
    QTest::newRow("empty name") << with_static("name", "") << "services[0].name" << QStringList{"1 to 63"};
    QTest::newRow("name of 64 characters") << with_static("name", QString(64, QLatin1Char('a'))) << "services[0].name" << QStringList{"1 to 63"};
    QTest::newRow("long rejected value is echoed cut short")
        << with_static("name", QString(5000, QLatin1Char('a'))) << "services[0].name"
        << QStringList{QLatin1Char('"') + QString(80, QLatin1Char('a')) + QStringLiteral("...\"")};
    QTest::newRow("missing image") << with_static("image", absent) << "services[0].image" << QStringList{"is required"};
    QTest::newRow("bad image scheme") << with_static("image", "ftp://images.berth.dev/a") << "services[0].image"
                                      << QStringList{"https, http, ipfs, oci", "ftp://"};
    QTest::newRow("image without scheme") << with_static("image", "images.berth.dev/a") << "services[0].image"
                                          << QStringList{"https, http, ipfs, oci"};
    QTest::newRow("image without host") << with_static("image", "oci:python") << "services[0].image" << QStringList{"host"};
    QTest::newRow("image not a URL") << with_static("image", "https://images berth.dev/a") << "services[0].image"
                                     << QStringList{"not a valid URL"};
    QTest::newRow("empty image") << with_static("image", "") << "services[0].image" << QStringList{"must not be empty"};
    QTest::newRow("image of 513 characters") << with_static("image",
                                                            QStringLiteral("https://images.berth.dev/") + QString(488, QLatin1Char('i')))
                                             << "services[0].image" << QStringList{"513 characters", "limit is 512"};
    QTest::newRow("image as a number") << with_static("image", 5) << "services[0].image" << QStringList{"a number"};
    QTest::newRow("unknown kind") << with_static("kind", "docker") << "services[0].kind"
                                  << QStringList{"\"static-http\" or \"command\"", "\"docker\""};
    QTest::newRow("missing kind") << with_static("kind", absent) << "services[0].kind" << QStringList{"is required"};
    QTest::newRow("missing ports") << with_static("ports", absent) << "services[0].ports" << QStringList{"is required"};
    QTest::newRow("static-http with two ports") << compact_json(manifest_of({two_ports_static})) << "services[0].ports"
                                                << QStringList{"exactly one port", "got 2"};
    QTest::newRow("no ports") << with_command("ports", QJsonArray()) << "services[0].ports" << QStringList{"at least one port"};
    QTest::newRow("nine ports") << with_command("ports", numbered_array(9, 8000)) << "services[0].ports" << QStringList{"9 ports", "limit is 8"};
    QTest::newRow("port 0") << with_static("ports", QJsonArray{0}) << "services[0].ports[0]" << QStringList{"1 to 65535", "got 0"};
    QTest::newRow("port 70000") << with_static("ports", QJsonArray{70000}) << "services[0].ports[0]" << QStringList{"1 to 65535", "got 70000"};
    QTest::newRow("port 1.5") << with_static("ports", QJsonArray{1.5}) << "services[0].ports[0]"
                              << QStringList{"integer", "1.5", "not a whole number"};
    QTest::newRow("port \"80\"") << with_static("ports", QJsonArray{"80"}) << "services[0].ports[0]" << QStringList{"integer", "not a string"};
    QTest::newRow("second port out of range") << with_command("ports", QJsonArray{8000, 70000}) << "services[0].ports[1]"
                                              << QStringList{"1 to 65535"};
    QTest::newRow("duplicate ports") << with_command("ports", QJsonArray{8000, 8001, 8000}) << "services[0].ports[2]"
                                     << QStringList{"duplicate port 8000"};
    QTest::newRow("env not an object") << with_static("env", QJsonArray{"A=1"}) << "services[0].env" << QStringList{"object", "an array"};
    QTest::newRow("env non-string value") << with_static("env", QJsonObject{{"GREETING", 5}}) << "services[0].env.GREETING"
                                          << QStringList{"a string", "not a number"};
    QTest::newRow("bad env key") << with_static("env", QJsonObject{{"1BAD", "x"}}) << "services[0].env.1BAD"
                                 << QStringList{"[A-Za-z_][A-Za-z0-9_]*"};
    QTest::newRow("env key with a hyphen") << with_static("env", QJsonObject{{"BAD-KEY", "x"}}) << "services[0].env.BAD-KEY"
                                           << QStringList{"not a valid variable name"};
    QTest::newRow("LD_PRELOAD") << with_static("env", QJsonObject{{"LD_PRELOAD", "/tmp/evil.so"}}) << "services[0].env.LD_PRELOAD"
                                << QStringList{"not allowed", "dynamic loader"};
    QTest::newRow("LD_LIBRARY_PATH") << with_static("env", QJsonObject{{"LD_LIBRARY_PATH", "/tmp"}}) << "services[0].env.LD_LIBRARY_PATH"
                                     << QStringList{"not allowed"};
    QTest::newRow("GLIBC_TUNABLES") << with_static("env", QJsonObject{{"GLIBC_TUNABLES", "x"}}) << "services[0].env.GLIBC_TUNABLES"
                                    << QStringList{"not allowed"};
    QTest::newRow("PORT set by the manifest") << with_static("env", QJsonObject{{"PORT", "80"}}) << "services[0].env.PORT"
                                              << QStringList{"set by the provider's runtime"};
    QTest::newRow("a BERTH_ variable") << with_static("env", QJsonObject{{"BERTH_PASSPHRASE", "x"}}) << "services[0].env.BERTH_PASSPHRASE"
                                       << QStringList{"belong to the node"};
    QTest::newRow("empty env key") << with_static("env", QJsonObject{{"", "x"}}) << "services[0].env."
                                   << QStringList{"not a valid variable name"};
    QTest::newRow("env key of 129 characters") << with_static("env", QJsonObject{{QString(129, QLatin1Char('K')), "x"}})
                                               << QStringLiteral("services[0].env.") + QString(129, QLatin1Char('K'))
                                               << QStringList{"129 characters", "limit is 128"};
    QTest::newRow("env value of 4097 characters") << with_static("env", QJsonObject{{"V", QString(4097, QLatin1Char('x'))}})
                                                  << "services[0].env.V" << QStringList{"4097 characters", "limit is 4096"};
    QTest::newRow("65 env variables") << with_static("env", numbered_entries(65, "V_", "x")) << "services[0].env"
                                      << QStringList{"65 variables", "limit is 64"};
    QTest::newRow("env value with NUL") << with_static("env", QJsonObject{{"V", QStringLiteral("a") + QChar(0) + "b"}}) << "services[0].env.V"
                                        << QStringList{"NUL"};
    QTest::newRow("missing resources") << with_static("resources", absent) << "services[0].resources" << QStringList{"is required"};
    QTest::newRow("resources unknown key") << with_resources("gpu", 1) << "services[0].resources.gpu" << QStringList{"unknown field"};
    QTest::newRow("missing cpu_millis") << with_resources("cpu_millis", absent) << "services[0].resources.cpu_millis"
                                        << QStringList{"is required", "1 to 64000"};
    QTest::newRow("missing memory_mb") << with_resources("memory_mb", absent) << "services[0].resources.memory_mb" << QStringList{"is required"};
    QTest::newRow("cpu_millis 0") << with_resources("cpu_millis", 0) << "services[0].resources.cpu_millis" << QStringList{"1 to 64000"};
    QTest::newRow("cpu_millis 64001") << with_resources("cpu_millis", 64001) << "services[0].resources.cpu_millis"
                                      << QStringList{"1 to 64000", "got 64001"};
    QTest::newRow("memory_mb 1048577") << with_resources("memory_mb", 1048577) << "services[0].resources.memory_mb"
                                       << QStringList{"1 to 1048576"};
    QTest::newRow("memory_mb huge") << with_resources("memory_mb", 1e30) << "services[0].resources.memory_mb" << QStringList{"1 to 1048576"};
    QTest::newRow("memory_mb as a string") << with_resources("memory_mb", "64") << "services[0].resources.memory_mb"
                                           << QStringList{"integer", "not a string"};
    QTest::newRow("replicas 0") << with_static("replicas", 0) << "services[0].replicas" << QStringList{"1 to 16", "got 0"};
    QTest::newRow("replicas 17") << with_static("replicas", 17) << "services[0].replicas" << QStringList{"1 to 16", "got 17"};
    QTest::newRow("replicas 2.5") << with_static("replicas", 2.5) << "services[0].replicas" << QStringList{"not a whole number"};
    QTest::newRow("replicas null") << with_static("replicas", QJsonValue::Null) << "services[0].replicas" << QStringList{"not null"};
    QTest::newRow("content on a command service")
        << with_command("content", QJsonObject{{"/", "x"}}) << "services[0].content" << QStringList{"only allowed for a static-http service"};
    QTest::newRow("command on a static-http service")
        << with_static("command", QJsonArray{"true"}) << "services[0].command" << QStringList{"only allowed for a command service"};
    QTest::newRow("missing content") << with_static("content", absent) << "services[0].content" << QStringList{"is required", "URL paths"};
    QTest::newRow("empty content") << with_static("content", QJsonObject()) << "services[0].content" << QStringList{"at least one"};
    QTest::newRow("65 content entries") << with_static("content", numbered_entries(65, "/page", "x")) << "services[0].content"
                                        << QStringList{"65 entries", "limit is 64"};
    QTest::newRow("content path without leading slash")
        << with_static("content", QJsonObject{{"about.txt", "x"}}) << "services[0].content.about.txt" << QStringList{"start with \"/\""};
    QTest::newRow("content path with ..") << with_static("content", QJsonObject{{"/a/../b", "x"}}) << "services[0].content./a/../b"
                                          << QStringList{"\"..\""};
    QTest::newRow("content path ending in ..") << with_static("content", QJsonObject{{"/a/..", "x"}}) << "services[0].content./a/.."
                                               << QStringList{"\"..\""};
    QTest::newRow("content path with encoded ..")
        << with_static("content", QJsonObject{{"/%2e%2E/etc", "x"}}) << "services[0].content./%2e%2E/etc" << QStringList{"\"..\""};
    QTest::newRow("content path with a space") << with_static("content", QJsonObject{{"/a b", "x"}}) << "services[0].content./a b"
                                               << QStringList{"whitespace"};
    QTest::newRow("content value not a string") << with_static("content", QJsonObject{{"/", QJsonObject()}}) << "services[0].content./"
                                                << QStringList{"a string", "not an object"};
    QTest::newRow("missing command") << with_command("command", absent) << "services[0].command"
                                     << QStringList{"is required", "non-empty strings"};
    QTest::newRow("empty command") << with_command("command", QJsonArray()) << "services[0].command" << QStringList{"at least the program"};
    QTest::newRow("65 command items") << with_command("command", QJsonArray::fromStringList(QStringList(65, "x"))) << "services[0].command"
                                      << QStringList{"65 items", "limit is 64"};
    QTest::newRow("empty command item") << with_command("command", QJsonArray{"python3", ""}) << "services[0].command[1]"
                                        << QStringList{"must not be empty"};
    QTest::newRow("command item not a string") << with_command("command", QJsonArray{"sleep", 5}) << "services[0].command[1]"
                                               << QStringList{"non-empty string", "not a number"};
    QTest::newRow("command item with NUL") << with_command("command", QJsonArray{QStringLiteral("a") + QChar(0)}) << "services[0].command[0]"
                                           << QStringList{"NUL"};
    QTest::newRow("health_path without slash") << with_static("health_path", "healthz") << "services[0].health_path"
                                               << QStringList{"starting with \"/\"", "\"healthz\""};
    QTest::newRow("health_path with whitespace") << with_static("health_path", "/health z") << "services[0].health_path"
                                                 << QStringList{"without whitespace"};
    QTest::newRow("health_path of 257 characters") << with_static("health_path", QLatin1Char('/') + QString(256, QLatin1Char('h')))
                                                   << "services[0].health_path" << QStringList{"at most 256"};
    QTest::newRow("unknown service key") << with_static("volumes", QJsonArray()) << "services[0].volumes" << QStringList{"unknown field"};
    QTest::newRow("error in the second service") << compact_json(
                                                        manifest_of({static_service(), with(static_service("docs"), "ports", QJsonArray{0})}))
                                                 << "services[1].ports[0]" << QStringList{"1 to 65535"};
}

void TestManifest::violationsNameTheField()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QStringList, mentions);
    const auto error = error_of<ManifestError>([&] { Manifest::parse(json); });
    QVERIFY2(error.has_value(), "parsed without a ManifestError");
    QCOMPARE(error->field(), field);
    const QString text = QString::fromUtf8(error->what());
    for (const QString& mention : mentions)
        QVERIFY2(text.contains(mention), qPrintable(QStringLiteral("\"%1\" does not mention \"%2\"").arg(text, mention)));
}

void TestManifest::errorTextStartsWithTheField()
{
    const QByteArray json = with_static("ports", QJsonArray{80, 80});
    const auto error = error_of<ManifestError>([&] { Manifest::parse(json); });
    QVERIFY(error.has_value());
    // The text ends with where the field is; the compact test document is one line.
    const int column = static_cast<int>(json.indexOf("[80,80]")) + 1;
    QCOMPARE(QString::fromUtf8(error->what()),
             QStringLiteral("services[0].ports: a static-http service serves exactly one port, got 2 (line 1, column %1)").arg(column));
    QCOMPARE(error->line(), 1);
    QCOMPARE(error->column(), column);
    const auto whole = error_of<ManifestError>([] { Manifest::parse("[]"); });
    QVERIFY(whole.has_value());
    QCOMPARE(QString::fromUtf8(whole->what()), QStringLiteral("the manifest must be a JSON object, not an array (line 1, column 1)"));
}

BERTH_QTEST_APPLESS(TestManifest)
#include "tst_manifest.moc"
