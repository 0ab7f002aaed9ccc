#include "guisession.h"

#include <price.h>

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QtQml/qqmlextensionplugin.h>
#include <QtTest>

Q_IMPORT_QML_PLUGIN(BerthPlugin)

using namespace berth;
using namespace berth::gui;
using berth::test::GuiSession;

/**
 * The app end to end, as a user drives it: in the real window (offscreen) the Deploy wizard
 * takes an instance type, a max price, a bundled manifest and a deposit; the order gets bids,
 * a winner, its manifest uploaded over mTLS by the app itself and a confirmed deployment; the
 * Leases page then shows DEPLOYMENT_CONFIRMED with a URL that answers HTTP 200; scaling it to
 * two replicas from its card doubles its price, its logs open from the card with the
 * provider's lines and each replica's health, and closing it from the card ends it with the
 * reason "user".
 */
class TestGuiDeploy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QQuickStyle::setStyle(QStringLiteral("Fusion")); }
    void wizardToConfirmedDeploymentAndClose();
    void wizardRefusesBadInput();
};

void TestGuiDeploy::wizardToConfirmedDeploymentAndClose()
{
    GuiSession session;
    QString error;
    QVERIFY2(session.start(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(session.host().providers()->count() > 0, 20000);
    DeployFlow* flow = session.host().deploy();

    QVERIFY2(session.deploy(QStringLiteral("cpu.small"), QStringLiteral("0.0001"), QStringLiteral("5"), &error), qPrintable(error));
    QCOMPARE(session.item(QStringLiteral("deploySubmitError")), nullptr);
    QTRY_VERIFY_WITH_TIMEOUT(flow->stage() != DeployFlow::Stage::Submitting, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(flow->stage() == DeployFlow::Stage::Deployed || flow->stage() == DeployFlow::Stage::Failed, 90000);
    QVERIFY2(flow->stage() == DeployFlow::Stage::Deployed, qPrintable(flow->error()));
    QVERIFY(!flow->winnerName().isEmpty());
    QVERIFY(flow->bids()->count() >= 1);
    QVERIFY(!flow->urls().isEmpty());
    const QString lease_id = flow->orderId();

    // The Leases page, reached from the wizard, shows the deployment and where it answers.
    QVERIFY(session.click(QStringLiteral("deployShowLeases")));
    QTRY_COMPARE(session.window()->property("currentPage").toInt(), 2);
    QQuickItem* card = session.item(QStringLiteral("leaseCard_") + lease_id);
    QVERIFY(card);
    QQuickItem* state = GuiSession::find_visible(card, QStringLiteral("leaseStateLabel"));
    QVERIFY(state);
    QTRY_COMPARE(state->property("text").toString(), QStringLiteral("DEPLOYMENT_CONFIRMED"));
    const LeaseListModel* leases = session.host().leases();
    const QModelIndex row = leases->index(leases->row_of(lease_id));
    const QStringList urls = row.data(LeaseListModel::UrlsRole).toStringList();
    QVERIFY(!urls.isEmpty());

    QNetworkAccessManager network;
    QNetworkReply* reply = network.get(QNetworkRequest(QUrl(urls.first())));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(reply->readAll().contains("Hello from Berth"));
    reply->deleteLater();

    const auto card_item = [card](const QString& name) { return GuiSession::find_visible(card, name); };
    const auto lease_data = [leases, lease_id](int role) { return leases->index(leases->row_of(lease_id)).data(role); };

    // Scale to two replicas from the card: the provider applies it and the price doubles.
    const QString price_before = lease_data(LeaseListModel::PricePerSecondRole).toString();
    QVERIFY(session.click(card_item(QStringLiteral("updateButton"))));
    QTRY_VERIFY(card_item(QStringLiteral("updateRow")) != nullptr);
    card_item(QStringLiteral("updateReplicas"))->setProperty("value", 2);
    QVERIFY(session.click(card_item(QStringLiteral("applyUpdateButton"))));
    QTRY_VERIFY_WITH_TIMEOUT(lease_data(LeaseListModel::ReplicasRole).toInt() == 2 &&
                                 lease_data(LeaseListModel::StateRole).toString() == QStringLiteral("DEPLOYMENT_CONFIRMED"),
                             30000);
    QCOMPARE(lease_data(LeaseListModel::UrlsRole).toStringList().size(), 2);
    const Amount before = price::parse_usdc_per_s(price_before.toStdString());
    QCOMPARE(price::parse_usdc_per_s(lease_data(LeaseListModel::PricePerSecondRole).toString().toStdString()), before * 2);

    // Its logs from the card: the provider's lines about both replicas, live, and their health.
    QVERIFY(session.click(card_item(QStringLiteral("logsButton"))));
    QTRY_COMPARE(session.host().logsLease(), lease_id);
    QTRY_VERIFY(session.item(QStringLiteral("logLines")) && session.item(QStringLiteral("logLines"))->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(session.host().logs()->count() > 0, 20000);
    QStringList texts;
    for (int i = 0; i < session.host().logs()->count(); ++i)
        texts.append(session.host().logs()->index(i).data(LogListModel::TextRole).toString());
    QVERIFY2(texts.join(QLatin1Char('\n')).contains(QLatin1String("web#1 runtime  started as pid")), qPrintable(texts.join(QLatin1Char('\n'))));
    QTRY_COMPARE_WITH_TIMEOUT(session.host().logReplicas().size(), 2, 20000);
    for (const QString& replica : session.host().logReplicas())
        QVERIFY2(replica.contains(QLatin1String("running, healthy, restarts: 0")), qPrintable(replica));
    QTRY_VERIFY(session.item(QStringLiteral("logLines"))->property("count").toInt() > 0);
    // The filter narrows the view, not the model.
    session.item(QStringLiteral("logFilterField"))->setProperty("text", QStringLiteral("web#1"));
    QTRY_VERIFY(session.item(QStringLiteral("logLines"))->property("count").toInt() < session.host().logs()->count());
    const QString shot = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
    if (!shot.isEmpty()) session.window()->grabWindow().save(shot + QStringLiteral("/lease-logs.png"));
    QVERIFY(session.click(QStringLiteral("logCloseButton")));
    QTRY_VERIFY(session.host().logsLease().isEmpty());
    QTRY_VERIFY(!session.item(QStringLiteral("logLines")) || !session.item(QStringLiteral("logLines"))->isVisible());

    // Close from the card, with its confirmation.
    QVERIFY(session.click(card_item(QStringLiteral("closeButton"))));
    QTRY_VERIFY(card_item(QStringLiteral("confirmCloseButton")) != nullptr);
    QVERIFY(session.click(card_item(QStringLiteral("confirmCloseButton"))));
    QTRY_COMPARE_WITH_TIMEOUT(leases->index(leases->row_of(lease_id)).data(LeaseListModel::StateRole).toString(), QStringLiteral("LEASE_CLOSED"),
                              30000);
    QCOMPARE(leases->index(leases->row_of(lease_id)).data(LeaseListModel::CloseReasonRole).toString(), QStringLiteral("user"));
}

void TestGuiDeploy::wizardRefusesBadInput()
{
    GuiSession session;
    QString error;
    QVERIFY2(session.start(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(session.host().providers()->count() > 0, 20000);
    QVERIFY(session.show_page(QStringLiteral("navDeploy")));

    // A max price finer than a rate (10^-18 USDC per second) keeps step 1 closed and says why.
    QVERIFY(session.type(QStringLiteral("deployMaxPrice"), QStringLiteral("0.0000000000000000001")));
    QQuickItem* price_error = session.item(QStringLiteral("deployPriceError"));
    QVERIFY(price_error);
    QCOMPARE(price_error->property("text").toString(), QStringLiteral("A price per second has at most 18 decimals of USDC."));
    QVERIFY(!session.item(QStringLiteral("deployNext1"))->isEnabled());
    // 18 decimals are a price: 0.000003416666666666 USDC/s is 0.0123 USDC/h.
    QVERIFY(session.type(QStringLiteral("deployMaxPrice"), QStringLiteral("0.000003416666666666")));
    QCOMPARE(price_error->property("text").toString(), QString());
    QVERIFY(session.item(QStringLiteral("deployNext1"))->isEnabled());

    // A price below every offer is allowed, but the wizard warns that no provider could bid.
    QVERIFY(session.type(QStringLiteral("deployMaxPrice"), QStringLiteral("0.000001")));
    QVERIFY(session.item(QStringLiteral("deployMarketHint"))->property("text").toString().contains(QStringLiteral("no provider could bid")));
    QVERIFY(session.click(QStringLiteral("deployNext1")));

    // A manifest error names the field and the line and column it is on.
    QVERIFY(session.click(QStringLiteral("deployUseTemplate")));
    QQuickItem* editor = session.item(QStringLiteral("deployManifest"));
    QVERIFY(editor);
    editor->setProperty("text", editor->property("text").toString().replace(QStringLiteral("[80]"), QStringLiteral("[70000]")));
    QQuickItem* manifest_error = session.item(QStringLiteral("deployManifestError"));
    QVERIFY(manifest_error);
    const QString message = manifest_error->property("text").toString();
    QVERIFY2(message.startsWith(QStringLiteral("Line 8, column ")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral(": services[0].ports[0]")), qPrintable(message));
    QVERIFY(!session.item(QStringLiteral("deployNext2"))->isEnabled());
}

QTEST_MAIN(TestGuiDeploy)
#include "tst_gui_deploy.moc"
