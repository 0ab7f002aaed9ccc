#include <nodehost.h>

#include <keystore.h>
#include <tlsidentity.h>

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace berth;
using namespace berth::gui;

/**
 * The identity-bound actions against a real devnet node with short blocks: switching to a
 * demo provider reloads the identity's view (its stake, offers and served leases) and signs
 * with its key; a stake and an offer change the ledger by exactly what was asked, bad input
 * is refused on the GUI thread with nothing sent; an account created in the GUI needs its
 * passphrase (a wrong one is refused and the identity stays), its exported key file imports
 * under a new name with the same address; and a published certificate is written to
 * DATADIR/certs once the chain holds it and names alice's address, the key that signed it.
 */
class TestIdentityActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void switchToProviderAndManageStakeAndOffers();
    void createExportImportAndUnlock();
    void publishCertificate();

private:
    /** Waits for the result of `action` and returns it as {text, failed, busy}. */
    QVariantMap wait_result(const QString& action);

    QTemporaryDir m_dir;
    std::unique_ptr<NodeHost> m_host;
};

void TestIdentityActions::initTestCase()
{
    QVERIFY(m_dir.isValid());
    NodeConfig config;
    config.datadir = m_dir.filePath(QStringLiteral("devnet"));
    config.devnet = true;
    config.block_ms = 100;
    m_host = std::make_unique<NodeHost>(config);
    m_host->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_host->running(), 20000);
    QCOMPARE(m_host->identity(), QStringLiteral("alice"));
    QVERIFY(m_host->accounts()->find(QStringLiteral("provider5")));
    QVERIFY(m_host->accounts()->find(QStringLiteral("alice"))->demo);
    QCOMPARE(m_host->account()->usdc(), QStringLiteral("1000"));
    QVERIFY(!m_host->account()->registered());
}

void TestIdentityActions::cleanupTestCase()
{
    if (m_host) m_host->shutdown();
}

QVariantMap TestIdentityActions::wait_result(const QString& action)
{
    IdentityActions* actions = m_host->actions();
    const auto done = [actions, action] {
        const QVariantMap result = actions->results().value(action).toMap();
        return !result.isEmpty() && !result.value(QStringLiteral("busy")).toBool();
    };
    if (!QTest::qWaitFor(done, 20000)) return {};
    return actions->results().value(action).toMap();
}

void TestIdentityActions::switchToProviderAndManageStakeAndOffers()
{
    IdentityActions* actions = m_host->actions();
    QSignalSpy switched(m_host.get(), &NodeHost::identityChanged);
    QCOMPARE(actions->switchIdentity(QStringLiteral("nobody"), QString()), QStringLiteral("There is no account named nobody."));
    QCOMPARE(actions->switchIdentity(QStringLiteral("provider5"), QString()), QString());
    QVERIFY(switched.wait(20000));
    QCOMPARE(m_host->identity(), QStringLiteral("provider5"));
    IdentityView* view = m_host->account();
    QVERIFY(view->registered());
    QCOMPARE(view->stake(), QStringLiteral("1000"));
    QCOMPARE(view->offers()->rowCount(), 2);
    QCOMPARE(m_host->leases()->rowCount(), 0);

    // Bad input never leaves the GUI thread.
    QCOMPARE(actions->stake(QStringLiteral("1.1234567890123456789")), QStringLiteral("POND has at most 18 decimals."));
    QCOMPARE(actions->stake(QStringLiteral("100000")), QStringLiteral("Only 10000 POND is available to stake."));
    QCOMPARE(actions->unstake(QStringLiteral("5000")), QStringLiteral("Only 1000 POND of the stake is unlocked; live jobs lock the rest."));
    QCOMPARE(actions->setOffer(QStringLiteral("cpu.tiny"), QStringLiteral("abc"), QStringLiteral("2")),
             QStringLiteral("Not a USDC amount: abc"));
    QCOMPARE(actions->setOffer(QString(), QStringLiteral("1"), QStringLiteral("2")),
             QStringLiteral("Enter the instance type, such as cpu.small."));
    QCOMPARE(actions->withdrawEarnings(), QStringLiteral("There are no earnings to withdraw."));
    QCOMPARE(actions->registerProvider(QStringLiteral("Fifth"), QStringLiteral("us-west"), QStringLiteral("ftp://x")),
             QStringLiteral("The endpoint must be an http(s) URL such as https://127.0.0.1:9443."));
    QCOMPARE(actions->results().keys(), QStringList{QStringLiteral("switch")});

    QCOMPARE(actions->stake(QStringLiteral("2.5")), QString());
    QVariantMap result = wait_result(QStringLiteral("stake"));
    QVERIFY2(!result.value(QStringLiteral("failed")).toBool(), qPrintable(result.value(QStringLiteral("text")).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(view->stake(), QStringLiteral("1002.5"), 20000);
    QCOMPARE(view->pond(), QStringLiteral("9997.5"));

    QCOMPARE(actions->setOffer(QStringLiteral("cpu.tiny"), QStringLiteral("0.000003"), QStringLiteral("2")), QString());
    result = wait_result(QStringLiteral("offer"));
    QVERIFY2(!result.value(QStringLiteral("failed")).toBool(), qPrintable(result.value(QStringLiteral("text")).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(view->offers()->rowCount(), 3, 20000);
    QCOMPARE(view->offers()->index(1).data(OfferListModel::InstanceTypeRole).toString(), QStringLiteral("cpu.tiny"));
    QCOMPARE(view->offers()->index(1).data(OfferListModel::PricePerSecondRole).toString(), QStringLiteral("0.000003"));
    QTRY_VERIFY_WITH_TIMEOUT(view->history()->rowCount() >= 2, 20000);
    QCOMPARE(view->history()->index(0).data(HistoryListModel::TitleRole).toString(), QStringLiteral("Offer set"));

    // The chain's own rule answers what the GUI cannot know: provider5 is registered already.
    QCOMPARE(actions->switchIdentity(QStringLiteral("bob"), QString()), QString());
    QVERIFY(switched.wait(20000));
    QCOMPARE(actions->registerProvider(QStringLiteral("Bob's"), QStringLiteral("eu-west"), QString()),
             QStringLiteral("Stake at least 100 POND before registering; 0 POND is staked now."));
    QCOMPARE(actions->setOffer(QStringLiteral("cpu.small"), QStringLiteral("1"), QStringLiteral("1")),
             QStringLiteral("Register as a provider first."));
}

void TestIdentityActions::createExportImportAndUnlock()
{
    IdentityActions* actions = m_host->actions();
    QCOMPARE(actions->createAccount(QStringLiteral("bad name"), QStringLiteral("passphrase1"), QStringLiteral("passphrase1")),
             QStringLiteral("A name is 1 to 64 letters, digits, '.', '_' or '-'."));
    QCOMPARE(actions->createAccount(QStringLiteral("carol"), QStringLiteral("short"), QStringLiteral("short")),
             QStringLiteral("Use a passphrase of at least 8 characters."));
    QCOMPARE(actions->createAccount(QStringLiteral("carol"), QStringLiteral("passphrase1"), QStringLiteral("passphrase2")),
             QStringLiteral("The two passphrases differ."));
    QCOMPARE(actions->createAccount(QStringLiteral("alice"), QStringLiteral("passphrase1"), QStringLiteral("passphrase1")),
             QStringLiteral("There is already an account named alice."));
    QCOMPARE(actions->createAccount(QStringLiteral("carol"), QStringLiteral("passphrase1"), QStringLiteral("passphrase1")), QString());
    QVariantMap result = wait_result(QStringLiteral("create"));
    QVERIFY2(!result.value(QStringLiteral("failed")).toBool(), qPrintable(result.value(QStringLiteral("text")).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(m_host->accounts()->find(QStringLiteral("carol")), 5000);
    QVERIFY(actions->needsPassphrase(QStringLiteral("carol")));
    QVERIFY(!actions->needsPassphrase(QStringLiteral("alice")));

    const QString exported = m_dir.filePath(QStringLiteral("carol-export.key"));
    QCOMPARE(actions->exportAccount(QStringLiteral("carol"), QUrl::fromLocalFile(exported).toString()), QString());
    result = wait_result(QStringLiteral("export"));
    QVERIFY2(!result.value(QStringLiteral("failed")).toBool(), qPrintable(result.value(QStringLiteral("text")).toString()));
    QVERIFY(QFile::exists(exported));
    QCOMPARE(actions->importAccount(exported, QStringLiteral("carol2")), QString());
    result = wait_result(QStringLiteral("import"));
    QVERIFY2(!result.value(QStringLiteral("failed")).toBool(), qPrintable(result.value(QStringLiteral("text")).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(m_host->accounts()->find(QStringLiteral("carol2")), 5000);
    QCOMPARE(m_host->accounts()->find(QStringLiteral("carol2"))->address, m_host->accounts()->find(QStringLiteral("carol"))->address);

    // A wrong passphrase is refused on the node thread and the identity stays as it was.
    const QString before = m_host->identity();
    QCOMPARE(actions->switchIdentity(QStringLiteral("carol"), QString()), QStringLiteral("Enter the passphrase of carol."));
    QCOMPARE(actions->switchIdentity(QStringLiteral("carol"), QStringLiteral("wrong-passphrase")), QString());
    result = wait_result(QStringLiteral("switch"));
    QVERIFY(result.value(QStringLiteral("failed")).toBool());
    QVERIFY2(result.value(QStringLiteral("text")).toString().startsWith(QStringLiteral("Rejected (wrong_passphrase)")),
             qPrintable(result.value(QStringLiteral("text")).toString()));
    QCOMPARE(m_host->identity(), before);

    QCOMPARE(actions->switchIdentity(QStringLiteral("carol2"), QStringLiteral("passphrase1")), QString());
    result = wait_result(QStringLiteral("switch"));
    QVERIFY2(!result.value(QStringLiteral("failed")).toBool(), qPrintable(result.value(QStringLiteral("text")).toString()));
    QCOMPARE(m_host->identity(), QStringLiteral("carol2"));
    QCOMPARE(m_host->account()->usdc(), QStringLiteral("0"));
    QCOMPARE(m_host->account()->history()->rowCount(), 0);
}

void TestIdentityActions::publishCertificate()
{
    IdentityActions* actions = m_host->actions();
    QCOMPARE(actions->switchIdentity(QStringLiteral("alice"), QString()), QString());
    QTRY_COMPARE_WITH_TIMEOUT(m_host->identity(), QStringLiteral("alice"), 20000);
    QVERIFY(!m_host->account()->hasCertificate());

    QCOMPARE(actions->createCertificate(), QString());
    QTRY_VERIFY_WITH_TIMEOUT(m_host->account()->certificateFiles(), 20000);
    QVERIFY(m_host->account()->hasCertificate());
    QVERIFY(!m_host->account()->certificateNeedsRenewal());
    QVERIFY(!m_host->account()->certificatePending());
    const auto saved = TlsIdentity::load(m_dir.filePath(QStringLiteral("devnet")), QStringLiteral("alice"));
    QVERIFY(saved);
    // The chain took it as alice's: the identity's own key signed the publication.
    const Address alice = *Keystore(m_dir.filePath(QStringLiteral("devnet/keys"))).address(QStringLiteral("alice"));
    const auto found = TlsIdentity::find(m_dir.filePath(QStringLiteral("devnet")), alice);
    QVERIFY(found);
    QCOMPARE(found->der(), saved->der());
    QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(saved->der(), QCryptographicHash::Sha256).toHex()),
             m_host->account()->certificateFingerprint());
    const QVariantMap result = actions->results().value(QStringLiteral("certificate")).toMap();
    QCOMPARE(result.value(QStringLiteral("text")).toString(),
             QStringLiteral("The chain holds the new certificate; its files are in the data directory."));
}

QTEST_GUILESS_MAIN(TestIdentityActions)
#include "tst_identityactions.moc"
