#include <devnet.h>
#include <genesisfile.h>
#include <jsonreader.h>
#include <keystore.h>
#include <manifest.h>
#include <networkgenesis.h>
#include <node.h>
#include <rpchandler.h>

#include "nodetestsupport.h"

#include <testcase.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <optional>

using namespace berth;
using berth::test::error_of;

namespace {

using Form = JsonReader::IntegerForm;

/** 1-based line and column of the first occurrence of `needle` in `text`, counted as the reader counts them. */
std::pair<int, int> place_of(const QByteArray& text, const QByteArray& needle)
{
    const qsizetype offset = text.indexOf(needle);
    const QByteArray before = text.left(offset);
    const qsizetype line_start = before.lastIndexOf('\n') + 1;
    return {static_cast<int>(before.count('\n')) + 1, static_cast<int>(QString::fromUtf8(before.mid(line_start)).size()) + 1};
}

const QByteArray nested = "{\n"
                          "  \"services\": [\n"
                          "    {\"name\": \"web\", \"ports\": [80]},\n"
                          "    {\"name\": \"d\u00e9j\u00e0\", \"ports\": [8000, 0]}\n"
                          "  ]\n"
                          "}\n";

} // namespace

/**
 * The one strict JSON reader of the node: the paths it names, the line and column of a syntax
 * error and of a refused value, its integer rules, and that the genesis file, the RPC, the
 * keystore and the manifest all report through it.
 */
class TestJsonReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fieldPathsNameEveryStep();
    void syntaxErrorHasLineAndColumn_data();
    void syntaxErrorHasLineAndColumn();
    void badValueHasLineAndColumn();
    void columnsCountCharactersNotBytes();
    void missingFieldPointsAtItsObject();
    void locatorIsNotFooledByStringsOrEscapes();
    void valueBuiltInMemoryHasNoPosition();
    void integerRules_data();
    void integerRules();
    void stringsAmountsPricesAddresses();
    void unknownKeysAreRefused();
    void genesisReportsThroughTheReader();
    void networkBalancesReportThroughTheReader();
    void rpcReportsThroughTheReader();
    void keystoreReportsThroughTheReader();
    void manifestReportsThroughTheReader();

private:
    QTemporaryDir m_dir;
};

void TestJsonReader::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QLoggingCategory::setFilterRules(QStringLiteral("*.info=false\n*.warning=false"));
}

void TestJsonReader::fieldPathsNameEveryStep()
{
    const JsonReader root = JsonReader::parse(nested, QStringLiteral("the test"));
    const QList<JsonReader> services = root.field("services").elements();
    QCOMPARE(services.size(), 2);
    QCOMPARE(services[1].path(), QStringLiteral("services[1]"));
    const QList<JsonReader> ports = services[1].field("ports").elements();
    QCOMPARE(ports[1].path(), QStringLiteral("services[1].ports[1]"));
    QCOMPARE(services[0].field("ports").elements()[0].unsigned_integer(1, 65535), 80u);

    const auto error = error_of<JsonFieldError>([&] { ports[1].unsigned_integer(1, 65535); });
    QVERIFY(error.has_value());
    QCOMPARE(error->field(), QStringLiteral("services[1].ports[1]"));
    QCOMPARE(error->problem(), QStringLiteral("must be an integer from 1 to 65535, got 0"));
    QVERIFY2(QString::fromUtf8(error->what()).startsWith(QStringLiteral("'services[1].ports[1]' must be")), error->what());
}

void TestJsonReader::syntaxErrorHasLineAndColumn_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::newRow("unterminated object") << QByteArray("{\"version\": 1,") << 1 << 15;
    QTest::newRow("missing comma before line 4") << QByteArray("{\n  \"a\": 1,\n  \"b\": 2\n  \"c\": 3\n}") << 4 << 4;
    QTest::newRow("garbage after the document") << QByteArray("{}\n\n  x") << 3 << 3;
}

void TestJsonReader::syntaxErrorHasLineAndColumn()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(int, column);
    const auto error = error_of<JsonFieldError>([&] { JsonReader::parse(text, QStringLiteral("the test")); });
    QVERIFY(error.has_value());
    QVERIFY(error->field().isEmpty());
    QVERIFY2(error->problem().startsWith(QStringLiteral("the test is not valid JSON: ")), qPrintable(error->problem()));
    QCOMPARE(error->line(), line);
    QCOMPARE(error->column(), column);
    QVERIFY2(QString::fromUtf8(error->what()).endsWith(QStringLiteral("(line %1, column %2)").arg(line).arg(column)), error->what());
}

void TestJsonReader::badValueHasLineAndColumn()
{
    const JsonReader root = JsonReader::parse(nested, QStringLiteral("the test"));
    const auto error =
        error_of<JsonFieldError>([&] { root.field("services").elements()[1].field("ports").elements()[1].unsigned_integer(1, 65535); });
    QVERIFY(error.has_value());
    const auto [line, column] = place_of(nested, "0]}\n  ]");
    QCOMPARE(error->line(), 4);
    QCOMPARE(error->line(), line);
    QCOMPARE(error->column(), column);

    const auto whole = error_of<JsonFieldError>([&] { root.field("services").elements()[0].field("name").unsigned_integer(); });
    QVERIFY(whole.has_value());
    QCOMPARE(whole->field(), QStringLiteral("services[0].name"));
    QCOMPARE(std::pair(whole->line(), whole->column()), place_of(nested, "\"web\""));
}

void TestJsonReader::columnsCountCharactersNotBytes()
{
    // "é" is two bytes of UTF-8 and one character of the line.
    const QByteArray text = "{\"\xc3\xa9\": \"x\", \"n\": 1.5}";
    const auto error = error_of<JsonFieldError>([&] { JsonReader::parse(text, QStringLiteral("the test")).field("n").unsigned_integer(); });
    QVERIFY(error.has_value());
    QCOMPARE(error->line(), 1);
    QCOMPARE(error->column(), 17);
    QCOMPARE(JsonReader::parse(text, QStringLiteral("the test")).field(QString::fromUtf8("\xc3\xa9")).string(), QStringLiteral("x"));
}

void TestJsonReader::missingFieldPointsAtItsObject()
{
    const QByteArray text = "{\n  \"a\": {\n    \"b\": 1\n  }\n}";
    const JsonReader root = JsonReader::parse(text, QStringLiteral("the test"));
    const auto error = error_of<JsonFieldError>([&] { root.field("a").field("c").string(); });
    QVERIFY(error.has_value());
    QCOMPARE(error->field(), QStringLiteral("a.c"));
    QCOMPARE(error->problem(), QStringLiteral("is required; expected a string"));
    QCOMPARE(error->line(), 2);
    QCOMPARE(error->column(), 8);
    QVERIFY(!root.field("a").field("c").is_present());
}

void TestJsonReader::locatorIsNotFooledByStringsOrEscapes()
{
    const QByteArray text = "{\"x\": [\"[\", \"]\\\"\", {\"y\": \"}\"}], \"a\\u0062\": 1, \"t\": true, \"t\": \"last\"}";
    const JsonReader root = JsonReader::parse(text, QStringLiteral("the test"));
    const auto escaped = error_of<JsonFieldError>([&] { root.field("ab").string(); });
    QVERIFY(escaped.has_value());
    QCOMPARE(escaped->column(), static_cast<int>(text.indexOf(": 1,")) + 3);
    const auto inner = error_of<JsonFieldError>([&] { root.field("x").elements()[2].field("y").unsigned_integer(); });
    QVERIFY(inner.has_value());
    QCOMPARE(inner->field(), QStringLiteral("x[2].y"));
    QCOMPARE(inner->column(), static_cast<int>(text.indexOf("\"}\"")) + 1);
    // Of duplicate keys the last one counts, in the value and in the position.
    QCOMPARE(root.field("t").string(), QStringLiteral("last"));
    const auto last = error_of<JsonFieldError>([&] { root.field("t").unsigned_integer(); });
    QVERIFY(last.has_value());
    QCOMPARE(last->column(), static_cast<int>(text.indexOf("\"last\"")) + 1);
}

void TestJsonReader::valueBuiltInMemoryHasNoPosition()
{
    const JsonReader root(QJsonObject{{"a", QJsonArray{QJsonObject{{"b", "x"}}}}});
    const auto error = error_of<JsonFieldError>([&] { root.field("a").elements()[0].field("b").unsigned_integer(); });
    QVERIFY(error.has_value());
    QCOMPARE(error->field(), QStringLiteral("a[0].b"));
    QVERIFY(!error->has_position());
    QCOMPARE(QString::fromUtf8(error->what()), QStringLiteral("'a[0].b' must be a non-negative integer, not a string"));
}

void TestJsonReader::integerRules_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<quint64>("min");
    QTest::addColumn<quint64>("max");
    QTest::addColumn<bool>("strings");
    QTest::addColumn<QString>("expected"); // the number read, or a part of the problem
    const quint64 any = std::numeric_limits<quint64>::max();
    QTest::newRow("integer") << QByteArray("42") << quint64(0) << any << false << "42";
    QTest::newRow("at the minimum") << QByteArray("1") << quint64(1) << quint64(65535) << false << "1";
    QTest::newRow("at the maximum") << QByteArray("65535") << quint64(1) << quint64(65535) << false << "65535";
    QTest::newRow("below the minimum") << QByteArray("0") << quint64(1) << quint64(65535) << false << "from 1 to 65535, got 0";
    QTest::newRow("above the maximum") << QByteArray("65536") << quint64(1) << quint64(65535) << false << "got 65536";
    QTest::newRow("negative") << QByteArray("-1") << quint64(0) << any << false << "non-negative integer, got -1";
    QTest::newRow("fraction") << QByteArray("1.5") << quint64(0) << any << false << "got 1.5, which is not a whole number";
    QTest::newRow("whole in a float form") << QByteArray("1e3") << quint64(0) << any << false << "1000";
    QTest::newRow("beyond 2^53 exactly") << QByteArray("9007199254740993") << quint64(0) << any << false << "9007199254740993";
    QTest::newRow("beyond 2^53 as a float") << QByteArray("9.007199254740993e15") << quint64(0) << any << false << "exact";
    QTest::newRow("beyond int64 as a number") << QByteArray("18446744073709551615") << quint64(0) << any << false << "exact";
    QTest::newRow("huge") << QByteArray("1e300") << quint64(1) << quint64(1048576) << false << "from 1 to 1048576, got 1e+300";
    QTest::newRow("string refused") << QByteArray("\"42\"") << quint64(0) << any << false << "not a string";
    QTest::newRow("string allowed") << QByteArray("\"42\"") << quint64(0) << any << true << "42";
    QTest::newRow("string of 2^64 - 1") << QByteArray("\"18446744073709551615\"") << quint64(0) << any << true << "18446744073709551615";
    QTest::newRow("string beyond 2^64") << QByteArray("\"18446744073709551616\"") << quint64(0) << any << true << "decimal digits";
    QTest::newRow("string with a sign") << QByteArray("\"+4\"") << quint64(0) << any << true << "decimal digits";
    QTest::newRow("string with a space") << QByteArray("\" 4\"") << quint64(0) << any << true << "decimal digits";
    QTest::newRow("string with a fraction") << QByteArray("\"4.0\"") << quint64(0) << any << true << "decimal digits";
    QTest::newRow("string out of range") << QByteArray("\"70000\"") << quint64(1) << quint64(65535) << true << "got 70000";
    QTest::newRow("null") << QByteArray("null") << quint64(0) << any << false << "not null";
    QTest::newRow("boolean") << QByteArray("true") << quint64(0) << any << false << "not a boolean";
}

void TestJsonReader::integerRules()
{
    QFETCH(QByteArray, value);
    QFETCH(quint64, min);
    QFETCH(quint64, max);
    QFETCH(bool, strings);
    QFETCH(QString, expected);
    const JsonReader field = JsonReader::parse("{\"n\": " + value + "}", QStringLiteral("the test")).field("n");
    const Form form = strings ? Form::NumberOrString : Form::Number;
    bool is_number = false;
    const quint64 number = expected.toULongLong(&is_number);
    if (is_number) {
        QCOMPARE(field.unsigned_integer(min, max, form), number);
        return;
    }
    const auto error = error_of<JsonFieldError>([&] { field.unsigned_integer(min, max, form); });
    QVERIFY2(error.has_value(), "read without an error");
    QCOMPARE(error->field(), QStringLiteral("n"));
    QVERIFY2(error->problem().contains(expected), qPrintable(error->problem()));
    QCOMPARE(error->column(), 7);
}

void TestJsonReader::stringsAmountsPricesAddresses()
{
    const QByteArray text = R"({"s": 5, "amount": "12a", "price": "1e3", "address": "0xabc", "ok": "1000", "hex": "abcd"})";
    const JsonReader root = JsonReader::parse(text, QStringLiteral("the test"));
    const auto problem = [](const std::function<void()>& read) {
        const auto error = error_of<JsonFieldError>(read);
        return error ? error->field() + QLatin1Char(' ') + error->problem() : QString();
    };
    QCOMPARE(problem([&] { root.field("s").string(); }), QStringLiteral("s must be a string, not a number"));
    QVERIFY(problem([&] { root.field("amount").amount(); }).startsWith(QStringLiteral("amount is not an amount of base units")));
    QVERIFY(problem([&] { root.field("price").price(); }).startsWith(QStringLiteral("price is not a price per second")));
    QCOMPARE(problem([&] { root.field("address").address(); }), QStringLiteral("address is not a berth address"));
    QCOMPARE(problem([&] { root.field("hex").hex_bytes<4>(); }), QStringLiteral("hex must be 8 hex digits (4 bytes)"));
    QCOMPARE(root.field("ok").amount(), Amount(1000));
    QCOMPARE(root.field("hex").hex_bytes<2>(), (std::array<std::uint8_t, 2>{0xab, 0xcd}));
    const auto whole =
        error_of<JsonFieldError>([] { JsonReader::parse("[]", QStringLiteral("the test")).object(QStringLiteral("a JSON object")); });
    QVERIFY(whole.has_value());
    QCOMPARE(QString::fromUtf8(whole->what()), QStringLiteral("the test must be a JSON object, not an array (line 1, column 1)"));
}

void TestJsonReader::unknownKeysAreRefused()
{
    const QByteArray text = "{\"name\": \"a\",\n \"nmae\": \"b\"}";
    const auto error =
        error_of<JsonFieldError>([&] { JsonReader::parse(text, QStringLiteral("the test")).only_keys({"name"}, QStringLiteral("a thing")); });
    QVERIFY(error.has_value());
    QCOMPARE(error->field(), QStringLiteral("nmae"));
    QCOMPARE(error->problem(), QStringLiteral("unknown field; a thing may only have \"name\""));
    QCOMPARE(std::pair(error->line(), error->column()), std::pair(2, 10));
}

void TestJsonReader::genesisReportsThroughTheReader()
{
    GenesisFile genesis;
    genesis.genesis.params.chain_id = "test";
    genesis.genesis.params.instance_types = GenesisFile::standard_instance_types();
    genesis.producers.push_back(Devnet::demo_key(QStringLiteral("producer")).public_key());
    QByteArray text = genesis.to_json();
    QCOMPARE(GenesisFile::from_json(text).genesis.params.chain_id, std::string("test"));
    const QByteArray written = "\"block_ms\": \"" + QByteArray::number(genesis.genesis.params.block_ms) + '"';
    QVERIFY(text.contains(written));
    text.replace(written, "\"block_ms\": \"1.5\"");
    const auto error = error_of<JsonFieldError>([&] { GenesisFile::from_json(text); });
    QVERIFY(error.has_value());
    QCOMPARE(error->field(), QStringLiteral("params.block_ms"));
    QCOMPARE(std::pair(error->line(), error->column()), place_of(text, "\"1.5\""));
}

void TestJsonReader::networkBalancesReportThroughTheReader()
{
    NetworkGenesis::Spec spec;
    spec.chain_id = "test";
    spec.producers.push_back(Devnet::demo_key(QStringLiteral("producer")).public_key());
    const QString alice = QString::fromStdString(Address::of(Devnet::demo_key(QStringLiteral("alice")).public_key()).str());
    spec.balances_json =
        QStringLiteral("{\n \"accounts\": [\n  {\"name\": \"alice\", \"address\": \"%1\", \"usdc\": \"-5\", \"pond\": \"0\"}\n ],\n"
                       " \"auditors\": []\n}")
            .arg(alice)
            .toUtf8();
    const auto error = error_of<JsonFieldError>([&] { NetworkGenesis::create(spec); });
    QVERIFY(error.has_value());
    QCOMPARE(error->field(), QStringLiteral("accounts[0].usdc"));
    QCOMPARE(std::pair(error->line(), error->column()), place_of(spec.balances_json, "\"-5\""));
}

void TestJsonReader::rpcReportsThroughTheReader()
{
    NodeConfig config;
    config.datadir = m_dir.filePath(QStringLiteral("node"));
    config.devnet = true;
    config.demo_providers = 1;
    config.rpc_enabled = false;
    config.run_agents = false;
    Node node(config);
    node.start();
    RpcHandler handler(node);
    const auto message_of = [&](const QByteArray& body) {
        const RpcResponse response = handler.handle("POST", QUrl(QStringLiteral("/tx")), body);
        const QJsonObject error = QJsonDocument::fromJson(response.body).object().value("error").toObject();
        return std::pair(response.status, error.value("code").toString() + QLatin1Char(' ') + error.value("message").toString());
    };
    QCOMPARE(message_of("{\n  \"tx\": 5\n}"),
             std::pair(400, QStringLiteral("malformed 'tx' must be a string of hex digits, not a number (line 2, column 9)")));
    QCOMPARE(message_of("{\"tx\": \"zz\"}"), std::pair(400, QStringLiteral("malformed 'tx' must be hex (line 1, column 8)")));
    const auto [status, message] = message_of("{\"tx\": ");
    QCOMPARE(status, 400);
    QVERIFY2(message.startsWith(QStringLiteral("malformed the body is not valid JSON: ")), qPrintable(message));
    QVERIFY2(message.endsWith(QStringLiteral("(line 1, column 8)")), qPrintable(message));
}

void TestJsonReader::keystoreReportsThroughTheReader()
{
    Keystore keystore(m_dir.filePath(QStringLiteral("keys")), Keystore::min_scrypt_n);
    keystore.create(QStringLiteral("alice"), QStringLiteral("pw"));
    QByteArray contents = keystore.export_file(QStringLiteral("alice"));
    contents.replace("\"n\": 1024", "\"n\": 1024.5");
    const auto [line, column] = place_of(contents, "1024.5");
    try {
        keystore.import_file(QStringLiteral("copy"), contents);
        QFAIL("imported a key file with a fractional scrypt N");
    } catch (const KeystoreError& e) {
        QCOMPARE(e.code(), KeystoreError::Code::Malformed);
        const QString text = QString::fromUtf8(e.what());
        QVERIFY2(text.contains(QStringLiteral("'kdfparams.n' must be a non-negative integer, got 1024.5, which is not a whole number")),
                 e.what());
        QVERIFY2(text.endsWith(QStringLiteral("(line %1, column %2)").arg(line).arg(column)), e.what());
    }
}

void TestJsonReader::manifestReportsThroughTheReader()
{
    const QByteArray text = "{\n"
                            "  \"version\": 1,\n"
                            "  \"services\": [{\n"
                            "    \"name\": \"web\", \"image\": \"https://images.berth.dev/a\", \"kind\": \"static-http\",\n"
                            "    \"ports\": [80], \"content\": {\"/\": \"x\"},\n"
                            "    \"resources\": {\"cpu_millis\": 250, \"memory_mb\": 64.5}\n"
                            "  }]\n"
                            "}\n";
    try {
        Manifest::parse(text);
        QFAIL("parsed a manifest with a fractional memory_mb");
    } catch (const ManifestError& e) {
        QCOMPARE(e.field(), QStringLiteral("services[0].resources.memory_mb"));
        QCOMPARE(std::pair(e.line(), e.column()), place_of(text, "64.5"));
        QCOMPARE(e.line(), 6);
    }
    try {
        Manifest::parse(QByteArray(text).replace("\"kind\"", "\"kind\" "
                                                             "\"static-http\","));
        QFAIL("parsed a manifest that is not JSON");
    } catch (const ManifestError& e) {
        QVERIFY(e.field().isEmpty());
        QCOMPARE(e.line(), 4);
        QVERIFY2(QString::fromUtf8(e.what()).startsWith(QStringLiteral("the manifest is not valid JSON")), e.what());
    }
    try {
        Manifest::parse(QByteArray(Manifest::max_bytes + 1, ' '));
        QFAIL("parsed an oversized manifest");
    } catch (const ManifestError& e) {
        // Refused before parsing: there is no place in the text to point at.
        QCOMPARE(e.line(), 0);
    }
}

BERTH_QTEST_GUILESS(TestJsonReader)
#include "tst_jsonreader.moc"
