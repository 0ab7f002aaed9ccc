#include <languagesettings.h>
#include <nodehost.h>

#include <devnet.h>
#include <transaction.h>

#include <QDir>
#include <QImage>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>
#include <QtTest>

Q_IMPORT_QML_PLUGIN(BerthPlugin)

using namespace berth;
using namespace berth::gui;

/**
 * Renders the real Main.qml window offscreen against a devnet node, after a real order has
 * been leased, and writes marketplace.png, leases.png, wallet.png, provider.png (as the provider
 * serving the lease), node.png and settings.png to $BERTH_SCREENSHOT_DIR (or a temporary
 * folder it prints). Each image must hold an actual rendered page, not a blank one.
 */
class TestGuiScreenshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void marketplaceAndNodePages();
    void germanTranslationIsBuiltIn();

private:
    static void check_not_blank(const QImage& image, const QString& what);
    /** Shows the page named `page` and writes its screenshot as `file` in `dir`; returns the image. */
    static QImage shoot(QQuickWindow* window, const QString& page, const QString& dir, const QString& file);
};

void TestGuiScreenshot::initTestCase()
{
    QQuickStyle::setStyle(QStringLiteral("Fusion"));
}

void TestGuiScreenshot::check_not_blank(const QImage& image, const QString& what)
{
    QVERIFY2(!image.isNull(), qPrintable(what + QStringLiteral(" was not grabbed")));
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 16, qPrintable(QStringLiteral("%1 has only %2 colours").arg(what).arg(colours.size())));
}

QImage TestGuiScreenshot::shoot(QQuickWindow* window, const QString& page, const QString& dir, const QString& file)
{
    // The rail's order may change; the pages keep their names.
    auto* pages = window->findChild<QQuickItem*>(QStringLiteral("pages"));
    int index = -1;
    if (pages) {
        const QList<QQuickItem*> children = pages->childItems();
        for (int i = 0; i < children.size(); ++i)
            if (children[i]->objectName() == page) index = i;
    }
    if (index < 0 || !window->setProperty("currentPage", index)) return QImage();
    QTest::qWait(600);
    QImage image = window->grabWindow();
    if (!image.isNull()) image.save(QDir(dir).filePath(file));
    return image;
}

void TestGuiScreenshot::marketplaceAndNodePages()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString out_dir = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
    QTemporaryDir fallback;
    if (out_dir.isEmpty()) {
        fallback.setAutoRemove(false);
        out_dir = fallback.path();
    }
    QVERIFY(QDir().mkpath(out_dir));

    NodeConfig config;
    config.datadir = QDir(dir.path()).filePath(QStringLiteral("devnet"));
    config.devnet = true;
    config.block_ms = 250;
    NodeHost host(config);
    NodeHost::set_instance(&host);
    host.start();
    LanguageSettings language(std::make_unique<QSettings>(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat));
    LanguageSettings::set_instance(&language);

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Berth/Main.qml")));
    QCOMPARE(engine.rootObjects().size(), 1);
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
    QVERIFY(window);
    QCOMPARE(window->size(), QSize(1280, 800));

    QTRY_VERIFY_WITH_TIMEOUT(host.providers()->loaded(), 20000);
    QVERIFY2(host.error().isEmpty(), qPrintable(host.error()));

    // A real order, so the pages show a lease's effects: a busy provider and lifecycle events.
    const PrivateKey alice = Devnet::demo_key(QStringLiteral("alice"));
    tx::CreateOrder order;
    order.instance_type = "cpu.small";
    order.max_price_per_s = 20;
    order.manifest_hash = Hash256::of(as_bytes("screenshot manifest"));
    order.deposit = 5'000'000;
    const Bytes encoded = Transaction::make(host.chainId().toStdString(), alice, 0, order).encode();
    QSignalSpy submitted(&host, &NodeHost::transactionSubmitted);
    host.submit(QByteArray(reinterpret_cast<const char*>(encoded.data()), static_cast<qsizetype>(encoded.size())));
    QVERIFY(submitted.wait(10000));
    QVERIFY2(submitted.first().at(1).toString().isEmpty(), qPrintable(submitted.first().at(2).toString()));
    auto leased = [&host] {
        for (int r = 0; r < host.providers()->rowCount(); ++r)
            if (host.providers()->index(r).data(ProviderListModel::ActiveJobsRole).toInt() > 0) return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(leased(), 20000);
    QTest::qWait(600);

    const QImage marketplace = window->grabWindow();
    check_not_blank(marketplace, QStringLiteral("marketplace.png"));
    const QString marketplace_path = QDir(out_dir).filePath(QStringLiteral("marketplace.png"));
    QVERIFY(marketplace.save(marketplace_path));

    // The Leases page, once alice's lease is at least LEASE_READY.
    QTRY_VERIFY_WITH_TIMEOUT(host.leases()->rowCount() == 1
                                 && host.leases()->index(0).data(LeaseListModel::StateRole).toString() == QStringLiteral("LEASE_READY"),
                             20000);
    const QImage leases = shoot(window, QStringLiteral("leasesPage"), out_dir, QStringLiteral("leases.png"));
    check_not_blank(leases, QStringLiteral("leases.png"));
    QVERIFY(marketplace != leases);

    // Alice's certificate, so Settings shows one; the wallet after a few blocks of samples.
    QCOMPARE(host.actions()->createCertificate(), QString());
    QTRY_VERIFY_WITH_TIMEOUT(host.account()->certificateFiles(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(host.account()->spendSeries()->count() >= 2, 20000);
    const QImage wallet = shoot(window, QStringLiteral("walletPage"), out_dir, QStringLiteral("wallet.png"));
    check_not_blank(wallet, QStringLiteral("wallet.png"));
    const QImage settings = shoot(window, QStringLiteral("settingsPage"), out_dir, QStringLiteral("settings.png"));
    check_not_blank(settings, QStringLiteral("settings.png"));

    const QImage node = shoot(window, QStringLiteral("nodePage"), out_dir, QStringLiteral("node.png"));
    check_not_blank(node, QStringLiteral("node.png"));
    QVERIFY(marketplace != node);

    // The provider console as the provider that serves alice's lease.
    const QString provider_name = host.leases()->index(0).data(LeaseListModel::ProviderNameRole).toString();
    QVERIFY(!provider_name.isEmpty());
    // The demo providers' keys are named like the providers themselves.
    QVERIFY2(host.accounts()->find(provider_name), qPrintable(provider_name));
    const QString provider_key = provider_name;
    QCOMPARE(host.actions()->switchIdentity(provider_key, QString()), QString());
    QTRY_COMPARE_WITH_TIMEOUT(host.identity(), provider_key, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(host.servedLeases()->rowCount(), 1, 20000);
    const QImage provider = shoot(window, QStringLiteral("providerPage"), out_dir, QStringLiteral("provider.png"));
    check_not_blank(provider, QStringLiteral("provider.png"));
    QVERIFY(provider != wallet);
    qInfo().noquote() << "screenshots in" << out_dir;

    host.shutdown();
}

void TestGuiScreenshot::germanTranslationIsBuiltIn()
{
    // The same lookup main() does for a German system locale.
    QTranslator translator;
    QVERIFY(translator.load(QLocale(QLocale::German, QLocale::Germany), QStringLiteral("berth"), QStringLiteral("_"), QStringLiteral(":/i18n")));
    QCOMPARE(translator.translate("MarketplacePage", "No providers match"), QStringLiteral("Keine passenden Anbieter"));
    QCOMPARE(translator.translate("berth::gui::ProviderFilterProxy", "Not a USDC amount: %1"), QStringLiteral("Kein gültiger USDC-Betrag: %1"));
    QCOMPARE(translator.translate("LeasesPage", "No leases yet — rent an instance from the Marketplace"),
             QStringLiteral("Noch keine Leases — mieten Sie eine Instanz auf dem Marktplatz"));
    QCOMPARE(translator.translate("berth::gui::NodeHost", "USDC has at most 6 decimals."), QStringLiteral("USDC hat höchstens 6 Nachkommastellen."));
}

QTEST_MAIN(TestGuiScreenshot)
#include "tst_gui_screenshot.moc"
