#include "guisession.h"

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
using berth::test::GuiSession;

/**
 * Renders the real Main.qml window offscreen against a devnet node, after a real deployment
 * made through the Deploy wizard, and writes one PNG per page, named after it, to
 * $BERTH_SCREENSHOT_DIR (or a temporary folder it prints). Each image must hold an actual
 * rendered page: not blank, and unlike every other page. The provider console is taken as
 * the provider serving the deployment, after an identity switch.
 */
class TestGuiScreenshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyPageAfterADeployment();
    void germanTranslationIsBuiltIn();

private:
    static void check_not_blank(const QImage& image, const QString& what);
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

void TestGuiScreenshot::everyPageAfterADeployment()
{
    QString out_dir = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
    QTemporaryDir fallback;
    if (out_dir.isEmpty()) {
        fallback.setAutoRemove(false);
        out_dir = fallback.path();
    }
    QVERIFY(QDir().mkpath(out_dir));

    GuiSession session;
    QString error;
    QVERIFY2(session.start(&error), qPrintable(error));
    QCOMPARE(session.window()->size(), QSize(1280, 800));
    QTRY_VERIFY_WITH_TIMEOUT(session.host().providers()->count() > 0, 20000);
    NodeHost& host = session.host();

    // A real deployment through the wizard (which also publishes alice's certificate), so every page shows its effects.
    QVERIFY2(session.deploy(QStringLiteral("cpu.small"), QStringLiteral("0.0001"), QStringLiteral("5"), &error), qPrintable(error));
    DeployFlow* flow = host.deploy();
    QTRY_VERIFY_WITH_TIMEOUT(flow->stage() == DeployFlow::Stage::Deployed || flow->stage() == DeployFlow::Stage::Failed, 90000);
    QVERIFY2(flow->stage() == DeployFlow::Stage::Deployed, qPrintable(flow->error()));
    QTRY_VERIFY_WITH_TIMEOUT(host.account()->certificateFiles(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(host.account()->spendSeries()->count() >= 2, 20000);

    QList<QImage> taken;
    QStringList paths;
    const auto shoot = [&](const QString& name, const QString& rail_entry) {
        QVERIFY2(session.show_page(rail_entry), qPrintable(rail_entry));
        QTest::qWait(400);
        const QImage image = session.window()->grabWindow();
        check_not_blank(image, name + QStringLiteral(".png"));
        for (const QImage& other : taken) QVERIFY2(image != other, qPrintable(name + QStringLiteral(" looks like another page")));
        taken.append(image);
        paths.append(QDir(out_dir).filePath(name + QStringLiteral(".png")));
        QVERIFY(image.save(paths.last()));
    };
    for (const QString& page : {QStringLiteral("deploy"), QStringLiteral("marketplace"), QStringLiteral("leases"), QStringLiteral("wallet"),
                                QStringLiteral("node"), QStringLiteral("settings")}) {
        shoot(page, QStringLiteral("nav") + page.at(0).toUpper() + page.mid(1));
        if (QTest::currentTestFailed()) return;
    }

    // An update the provider cannot run (a max price below its price) is refused, and the card says why.
    const QString lease_id = host.leases()->index(0).data(LeaseListModel::LeaseIdRole).toString();
    QCOMPARE(host.updateLease(lease_id, QStringLiteral("1"), QStringLiteral("0.000000000000000001")), QString());
    QTRY_VERIFY_WITH_TIMEOUT(!host.leases()->index(0).data(LeaseListModel::UpdateRefusalRole).toString().isEmpty(), 30000);
    QVERIFY2(host.leases()->index(0).data(LeaseListModel::UpdateRefusalRole).toString().contains(QStringLiteral("max")),
             qPrintable(host.leases()->index(0).data(LeaseListModel::UpdateRefusalRole).toString()));
    shoot(QStringLiteral("leases-update-refused"), QStringLiteral("navLeases"));
    QVERIFY(GuiSession::find_visible(session.window()->contentItem(), QStringLiteral("updateRefusedNotice")));

    // The provider console as the provider that serves alice's lease; the demo providers' keys
    // are named like the providers themselves.
    const QString provider_name = host.leases()->index(0).data(LeaseListModel::ProviderNameRole).toString();
    QVERIFY2(host.accounts()->find(provider_name), qPrintable(provider_name));
    QCOMPARE(host.actions()->switchIdentity(provider_name, QString()), QString());
    QTRY_COMPARE_WITH_TIMEOUT(host.identity(), provider_name, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(host.servedLeases()->rowCount(), 1, 20000);
    shoot(QStringLiteral("provider"), QStringLiteral("navProvider"));
    qInfo().noquote() << "screenshots:" << paths.join(QLatin1Char(' '));
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
    QCOMPARE(translator.translate("berth::gui::AmountInput", "USDC has at most 6 decimals."),
             QStringLiteral("USDC hat höchstens 6 Nachkommastellen."));
}

QTEST_MAIN(TestGuiScreenshot)
#include "tst_gui_screenshot.moc"
