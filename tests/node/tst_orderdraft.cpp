#include <manifest.h>
#include <manifeststore.h>
#include <orderdraft.h>

#include "nodetestsupport.h"

#include <testcase.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>

using namespace berth;
using berth::test::error_of;
using Code = OrderDraftError::Code;

namespace {

const QByteArray valid_manifest = R"({"version": 1, "services": [{"name": "web", "image": "https://images.berth.dev/static-http:1",
    "kind": "static-http", "ports": [80], "resources": {"cpu_millis": 250, "memory_mb": 64}, "replicas": 1,
    "content": {"/": "hello"}}]})";

OrderTerms small_terms()
{
    OrderTerms terms;
    terms.instance_type = "small";
    terms.replicas = 2;
    terms.max_price_per_s = 9;
    terms.deposit = 5'000'000;
    terms.image_url = "https://images.berth.dev/static-http:1";
    return terms;
}

QStringList entries(const QString& directory)
{
    return QDir(directory).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

} // namespace

#define QVERIFY_DRAFT_ERROR(statement, expected_code, expected_text)                                                                            \
    do {                                                                                                                                        \
        const auto draft_error = error_of<OrderDraftError>([&] { statement; });                                                                 \
        QVERIFY2(draft_error.has_value(), "no OrderDraftError from: " #statement);                                                              \
        QVERIFY2(draft_error->code() == (expected_code), draft_error->what());                                                                  \
        QVERIFY2(QString::fromUtf8(draft_error->what()).contains(expected_text), draft_error->what());                                          \
    } while (false)

/** An order's preparation on the user's side: the manifest is checked and kept before the order exists. */
class TestOrderDraft : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void createKeepsTheManifestAndCarriesItsHash();
    void invalidManifestIsRefusedAndNothingStored_data();
    void invalidManifestIsRefusedAndNothingStored();
    void invalidTermsAreRefusedBeforeTheManifestIsKept_data();
    void invalidTermsAreRefusedBeforeTheManifestIsKept();
    void unwritableDataDirectoryIsAStorageError();
    void keepingTheSameManifestTwiceKeepsOneFile();
    void checkingWritesNothing();

private:
    std::optional<QTemporaryDir> m_tmp;
};

void TestOrderDraft::init()
{
    m_tmp.emplace();
    QVERIFY(m_tmp->isValid());
}

void TestOrderDraft::createKeepsTheManifestAndCarriesItsHash()
{
    const OrderDraft draft(m_tmp->path());
    QCOMPARE(draft.manifest_directory(), ManifestStore::user_directory(m_tmp->path()));
    const OrderTerms terms = small_terms();
    const tx::CreateOrder order = draft.create(terms, valid_manifest);

    QCOMPARE(order.instance_type, terms.instance_type);
    QCOMPARE(order.replicas, terms.replicas);
    QVERIFY(order.max_price_per_s == terms.max_price_per_s);
    QVERIFY(order.deposit == terms.deposit);
    QCOMPARE(order.image_url, terms.image_url);
    QVERIFY(order.manifest_hash == ManifestStore::hash_of(valid_manifest));
    // The tenant agent finds the exact bytes again by the hash the order carries.
    QCOMPARE(ManifestStore(draft.manifest_directory()).load(order.manifest_hash), std::optional<QByteArray>(valid_manifest));
    QCOMPARE(entries(draft.manifest_directory()), QStringList{QString::fromStdString(order.manifest_hash.hex()) + QStringLiteral(".json")});
}

void TestOrderDraft::invalidManifestIsRefusedAndNothingStored_data()
{
    QTest::addColumn<QByteArray>("manifest");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("not json") << QByteArray("version: 1") << QString();
    QTest::newRow("unknown field") << QByteArray(valid_manifest).replace("\"replicas\": 1", "\"replicas\": 1, \"gpu\": true")
                                   << QStringLiteral("gpu");
    QTest::newRow("too many replicas") << QByteArray(valid_manifest).replace("\"replicas\": 1", "\"replicas\": 17")
                                       << QStringLiteral("replicas");
    QTest::newRow("too large") << QByteArray(Manifest::max_bytes + 1, ' ') << QString();
}

void TestOrderDraft::invalidManifestIsRefusedAndNothingStored()
{
    QFETCH(QByteArray, manifest);
    QFETCH(QString, message);
    const OrderDraft draft(m_tmp->path());
    QVERIFY_DRAFT_ERROR(draft.create(small_terms(), manifest), Code::InvalidManifest, message);
    QVERIFY_DRAFT_ERROR(draft.keep_manifest(manifest), Code::InvalidManifest, message);
    QVERIFY_DRAFT_ERROR(OrderDraft::check_manifest(manifest), Code::InvalidManifest, message);
    QVERIFY(!QFileInfo::exists(draft.manifest_directory()));
}

void TestOrderDraft::invalidTermsAreRefusedBeforeTheManifestIsKept_data()
{
    QTest::addColumn<QString>("instance_type");
    QTest::addColumn<uint>("replicas");
    QTest::addColumn<QString>("message");
    QTest::newRow("no instance type") << QString() << 1u << QStringLiteral("instance type");
    QTest::newRow("no replicas") << QStringLiteral("small") << 0u << QStringLiteral("replica");
}

void TestOrderDraft::invalidTermsAreRefusedBeforeTheManifestIsKept()
{
    QFETCH(QString, instance_type);
    QFETCH(uint, replicas);
    QFETCH(QString, message);
    OrderTerms terms = small_terms();
    terms.instance_type = instance_type.toStdString();
    terms.replicas = replicas;
    const OrderDraft draft(m_tmp->path());
    QVERIFY_DRAFT_ERROR(draft.create(terms, valid_manifest), Code::InvalidTerms, message);
    // Bad terms win over a bad manifest: they are what the user fixes first.
    QVERIFY_DRAFT_ERROR(draft.create(terms, QByteArray("{")), Code::InvalidTerms, message);
    QVERIFY(!QFileInfo::exists(draft.manifest_directory()));
}

void TestOrderDraft::unwritableDataDirectoryIsAStorageError()
{
    // A regular file where the data directory should be refuses every write, for root too.
    const QString datadir = m_tmp->filePath(QStringLiteral("not-a-directory"));
    QFile file(datadir);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const OrderDraft draft(datadir);
    QVERIFY_DRAFT_ERROR(draft.create(small_terms(), valid_manifest), Code::Storage, draft.manifest_directory());
    QVERIFY_DRAFT_ERROR(draft.keep_manifest(valid_manifest), Code::Storage, draft.manifest_directory());
    QCOMPARE(QFileInfo(datadir).size(), qint64(0));
}

void TestOrderDraft::keepingTheSameManifestTwiceKeepsOneFile()
{
    const OrderDraft draft(m_tmp->path());
    const Hash256 first = draft.keep_manifest(valid_manifest);
    const Hash256 second = draft.create(small_terms(), valid_manifest).manifest_hash;
    QVERIFY(first == second);
    QCOMPARE(entries(draft.manifest_directory()).size(), 1);
}

void TestOrderDraft::checkingWritesNothing()
{
    OrderDraft::check_manifest(valid_manifest);
    QVERIFY(!QFileInfo::exists(OrderDraft(m_tmp->path()).manifest_directory()));
    QVERIFY(entries(m_tmp->path()).isEmpty());
}

BERTH_QTEST_APPLESS(TestOrderDraft)
#include "tst_orderdraft.moc"
