#include "berthdprocess.h"

#include <testcase.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using berth::test::BerthdProcess;

/**
 * berth-cli's error contract, checked against the real binary with no node running (its
 * --rpc points at an unused loopback port): usage errors exit 2 with a JSON error of code
 * "usage" on stderr and nothing on stdout, and are found before any node is contacted;
 * an unreachable node is code "unreachable" with exit 1 and names the URL; malformed amounts
 * and unreadable manifest files are refused; a manifest the strict parser rejects is refused
 * before any escrow is locked or any upload starts, and an upload without the account's TLS
 * identity says how to make one; and the keystore commands work without a node.
 */
class TestCliUsage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void noCommandIsUsage();
    void usageErrors_data();
    void usageErrors();
    void malformedAmounts_data();
    void malformedAmounts();
    void unreadableManifest();
    void unreachableNode_data();
    void unreachableNode();
    void humanErrors();
    void helpAndVersion();
    void manifestChecksWithoutNode_data();
    void manifestChecksWithoutNode();
    void keysWithoutNode();
    void keyFilesMoveEncrypted();

private:
    struct Result {
        int exit_code = -1;
        QByteArray out;
        QByteArray err;
        QJsonObject error() const { return QJsonDocument::fromJson(err).object().value(QLatin1String("error")).toObject(); }
    };

    Result run(const QStringList& args, const QString& passphrase = {});
    /** Runs with --json, the unused RPC and the empty data directory before `args`. */
    Result run_json(const QStringList& args, const QString& passphrase = {});
    void expect_usage(const Result& result);

    QTemporaryDir m_home;
    QString m_rpc;
    QString m_datadir;
};

void TestCliUsage::initTestCase()
{
    QVERIFY(m_home.isValid());
    QVERIFY2(QFileInfo::exists(QStringLiteral(BERTH_CLI_PATH)), BERTH_CLI_PATH);
    m_rpc = QStringLiteral("http://127.0.0.1:%1").arg(BerthdProcess::free_port());
    m_datadir = m_home.filePath(QStringLiteral("data"));
}

TestCliUsage::Result TestCliUsage::run(const QStringList& args, const QString& passphrase)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("BERTH_PASSPHRASE"));
    if (!passphrase.isEmpty()) env.insert(QStringLiteral("BERTH_PASSPHRASE"), passphrase);
    env.insert(QStringLiteral("HOME"), m_home.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("xdg")));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(BERTH_CLI_PATH), args);
    Result result;
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exit_code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

TestCliUsage::Result TestCliUsage::run_json(const QStringList& args, const QString& passphrase)
{
    return run(QStringList{QStringLiteral("--json"), QStringLiteral("--rpc"), m_rpc, QStringLiteral("--datadir"), m_datadir} + args, passphrase);
}

void TestCliUsage::expect_usage(const Result& result)
{
    QCOMPARE(result.exit_code, 2);
    QVERIFY2(result.out.isEmpty(), result.out.constData());
    QVERIFY2(QJsonDocument::fromJson(result.err).isObject(), result.err.constData());
    QCOMPARE(result.error().value(QLatin1String("code")).toString(), QStringLiteral("usage"));
    QVERIFY(!result.error().value(QLatin1String("message")).toString().isEmpty());
}

void TestCliUsage::noCommandIsUsage()
{
    expect_usage(run_json({}));
}

void TestCliUsage::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown command") << QStringList{"frobnicate"} << "frobnicate";
    QTest::newRow("group without subcommand") << QStringList{"lease"} << "subcommand";
    QTest::newRow("unknown subcommand") << QStringList{"lease", "frob"} << "lease frob";
    QTest::newRow("unknown option") << QStringList{"status", "--bogus", "1"} << "--bogus";
    QTest::newRow("unknown flag") << QStringList{"status", "--bogus"} << "--bogus";
    QTest::newRow("option without value") << QStringList{"bid", "create", "1", "--price-per-s"} << "--price-per-s";
    QTest::newRow("global option without value") << QStringList{"status", "--from"} << "--from";
    QTest::newRow("option given twice") << QStringList{"faucet", "a", "--usdc", "1", "--usdc", "2"} << "twice";
    QTest::newRow("missing argument") << QStringList{"lease", "show"} << "lease show ID";
    QTest::newRow("extra argument") << QStringList{"status", "now"} << "now";
    QTest::newRow("missing option") << QStringList{"--from", "alice", "bid", "create", "1"} << "--price-per-s";
    QTest::newRow("missing order options") << QStringList{"--from", "alice", "order", "create", "--instance-type", "cpu.small"}
                                           << "--max-price-per-s";
    QTest::newRow("missing --from") << QStringList{"lease", "close", "3"} << "--from";
    QTest::newRow("bad lease id") << QStringList{"lease", "show", "abc"} << "abc";
    QTest::newRow("negative lease id") << QStringList{"lease", "show", "-3"} << "-3";
    QTest::newRow("zero replicas")
        << QStringList{"--from",     "alice", "order",     "create", "--instance-type", "t", "--replicas", "0", "--max-price-per-s", "5",
                       "--manifest", "x",     "--deposit", "1"}
        << "--replicas";
    QTest::newRow("nothing to update") << QStringList{"--from", "alice", "lease", "update", "1"} << "nothing to update";
    QTest::newRow("bad rpc url") << QStringList{"--rpc", "ftp://x", "status"} << "--rpc";
    QTest::newRow("bad key name") << QStringList{"keys", "add", "no/slash"} << "no/slash";
}

void TestCliUsage::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    const Result result = run_json(args);
    expect_usage(result);
    QVERIFY2(result.error().value(QLatin1String("message")).toString().contains(mentions), result.err.constData());
}

void TestCliUsage::malformedAmounts_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("two points") << QStringList{"faucet", "alice", "--usdc", "1.2.3"} << "--usdc";
    QTest::newRow("too many USDC decimals") << QStringList{"faucet", "alice", "--usdc", "0.0000001"} << "fraction digits";
    QTest::newRow("negative POND") << QStringList{"faucet", "alice", "--pond", "-5"} << "--pond";
    QTest::newRow("exponent") << QStringList{"faucet", "alice", "--pond", "1e5"} << "--pond";
    QTest::newRow("empty") << QStringList{"faucet", "alice", "--usdc="} << "--usdc";
    QTest::newRow("nothing asked") << QStringList{"faucet", "alice", "--usdc", "0"} << "faucet";
    QTest::newRow("over 256 bits") << QStringList{"faucet", "alice", "--usdc", QString(90, QLatin1Char('9'))} << "256 bits";
    QTest::newRow("deposit letters") << QStringList{"--from", "alice", "lease", "deposit", "1", "12x"} << "deposit";
    QTest::newRow("stake") << QStringList{"--from", "carol", "provider", "stake", "1.5.5"} << "amount";
    QTest::newRow("unstake zero") << QStringList{"--from", "carol", "provider", "unstake", "0"} << "0 POND";
    QTest::newRow("price finer than 12 decimals")
        << QStringList{"--from",     "alice", "order",     "create", "--instance-type", "t", "--max-price-per-s", "1.0000000000001",
                       "--manifest", "x",     "--deposit", "1"}
        << "at most 12 are allowed";
    QTest::newRow("price per second and per hour") << QStringList{"--from",        "carol", "provider",         "offer",  "--instance-type", "t",
                                                                  "--price-per-s", "5",     "--price-per-hour", "0.0123", "--capacity",      "1"}
                                                   << "give either --price-per-s or --price-per-hour, not both";
    QTest::newRow("max price per second and per hour")
        << QStringList{"--from", "alice", "lease", "update", "1", "--max-price-per-s", "5", "--max-price-per-hour", "0.02"}
        << "give either --max-price-per-s or --max-price-per-hour, not both";
    QTest::newRow("per-hour price finer than 18 decimals")
        << QStringList{"--from", "carol", "bid", "create", "1", "--price-per-hour", "0.0000000000000000001"} << "--price-per-hour";
    QTest::newRow("per-hour price that rounds to nothing")
        << QStringList{"--from", "carol", "bid", "create", "1", "--price-per-hour", "0.000000000000001"} << "below the smallest price";
    QTest::newRow("per-hour price with a unit")
        << QStringList{"--from",     "alice", "order",     "create", "--instance-type", "t", "--max-price-per-hour", "0.02USDC",
                       "--manifest", "x",     "--deposit", "1"}
        << "--max-price-per-hour";
    QTest::newRow("deposit decimals") << QStringList{"--from", "alice",      "order", "create",    "--instance-type", "t", "--max-price-per-s",
                                                     "10",     "--manifest", "x",     "--deposit", "1.1234567"}
                                      << "--deposit";
    QTest::newRow("signed bid") << QStringList{"--from", "carol", "bid", "create", "1", "--price-per-s", "-3"} << "--price-per-s";
    QTest::newRow("negative capacity") << QStringList{"--from", "carol",         "provider", "offer",      "--instance-type",
                                                      "t",      "--price-per-s", "5",        "--capacity", "-1"}
                                       << "--capacity";
    QTest::newRow("transfer both") << QStringList{"--from", "bob", "transfer", "alice", "--usdc", "1", "--pond", "1"} << "exactly one";
}

void TestCliUsage::malformedAmounts()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    const Result result = run_json(args);
    expect_usage(result);
    QVERIFY2(result.error().value(QLatin1String("message")).toString().contains(mentions), result.err.constData());
}

void TestCliUsage::unreadableManifest()
{
    const QString missing = m_home.filePath(QStringLiteral("no-such-manifest.json"));
    for (const QStringList& args : {QStringList{"--from", "alice", "order", "create", "--instance-type", "t", "--max-price-per-s", "10",
                                                "--manifest", missing, "--deposit", "1"},
                                    QStringList{"--from", "alice", "lease", "update", "1", "--manifest", m_home.path()}}) {
        const Result result = run_json(args);
        expect_usage(result);
        QVERIFY2(result.error().value(QLatin1String("message")).toString().contains(QStringLiteral("manifest")), result.err.constData());
    }
}

void TestCliUsage::unreachableNode_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("status") << QStringList{"status"};
    QTest::newRow("providers") << QStringList{"providers"};
    QTest::newRow("lease show") << QStringList{"lease", "show", "1"};
    QTest::newRow("events") << QStringList{"events", "--since", "5"};
    QTest::newRow("account by address") << QStringList{"account", "show", "berth0000000000000000000000000000000000000000"};
}

void TestCliUsage::unreachableNode()
{
    QFETCH(QStringList, args);
    const Result result = run_json(args);
    QCOMPARE(result.exit_code, 1);
    QVERIFY(result.out.isEmpty());
    QCOMPARE(result.error().value(QLatin1String("code")).toString(), QStringLiteral("unreachable"));
    QVERIFY2(result.error().value(QLatin1String("message")).toString().contains(m_rpc), result.err.constData());
}

void TestCliUsage::humanErrors()
{
    const Result usage = run({QStringLiteral("--rpc"), m_rpc, QStringLiteral("frobnicate")});
    QCOMPARE(usage.exit_code, 2);
    QVERIFY(usage.out.isEmpty());
    QVERIFY2(usage.err.startsWith("berth-cli: "), usage.err.constData());
    QVERIFY(!QJsonDocument::fromJson(usage.err).isObject());

    const Result unreachable = run({QStringLiteral("--rpc"), m_rpc, QStringLiteral("status")});
    QCOMPARE(unreachable.exit_code, 1);
    QVERIFY2(unreachable.err.contains(m_rpc.toUtf8()), unreachable.err.constData());
}

void TestCliUsage::helpAndVersion()
{
    const Result help = run({QStringLiteral("--help")});
    QCOMPARE(help.exit_code, 0);
    QVERIFY(help.out.contains("order create"));
    QVERIFY(help.out.contains("base units"));
    QVERIFY(help.err.isEmpty());

    const Result json_help = run({QStringLiteral("--json"), QStringLiteral("lease"), QStringLiteral("show"), QStringLiteral("--help")});
    QCOMPARE(json_help.exit_code, 0);
    QVERIFY(QJsonDocument::fromJson(json_help.out).object().value(QLatin1String("help")).toString().contains(QStringLiteral("lease show ID")));

    const Result version = run({QStringLiteral("--json"), QStringLiteral("--version")});
    QCOMPARE(version.exit_code, 0);
    QVERIFY(!QJsonDocument::fromJson(version.out).object().value(QLatin1String("version")).toString().isEmpty());
}

void TestCliUsage::manifestChecksWithoutNode_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("mentions");
    const QString bad = m_home.filePath(QStringLiteral("bad-manifest.json"));
    const QString good = QStringLiteral(BERTH_MANIFEST_DIR "/hello-static.json");
    QTest::newRow("order with a bad manifest")
        << QStringList{"--from",     "alice", "order",     "create", "--instance-type", "t", "--max-price-per-s", "10",
                       "--manifest", bad,     "--deposit", "1"}
        << "invalid_manifest"
        << "services[0].colour";
    QTest::newRow("upload of a bad manifest") << QStringList{"--from", "alice", "lease", "manifest", "1", "--file", bad} << "invalid_manifest"
                                              << "unknown field";
    QTest::newRow("update with a bad manifest") << QStringList{"--from", "alice", "lease", "update", "1", "--manifest", bad}
                                                << "invalid_manifest"
                                                << "services[0].colour";
    QTest::newRow("upload without a certificate") << QStringList{"--from", "alice", "lease", "manifest", "1", "--file", good} << "no_certificate"
                                                  << "cert create";
    QTest::newRow("status without a certificate") << QStringList{"--from", "alice", "lease", "status", "1"} << "no_certificate"
                                                  << "cert create";
    QTest::newRow("upload timeout of zero") << QStringList{"--from", "alice", "lease", "manifest", "1", "--file", good, "--timeout", "0"}
                                            << "usage"
                                            << "--timeout";
    QTest::newRow("certificate without a key name") << QStringList{"cert", "create"} << "usage"
                                                    << "--from";
}

void TestCliUsage::manifestChecksWithoutNode()
{
    QFETCH(QStringList, args);
    QFETCH(QString, code);
    QFETCH(QString, mentions);
    QFile bad(m_home.filePath(QStringLiteral("bad-manifest.json")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(R"({"version":1,"services":[{"name":"web","image":"https://x.example/a","kind":"static-http","ports":[80],)"
              R"("resources":{"cpu_millis":1,"memory_mb":1},"content":{"/":"hi"},"colour":"blue"}]})");
    bad.close();
    const Result result = run_json(args);
    QCOMPARE(result.error().value(QLatin1String("code")).toString(), code);
    QCOMPARE(result.exit_code, code == QLatin1String("usage") ? 2 : 1);
    QVERIFY2(result.error().value(QLatin1String("message")).toString().contains(mentions), result.err.constData());
    QVERIFY(result.out.isEmpty());
}

void TestCliUsage::keysWithoutNode()
{
    const Result empty = run_json({QStringLiteral("keys"), QStringLiteral("list")});
    QCOMPARE(empty.exit_code, 0);
    QCOMPARE(QJsonDocument::fromJson(empty.out).array().size(), 0);

    const Result added = run_json({QStringLiteral("keys"), QStringLiteral("add"), QStringLiteral("dave")}, QStringLiteral("secret pw"));
    QCOMPARE(added.exit_code, 0);
    const QJsonObject key = QJsonDocument::fromJson(added.out).object();
    QCOMPARE(key.value(QLatin1String("name")).toString(), QStringLiteral("dave"));
    QVERIFY(key.value(QLatin1String("address")).toString().startsWith(QStringLiteral("berth")));

    const Result listed = run_json({QStringLiteral("keys"), QStringLiteral("list")});
    QCOMPARE(listed.exit_code, 0);
    const QJsonArray keys = QJsonDocument::fromJson(listed.out).array();
    QCOMPARE(keys.size(), 1);
    QCOMPARE(keys[0].toObject().value(QLatin1String("address")), key.value(QLatin1String("address")));

    const Result again = run_json({QStringLiteral("keys"), QStringLiteral("add"), QStringLiteral("dave")}, QStringLiteral("secret pw"));
    QCOMPARE(again.exit_code, 1);
    QCOMPARE(again.error().value(QLatin1String("code")).toString(), QStringLiteral("keystore"));

    // Without BERTH_PASSPHRASE and without a terminal to ask on, no key is created.
    const Result no_passphrase = run_json({QStringLiteral("keys"), QStringLiteral("add"), QStringLiteral("erin")});
    QCOMPARE(no_passphrase.exit_code, 1);
    QCOMPARE(no_passphrase.error().value(QLatin1String("code")).toString(), QStringLiteral("keystore"));
    QVERIFY(no_passphrase.error().value(QLatin1String("message")).toString().contains(QStringLiteral("BERTH_PASSPHRASE")));
    QCOMPARE(QJsonDocument::fromJson(run_json({QStringLiteral("keys"), QStringLiteral("list")}).out).array().size(), 1);

    const Result unknown =
        run_json({QStringLiteral("--from"), QStringLiteral("nobody"), QStringLiteral("lease"), QStringLiteral("close"), QStringLiteral("1")});
    QCOMPARE(unknown.exit_code, 1);
    QCOMPARE(unknown.error().value(QLatin1String("code")).toString(), QStringLiteral("keystore"));
    QVERIFY(unknown.error().value(QLatin1String("message")).toString().contains(QStringLiteral("nobody")));
}

void TestCliUsage::keyFilesMoveEncrypted()
{
    const QString secret = QStringLiteral("move pw");
    const Result added = run_json({QStringLiteral("keys"), QStringLiteral("add"), QStringLiteral("frank")}, secret);
    QCOMPARE(added.exit_code, 0);
    const QString address = QJsonDocument::fromJson(added.out).object().value(QLatin1String("address")).toString();

    const QString file = m_home.filePath(QStringLiteral("frank.key"));
    const Result exported =
        run_json({QStringLiteral("keys"), QStringLiteral("export"), QStringLiteral("frank"), QStringLiteral("--file"), file});
    QCOMPARE(exported.exit_code, 0);
    QCOMPARE(QFile::permissions(file) & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther),
             QFileDevice::Permissions{});
    QVERIFY2(!QFile(file).open(QIODevice::ReadOnly) || !QFile(file).readAll().contains(secret.toUtf8()), "the passphrase is not in the file");

    // Imported under another name, the key keeps its address and its passphrase.
    const Result imported =
        run_json({QStringLiteral("keys"), QStringLiteral("import"), QStringLiteral("frank2"), QStringLiteral("--file"), file});
    QCOMPARE(imported.exit_code, 0);
    QCOMPARE(QJsonDocument::fromJson(imported.out).object().value(QLatin1String("address")).toString(), address);
    const Result shown = run_json({QStringLiteral("keys"), QStringLiteral("show"), QStringLiteral("frank2")}, secret);
    QCOMPARE(shown.exit_code, 0);
    QCOMPARE(QJsonDocument::fromJson(shown.out).object().value(QLatin1String("address")).toString(), address);

    // A taken name, a file that is no key and a missing file are refused and store nothing.
    const qsizetype stored = QJsonDocument::fromJson(run_json({QStringLiteral("keys"), QStringLiteral("list")}).out).array().size();
    const Result taken = run_json({QStringLiteral("keys"), QStringLiteral("import"), QStringLiteral("frank"), QStringLiteral("--file"), file});
    QCOMPARE(taken.exit_code, 1);
    QCOMPARE(taken.error().value(QLatin1String("code")).toString(), QStringLiteral("keystore"));
    const QString junk = m_home.filePath(QStringLiteral("junk.key"));
    QFile junk_file(junk);
    QVERIFY(junk_file.open(QIODevice::WriteOnly));
    junk_file.write("{\"version\": 1}");
    junk_file.close();
    const Result malformed =
        run_json({QStringLiteral("keys"), QStringLiteral("import"), QStringLiteral("junk"), QStringLiteral("--file"), junk});
    QCOMPARE(malformed.exit_code, 1);
    QCOMPARE(malformed.error().value(QLatin1String("code")).toString(), QStringLiteral("keystore"));
    const Result missing = run_json({QStringLiteral("keys"), QStringLiteral("import"), QStringLiteral("gone"), QStringLiteral("--file"),
                                     m_home.filePath(QStringLiteral("absent.key"))});
    QCOMPARE(missing.exit_code, 1);
    QVERIFY(missing.error().value(QLatin1String("message")).toString().contains(QStringLiteral("absent.key")));
    QCOMPARE(QJsonDocument::fromJson(run_json({QStringLiteral("keys"), QStringLiteral("list")}).out).array().size(), stored);

    // Exporting a key that does not exist leaves the path as it was.
    const Result unknown =
        run_json({QStringLiteral("keys"), QStringLiteral("export"), QStringLiteral("nobody"), QStringLiteral("--file"), junk});
    QCOMPARE(unknown.exit_code, 1);
    QVERIFY(junk_file.open(QIODevice::ReadOnly));
    QCOMPARE(junk_file.readAll(), QByteArray("{\"version\": 1}"));

    const Result no_file = run_json({QStringLiteral("keys"), QStringLiteral("export"), QStringLiteral("frank")});
    expect_usage(no_file);
    QVERIFY2(no_file.error().value(QLatin1String("message")).toString().contains(QStringLiteral("file")), no_file.err.constData());
}

BERTH_QTEST_GUILESS(TestCliUsage)
#include "tst_cli_usage.moc"
