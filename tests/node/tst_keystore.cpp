#include <keystore.h>

#include "nodetestsupport.h"

#include <testcase.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>

using namespace berth;
using berth::test::error_of;
using berth::test::fast_n;
using berth::test::read_all;
using berth::test::write_all;
using Code = KeystoreError::Code;

namespace {

std::array<std::uint8_t, PrivateKey::seed_size> test_seed(std::uint8_t first)
{
    std::array<std::uint8_t, PrivateKey::seed_size> seed{};
    for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(first + i);
    return seed;
}

QJsonObject json_of(const QByteArray& contents)
{
    return QJsonDocument::fromJson(contents).object();
}

QByteArray bytes_of(const QJsonObject& object)
{
    return QJsonDocument(object).toJson();
}

/** Sets (or, for an undefined value, removes) `path`, which is "field" or "object.field". */
void set_field(QJsonObject& root, const QString& path, const QJsonValue& value)
{
    const QStringList parts = path.split(QLatin1Char('.'));
    if (parts.size() == 1) {
        if (value.isUndefined())
            root.remove(parts[0]);
        else
            root[parts[0]] = value;
        return;
    }
    QJsonObject inner = root[parts[0]].toObject();
    if (value.isUndefined())
        inner.remove(parts[1]);
    else
        inner[parts[1]] = value;
    root[parts[0]] = inner;
}

QJsonValue field(const QJsonObject& root, const QString& path)
{
    const QStringList parts = path.split(QLatin1Char('.'));
    return parts.size() == 1 ? root[parts[0]] : root[parts[0]].toObject()[parts[1]];
}

/** The same hex string with its last digit changed. */
QString flip_last_hex_digit(const QString& hex)
{
    QString out = hex;
    out[out.size() - 1] = out.back() == QLatin1Char('0') ? QLatin1Char('1') : QLatin1Char('0');
    return out;
}

} // namespace

/** Checks every documented behaviour of the failure, not just that something threw. */
#define VERIFY_KEYSTORE_ERROR(statement, expected_code, expected_text)                                                                          \
    do {                                                                                                                                        \
        const auto keystore_error = error_of<KeystoreError>([&] { statement; });                                                                \
        QVERIFY2(keystore_error.has_value(), "no KeystoreError from: " #statement);                                                             \
        QVERIFY2(keystore_error->code() == (expected_code), keystore_error->what());                                                            \
        QVERIFY2(QString::fromUtf8(keystore_error->what()).contains(expected_text), keystore_error->what());                                    \
    } while (false)

/** The encrypted keystore: file format, encryption, tamper detection, names and file handling. */
class TestKeystore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void createThenUnlockGivesTheStoredKey();
    void defaultCostIsStoredInTheFile();
    void wrongPassphraseFails();
    void passphraseIsNormalized();
    void tamperingFailsUnlock_data();
    void tamperingFailsUnlock();
    void importSeedIsDeterministic();
    void namesListsKeysSorted();
    void invalidNamesAreRefused_data();
    void invalidNamesAreRefused();
    void existingNameIsNeverOverwritten();
    void unknownNameFails();
    void exportImportRoundTripUnderAnotherName();
    void malformedImportWritesNothing_data();
    void malformedImportWritesNothing();
    void malformedFileOnDiskNamesTheField();
    void filesAre0600AndDirectory0700();
    void unusableDirectoryIsAnIoError();
    void absurdCostIsRefused();

private:
    QString keys_dir() const { return m_tmp->path() + QStringLiteral("/keys"); }
    QString key_path(const QString& name) const { return keys_dir() + QLatin1Char('/') + name + QStringLiteral(".key"); }
    QStringList dir_entries() const { return QDir(keys_dir()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot); }

    std::optional<QTemporaryDir> m_tmp;
};

void TestKeystore::init()
{
    m_tmp.emplace();
    QVERIFY(m_tmp->isValid());
}

void TestKeystore::cleanup()
{
    m_tmp.reset();
}

void TestKeystore::createThenUnlockGivesTheStoredKey()
{
    Keystore keystore(keys_dir(), fast_n);
    const Address created = keystore.create("alice", "correct horse");
    QVERIFY(!created.is_null());
    QCOMPARE(keystore.address("alice"), std::optional<Address>(created));

    const QByteArray contents = read_all(key_path("alice"));
    const QJsonObject json = json_of(contents);
    QCOMPARE(json["version"].toInt(), 1);
    QCOMPARE(json["name"].toString(), QStringLiteral("alice"));
    QCOMPARE(json["address"].toString().toStdString(), created.str());
    QCOMPARE(json["kdf"].toString(), QStringLiteral("scrypt"));
    QCOMPARE(field(json, "kdfparams.n").toInteger(), static_cast<qint64>(fast_n));
    QCOMPARE(field(json, "kdfparams.r").toInteger(), 8);
    QCOMPARE(field(json, "kdfparams.p").toInteger(), 1);
    QCOMPARE(field(json, "kdfparams.salt").toString().size(), 32);
    QCOMPARE(json["cipher"].toString(), QStringLiteral("aes-256-gcm"));
    QCOMPARE(field(json, "cipherparams.iv").toString().size(), 24);
    QCOMPARE(field(json, "cipherparams.tag").toString().size(), 32);
    QCOMPARE(json["ciphertext"].toString().size(), 64);

    const PrivateKey key = keystore.unlock("alice", "correct horse");
    QCOMPARE(Address::of(key.public_key()), created);
    // The seed itself must not appear in the file.
    QVERIFY(!contents.contains(QByteArray::fromStdString(to_hex(key.seed()))));
    const std::string message = "a transaction";
    QVERIFY(key.public_key().verify(as_bytes(message), key.sign(as_bytes(message))));

    // A second keystore over the same directory reads the same key.
    const Keystore reopened(keys_dir(), Keystore::default_scrypt_n);
    QCOMPARE(Address::of(reopened.unlock("alice", "correct horse").public_key()), created);
    // Nothing but the key file is left in the directory.
    QCOMPARE(dir_entries(), QStringList{"alice.key"});
}

void TestKeystore::defaultCostIsStoredInTheFile()
{
    Keystore keystore(keys_dir());
    QCOMPARE(keystore.scrypt_n(), std::uint64_t{32768});
    const Address created = keystore.create("alice", "pw");
    const QJsonObject json = json_of(read_all(key_path("alice")));
    QCOMPARE(field(json, "kdfparams.n").toInteger(), 32768);
    QCOMPARE(field(json, "kdfparams.r").toInteger(), 8);
    QCOMPARE(field(json, "kdfparams.p").toInteger(), 1);
    QCOMPARE(keystore.address("alice"), std::optional<Address>(created));
    // That unlocking uses the cost stored in the file is checked by the cheaper tests above and
    // by tamperingFailsUnlock("scrypt N"); one derivation at 2^15 is enough here.
}

void TestKeystore::wrongPassphraseFails()
{
    Keystore keystore(keys_dir(), fast_n);
    keystore.create("alice", "right");
    VERIFY_KEYSTORE_ERROR(keystore.unlock("alice", "wrong"), Code::WrongPassphrase, "wrong passphrase or corrupted key file");
    VERIFY_KEYSTORE_ERROR(keystore.unlock("alice", ""), Code::WrongPassphrase, "'alice'");
    VERIFY_KEYSTORE_ERROR(keystore.unlock("alice", "Right"), Code::WrongPassphrase, "wrong passphrase");
}

void TestKeystore::passphraseIsNormalized()
{
    Keystore keystore(keys_dir(), fast_n);
    const Address created = keystore.create("alice", QString::fromUtf8("caf\u00e9")); // precomposed é
    const PrivateKey key = keystore.unlock("alice", QString::fromUtf8("cafe\u0301")); // e + combining accent
    QCOMPARE(Address::of(key.public_key()), created);
}

void TestKeystore::tamperingFailsUnlock_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("ciphertext") << "ciphertext";
    QTest::newRow("tag") << "cipherparams.tag";
    QTest::newRow("iv") << "cipherparams.iv";
    QTest::newRow("salt") << "kdfparams.salt";
    QTest::newRow("address") << "address";
    QTest::newRow("scrypt N") << "kdfparams.n";
    QTest::newRow("scrypt r") << "kdfparams.r";
}

void TestKeystore::tamperingFailsUnlock()
{
    QFETCH(QString, path);
    Keystore keystore(keys_dir(), fast_n);
    const Address created = keystore.create("alice", "pw");
    QCOMPARE(Address::of(keystore.unlock("alice", "pw").public_key()), created);

    QJsonObject json = json_of(read_all(key_path("alice")));
    const QJsonValue original = field(json, path);
    QJsonValue tampered;
    if (path == "address") {
        const Address other = Address::of(PrivateKey::from_seed(test_seed(7)).public_key());
        tampered = QString::fromStdString(other.str());
    } else if (path == "kdfparams.n") {
        tampered = original.toInteger() * 2;
    } else if (path == "kdfparams.r") {
        tampered = original.toInteger() + 1;
    } else {
        tampered = flip_last_hex_digit(original.toString());
    }
    QVERIFY(tampered != original);
    set_field(json, path, tampered);
    QVERIFY(write_all(key_path("alice"), bytes_of(json)));

    VERIFY_KEYSTORE_ERROR(keystore.unlock("alice", "pw"), Code::WrongPassphrase, "wrong passphrase or corrupted key file");
}

void TestKeystore::importSeedIsDeterministic()
{
    Keystore keystore(keys_dir(), fast_n);
    const auto seed = test_seed(1);
    const Address expected = Address::of(PrivateKey::from_seed(seed).public_key());
    QCOMPARE(keystore.import_seed("first", seed, "one"), expected);
    QCOMPARE(keystore.import_seed("second", seed, "two"), expected);
    QCOMPARE(keystore.unlock("first", "one").seed(), seed);
    QCOMPARE(keystore.unlock("second", "two").seed(), seed);
    QVERIFY(keystore.import_seed("third", test_seed(2), "one") != expected);

    // Same seed, but each file has its own random salt and IV, so nothing repeats.
    const QJsonObject first = json_of(read_all(key_path("first")));
    const QJsonObject second = json_of(read_all(key_path("second")));
    QVERIFY(field(first, "kdfparams.salt") != field(second, "kdfparams.salt"));
    QVERIFY(field(first, "cipherparams.iv") != field(second, "cipherparams.iv"));
    QVERIFY(first["ciphertext"] != second["ciphertext"]);
}

void TestKeystore::namesListsKeysSorted()
{
    Keystore keystore(keys_dir(), fast_n);
    QCOMPARE(keystore.names(), QStringList{}); // the directory does not exist yet
    keystore.create("bob", "pw");
    keystore.create("alice", "pw");
    keystore.create("carol-2", "pw");
    keystore.create("Zed", "pw");
    keystore.create(".dotted", "pw");
    // Files that are not key files of a valid name are not listed.
    QVERIFY(write_all(keys_dir() + "/notes.txt", "x"));
    QVERIFY(write_all(keys_dir() + "/bad name.key", "x"));
    QVERIFY(QDir(keys_dir()).mkdir("folder.key"));
    const QStringList expected{".dotted", "Zed", "alice", "bob", "carol-2"};
    QCOMPARE(keystore.names(), expected);
}

void TestKeystore::invalidNamesAreRefused_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("empty") << QString();
    QTest::newRow("space") << "a b";
    QTest::newRow("slash") << "a/b";
    QTest::newRow("parent") << "../evil";
    QTest::newRow("backslash") << "a\\b";
    QTest::newRow("non-ASCII letter") << QString::fromUtf8("j\u00f6rg");
    QTest::newRow("65 characters") << QString(65, QLatin1Char('a'));
}

void TestKeystore::invalidNamesAreRefused()
{
    QFETCH(QString, name);
    Keystore keystore(keys_dir(), fast_n);
    keystore.create("alice", "pw");
    const QByteArray exported = keystore.export_file("alice");

    VERIFY_KEYSTORE_ERROR(keystore.create(name, "pw"), Code::InvalidName, "invalid key name");
    VERIFY_KEYSTORE_ERROR(keystore.import_seed(name, test_seed(1), "pw"), Code::InvalidName, "invalid key name");
    VERIFY_KEYSTORE_ERROR(keystore.import_file(name, exported), Code::InvalidName, "invalid key name");
    VERIFY_KEYSTORE_ERROR(keystore.unlock(name, "pw"), Code::InvalidName, "[A-Za-z0-9_.-]");
    VERIFY_KEYSTORE_ERROR(keystore.address(name), Code::InvalidName, "invalid key name");
    VERIFY_KEYSTORE_ERROR(keystore.export_file(name), Code::InvalidName, "invalid key name");
    QCOMPARE(dir_entries(), QStringList{"alice.key"});
    QVERIFY(!QFile::exists(m_tmp->path() + "/evil.key"));

    // The longest allowed name works.
    const QString longest(64, QLatin1Char('a'));
    QVERIFY(Keystore::is_valid_name(longest));
    QVERIFY(!keystore.create(longest, "pw").is_null());
}

void TestKeystore::existingNameIsNeverOverwritten()
{
    Keystore keystore(keys_dir(), fast_n);
    const Address original = keystore.create("alice", "pw");
    const QByteArray before = read_all(key_path("alice"));
    QVERIFY(!before.isEmpty());

    VERIFY_KEYSTORE_ERROR(keystore.create("alice", "other"), Code::NameExists, "'alice' already exists");
    VERIFY_KEYSTORE_ERROR(keystore.import_seed("alice", test_seed(3), "other"), Code::NameExists, "already exists");
    keystore.import_seed("bob", test_seed(3), "other");
    VERIFY_KEYSTORE_ERROR(keystore.import_file("alice", keystore.export_file("bob")), Code::NameExists, "never overwritten");

    QCOMPARE(read_all(key_path("alice")), before);
    QCOMPARE(Address::of(keystore.unlock("alice", "pw").public_key()), original);
}

void TestKeystore::unknownNameFails()
{
    Keystore keystore(keys_dir(), fast_n);
    VERIFY_KEYSTORE_ERROR(keystore.unlock("nobody", "pw"), Code::UnknownName, "no key named 'nobody'");
    keystore.create("alice", "pw");
    VERIFY_KEYSTORE_ERROR(keystore.unlock("nobody", "pw"), Code::UnknownName, "no key named 'nobody'");
    VERIFY_KEYSTORE_ERROR(keystore.export_file("nobody"), Code::UnknownName, "no key named 'nobody'");
    QCOMPARE(keystore.address("nobody"), std::nullopt);
}

void TestKeystore::exportImportRoundTripUnderAnotherName()
{
    Keystore keystore(keys_dir(), fast_n);
    const Address created = keystore.create("alice", "pw");
    const QByteArray exported = keystore.export_file("alice");
    QCOMPARE(exported, read_all(key_path("alice")));

    QCOMPARE(keystore.import_file("alice-copy", exported), created);
    QCOMPARE(keystore.names(), (QStringList{"alice", "alice-copy"}));
    QCOMPARE(keystore.address("alice-copy"), std::optional<Address>(created));
    QCOMPARE(json_of(read_all(key_path("alice-copy")))["name"].toString(), QStringLiteral("alice-copy"));
    QCOMPARE(Address::of(keystore.unlock("alice-copy", "pw").public_key()), created);
    VERIFY_KEYSTORE_ERROR(keystore.unlock("alice-copy", "wrong"), Code::WrongPassphrase, "wrong passphrase");

    // Into another keystore, which creates its directory on the way.
    Keystore elsewhere(m_tmp->path() + "/other/keys", fast_n);
    QCOMPARE(elsewhere.import_file("imported", exported), created);
    QCOMPARE(Address::of(elsewhere.unlock("imported", "pw").public_key()), created);
}

void TestKeystore::malformedImportWritesNothing_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("expected");

    const QJsonValue removed(QJsonValue::Undefined);
    QTest::newRow("not JSON") << QByteArray("not json") << QString() << QJsonValue() << "not valid JSON";
    QTest::newRow("array") << QByteArray("[]") << QString() << QJsonValue() << "must be a JSON object, not an array";
    QTest::newRow("too large") << QByteArray(70 * 1024, ' ') << QString() << QJsonValue() << "larger than";
    QTest::newRow("version 2") << QByteArray() << "version" << QJsonValue(2) << "'version'";
    QTest::newRow("no version") << QByteArray() << "version" << removed << "'version'";
    QTest::newRow("name not a string") << QByteArray() << "name" << QJsonValue(5) << "'name'";
    QTest::newRow("bad address") << QByteArray() << "address" << QJsonValue("0xabc") << "'address'";
    QTest::newRow("kdf") << QByteArray() << "kdf" << QJsonValue("pbkdf2") << "'kdf'";
    QTest::newRow("no kdfparams") << QByteArray() << "kdfparams" << removed << "'kdfparams' is required";
    QTest::newRow("N not a power of two") << QByteArray() << "kdfparams.n" << QJsonValue(1000) << "'kdfparams.n'";
    QTest::newRow("N above 2^20") << QByteArray() << "kdfparams.n" << QJsonValue(1 << 21) << "'kdfparams.n'";
    QTest::newRow("N below 2^10") << QByteArray() << "kdfparams.n" << QJsonValue(512) << "'kdfparams.n'";
    QTest::newRow("N a string") << QByteArray() << "kdfparams.n" << QJsonValue("1024") << "'kdfparams.n'";
    QTest::newRow("N fractional") << QByteArray() << "kdfparams.n" << QJsonValue(1024.5) << "'kdfparams.n'";
    QTest::newRow("r zero") << QByteArray() << "kdfparams.r" << QJsonValue(0) << "'kdfparams.r'";
    QTest::newRow("p huge") << QByteArray() << "kdfparams.p" << QJsonValue(1000) << "'kdfparams.p'";
    QTest::newRow("salt short") << QByteArray() << "kdfparams.salt" << QJsonValue("abcd") << "'kdfparams.salt'";
    QTest::newRow("cipher") << QByteArray() << "cipher" << QJsonValue("aes-128-gcm") << "'cipher'";
    QTest::newRow("iv 16 bytes") << QByteArray() << "cipherparams.iv" << QJsonValue(QString(32, QLatin1Char('0'))) << "'cipherparams.iv'";
    QTest::newRow("tag not hex") << QByteArray() << "cipherparams.tag" << QJsonValue(QString(32, QLatin1Char('g'))) << "'cipherparams.tag'";
    QTest::newRow("no ciphertext") << QByteArray() << "ciphertext" << removed << "'ciphertext' is required";
    QTest::newRow("ciphertext short") << QByteArray() << "ciphertext" << QJsonValue("00") << "'ciphertext'";
}

void TestKeystore::malformedImportWritesNothing()
{
    QFETCH(QByteArray, raw);
    QFETCH(QString, path);
    QFETCH(QJsonValue, value);
    QFETCH(QString, expected);

    Keystore keystore(keys_dir(), fast_n);
    keystore.create("alice", "pw");
    QByteArray contents = raw;
    if (!path.isEmpty()) {
        QJsonObject json = json_of(keystore.export_file("alice"));
        set_field(json, path, value);
        contents = bytes_of(json);
    }

    VERIFY_KEYSTORE_ERROR(keystore.import_file("copy", contents), Code::Malformed, expected);
    VERIFY_KEYSTORE_ERROR(keystore.import_file("copy", contents), Code::Malformed, "imported as 'copy'");
    QCOMPARE(dir_entries(), QStringList{"alice.key"});
    QCOMPARE(keystore.address("copy"), std::nullopt);
}

void TestKeystore::malformedFileOnDiskNamesTheField()
{
    Keystore keystore(keys_dir(), fast_n);
    keystore.create("alice", "pw");
    QJsonObject json = json_of(read_all(key_path("alice")));
    set_field(json, "kdfparams.n", 3);
    QVERIFY(write_all(key_path("alice"), bytes_of(json)));

    VERIFY_KEYSTORE_ERROR(keystore.unlock("alice", "pw"), Code::Malformed, "'kdfparams.n'");
    VERIFY_KEYSTORE_ERROR(keystore.address("alice"), Code::Malformed, "alice.key");
    VERIFY_KEYSTORE_ERROR(keystore.export_file("alice"), Code::Malformed, "power of two");
}

void TestKeystore::filesAre0600AndDirectory0700()
{
    Keystore keystore(keys_dir(), fast_n);
    const Address created = keystore.create("alice", "pw");
    keystore.import_file("copy", keystore.export_file("alice"));
    keystore.import_seed("seeded", test_seed(4), "pw");

    // QFile reports the "User" bits too when the file belongs to the current user; ignore them.
    const auto ignore_user = ~(QFile::ReadUser | QFile::WriteUser | QFile::ExeUser);
    for (const char* name : {"alice", "copy", "seeded"})
        QCOMPARE(QFile::permissions(key_path(name)) & ignore_user, QFile::ReadOwner | QFile::WriteOwner);
    QCOMPARE(QFile::permissions(keys_dir()) & ignore_user, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QCOMPARE(keystore.address("alice"), std::optional<Address>(created));
}

void TestKeystore::unusableDirectoryIsAnIoError()
{
    QVERIFY(write_all(keys_dir(), "a file where the directory should be"));
    Keystore keystore(keys_dir(), fast_n);
    VERIFY_KEYSTORE_ERROR(keystore.create("alice", "pw"), Code::Io, "is not a directory");
    QCOMPARE(keystore.names(), QStringList{});

    Keystore nested(keys_dir() + "/sub", fast_n);
    VERIFY_KEYSTORE_ERROR(nested.create("alice", "pw"), Code::Io, "cannot create");
    QCOMPARE(read_all(keys_dir()), QByteArray("a file where the directory should be"));
}

void TestKeystore::absurdCostIsRefused()
{
    VERIFY_KEYSTORE_ERROR(Keystore(keys_dir(), 1000), Code::InvalidParameter, "power of two");
    VERIFY_KEYSTORE_ERROR(Keystore(keys_dir(), std::uint64_t{1} << 21), Code::InvalidParameter, "power of two");
    VERIFY_KEYSTORE_ERROR(Keystore(keys_dir(), 512), Code::InvalidParameter, "scrypt N");
    VERIFY_KEYSTORE_ERROR(Keystore(QString(), fast_n), Code::InvalidParameter, "directory");
    QCOMPARE(Keystore(keys_dir(), Keystore::max_scrypt_n).scrypt_n(), Keystore::max_scrypt_n);
    QVERIFY(!QFileInfo::exists(keys_dir())); // constructing does not touch the disk
}

BERTH_QTEST_APPLESS(TestKeystore)
#include "tst_keystore.moc"
