#include <keyfiles.h>

#include "nodetestsupport.h"

#include <testcase.h>

#include <QDir>
#include <QFile>
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

const QString passphrase = QStringLiteral("correct horse");

QStringList entries(const QString& directory)
{
    return QDir(directory).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

} // namespace

#define QVERIFY_KEYSTORE_ERROR(statement, expected_code, expected_text)                                                                         \
    do {                                                                                                                                        \
        const auto keystore_error = error_of<KeystoreError>([&] { statement; });                                                                \
        QVERIFY2(keystore_error.has_value(), "no KeystoreError from: " #statement);                                                             \
        QVERIFY2(keystore_error->code() == (expected_code), keystore_error->what());                                                            \
        QVERIFY2(QString::fromUtf8(keystore_error->what()).contains(expected_text), keystore_error->what());                                    \
    } while (false)

/** Key files in and out of a data directory's keystore: listing, import from a path, export to a path. */
class TestKeyFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void listShowsStoredKeysSortedWithoutTouchingTheDisk();
    void exportThenImportElsewhereGivesTheSameKey();
    void exportReplacesAFileAlreadyThere();
    void exportToAnUnwritablePathLeavesNoFile_data();
    void exportToAnUnwritablePathLeavesNoFile();
    void exportOfAnUnknownKeyWritesNothing();
    void importOfAMalformedFileIsRefused_data();
    void importOfAMalformedFileIsRefused();
    void importOfAnUnreadablePathIsAnIoError();
    void importNeverOverwritesAKey();

private:
    QString datadir() const { return m_tmp->filePath(QStringLiteral("data")); }
    QString outside(const QString& name) const { return m_tmp->filePath(name); }
    /** Stores key `name` in datadir()'s keystore and returns its address. */
    Address create(const QString& name) { return Keystore(KeyFiles::keys_directory(datadir()), fast_n).create(name, passphrase); }

    std::optional<QTemporaryDir> m_tmp;
};

void TestKeyFiles::init()
{
    m_tmp.emplace();
    QVERIFY(m_tmp->isValid());
}

void TestKeyFiles::listShowsStoredKeysSortedWithoutTouchingTheDisk()
{
    const KeyFiles files(datadir());
    QCOMPARE(files.directory(), QDir(datadir()).filePath(QStringLiteral("keys")));
    QVERIFY(files.list().empty());
    QVERIFY(!QFileInfo::exists(files.directory()));

    const Address bob = create(QStringLiteral("bob"));
    const Address alice = create(QStringLiteral("alice"));
    const std::vector<StoredKey> keys = files.list();
    QCOMPARE(keys.size(), std::size_t{2});
    QCOMPARE(keys[0].name, QStringLiteral("alice"));
    QVERIFY(keys[0].address == alice);
    QCOMPARE(keys[1].name, QStringLiteral("bob"));
    QVERIFY(keys[1].address == bob);
}

void TestKeyFiles::exportThenImportElsewhereGivesTheSameKey()
{
    const Address address = create(QStringLiteral("alice"));
    const QString path = outside(QStringLiteral("alice-backup.key"));
    KeyFiles(datadir()).export_to(QStringLiteral("alice"), path);

    QCOMPARE(read_all(path), Keystore(KeyFiles::keys_directory(datadir())).export_file(QStringLiteral("alice")));
    QCOMPARE(QFile::permissions(path), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser);
    QCOMPARE(entries(m_tmp->path()), (QStringList{QStringLiteral("alice-backup.key"), QStringLiteral("data")}));

    const QString other = m_tmp->filePath(QStringLiteral("other"));
    KeyFiles imported(other);
    QVERIFY(imported.import_from(QStringLiteral("restored"), path) == address);
    QCOMPARE(imported.list().size(), std::size_t{1});
    QCOMPARE(imported.list()[0].name, QStringLiteral("restored"));
    const PrivateKey key = Keystore(KeyFiles::keys_directory(other)).unlock(QStringLiteral("restored"), passphrase);
    QVERIFY(Address::of(key.public_key()) == address);
}

void TestKeyFiles::exportReplacesAFileAlreadyThere()
{
    create(QStringLiteral("alice"));
    const QString path = outside(QStringLiteral("alice.key"));
    QVERIFY(write_all(path, QByteArray("an older backup")));
    KeyFiles(datadir()).export_to(QStringLiteral("alice"), path);
    QCOMPARE(read_all(path), Keystore(KeyFiles::keys_directory(datadir())).export_file(QStringLiteral("alice")));
}

void TestKeyFiles::exportToAnUnwritablePathLeavesNoFile_data()
{
    // Paths no write reaches, for root too: below a regular file, and a directory itself.
    QTest::addColumn<QString>("relative");
    QTest::newRow("below a file") << QStringLiteral("plain-file/alice.key");
    QTest::newRow("a directory") << QStringLiteral("a-directory");
    QTest::newRow("missing directory") << QStringLiteral("no-such-directory/alice.key");
}

void TestKeyFiles::exportToAnUnwritablePathLeavesNoFile()
{
    QFETCH(QString, relative);
    create(QStringLiteral("alice"));
    QVERIFY(write_all(outside(QStringLiteral("plain-file")), QByteArray("not a directory")));
    QVERIFY(QDir(m_tmp->path()).mkdir(QStringLiteral("a-directory")));
    const QStringList before = entries(m_tmp->path());

    const QString path = outside(relative);
    QVERIFY_KEYSTORE_ERROR(KeyFiles(datadir()).export_to(QStringLiteral("alice"), path), Code::Io, path);
    QVERIFY(!QFileInfo(path).isFile());
    QCOMPARE(entries(m_tmp->path()), before);
    QVERIFY(entries(outside(QStringLiteral("a-directory"))).isEmpty());
    QCOMPARE(read_all(outside(QStringLiteral("plain-file"))), QByteArray("not a directory"));
}

void TestKeyFiles::exportOfAnUnknownKeyWritesNothing()
{
    create(QStringLiteral("alice"));
    const QString path = outside(QStringLiteral("bob.key"));
    QVERIFY_KEYSTORE_ERROR(KeyFiles(datadir()).export_to(QStringLiteral("bob"), path), Code::UnknownName, QStringLiteral("bob"));
    QVERIFY(!QFileInfo::exists(path));
}

void TestKeyFiles::importOfAMalformedFileIsRefused_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("not valid JSON");
    QTest::newRow("not json") << QByteArray("-----BEGIN PRIVATE KEY-----") << QStringLiteral("not valid JSON");
    QTest::newRow("wrong version") << QByteArray(R"({"version": 2})") << QStringLiteral("version");
    QTest::newRow("missing fields") << QByteArray(R"({"version": 1, "name": "alice"})") << QStringLiteral("address");
    QTest::newRow("too large") << QByteArray(Keystore::max_file_bytes + 10, ' ') << QStringLiteral("larger than");
}

void TestKeyFiles::importOfAMalformedFileIsRefused()
{
    QFETCH(QByteArray, contents);
    QFETCH(QString, message);
    const QString path = outside(QStringLiteral("suspect.key"));
    QVERIFY(write_all(path, contents));
    KeyFiles files(datadir());
    QVERIFY_KEYSTORE_ERROR(files.import_from(QStringLiteral("alice"), path), Code::Malformed, message);
    QVERIFY(files.list().empty());
    QVERIFY(!QFileInfo::exists(files.directory()));
}

void TestKeyFiles::importOfAnUnreadablePathIsAnIoError()
{
    KeyFiles files(datadir());
    const QString missing = outside(QStringLiteral("missing.key"));
    QVERIFY_KEYSTORE_ERROR(files.import_from(QStringLiteral("alice"), missing), Code::Io, missing);
    QVERIFY_KEYSTORE_ERROR(files.import_from(QStringLiteral("alice"), m_tmp->path()), Code::Io, m_tmp->path());
    QVERIFY(!QFileInfo::exists(files.directory()));
}

void TestKeyFiles::importNeverOverwritesAKey()
{
    create(QStringLiteral("alice"));
    const Address bob = create(QStringLiteral("bob"));
    const QString path = outside(QStringLiteral("bob.key"));
    KeyFiles files(datadir());
    files.export_to(QStringLiteral("bob"), path);
    const QByteArray alice_before = Keystore(files.directory()).export_file(QStringLiteral("alice"));

    QVERIFY_KEYSTORE_ERROR(files.import_from(QStringLiteral("alice"), path), Code::NameExists, QStringLiteral("alice"));
    QCOMPARE(Keystore(files.directory()).export_file(QStringLiteral("alice")), alice_before);
    QVERIFY_KEYSTORE_ERROR(files.import_from(QStringLiteral("no/slash"), path), Code::InvalidName, QStringLiteral("no/slash"));
    QCOMPARE(files.list().size(), std::size_t{2});
    QVERIFY(files.list()[1].address == bob);
}

BERTH_QTEST_APPLESS(TestKeyFiles)
#include "tst_keyfiles.moc"
