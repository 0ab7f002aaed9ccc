#include <languagesettings.h>
#include <networksettings.h>
#include <nodehost.h>
#include <nodeworker.h>

#include <price.h>
#include <transaction.h>

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QSettings>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

#include <memory>

Q_IMPORT_QML_PLUGIN(BerthPlugin)

/**
 * Runs the QML tests in tests/gui against a real devnet node: for each test file the setup
 * starts a NodeHost on a fresh temporary data directory and makes it the NodeHost singleton
 * the pages bind to. The
 * tests reach this object as the singleton TestSetup (import BerthTest), to act as a user
 * would elsewhere (place an order). The Language singleton keeps its choice in a settings file
 * inside the temporary directory, never in the user's own settings.
 */
class QmlSetup : public QObject
{
    Q_OBJECT

public:
    QmlSetup()
    {
        QQuickStyle::setStyle(QStringLiteral("Fusion"));
        qmlRegisterSingletonInstance("BerthTest", 1, 0, "TestSetup", this);
    }

public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine* engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
        // Each test file gets a devnet of its own, so that no file sees another's orders.
        if (m_host) m_host->shutdown();
        m_orders = 0;
        berth::NodeConfig config;
        config.datadir = QDir(m_dir.path()).filePath(QStringLiteral("devnet-%1").arg(++m_files));
        config.devnet = true;
        config.block_ms = 200;
        m_host = std::make_unique<berth::gui::NodeHost>(config);
        berth::gui::NodeHost::set_instance(m_host.get());
        m_host->start();
        m_language = std::make_unique<berth::gui::LanguageSettings>(
            std::make_unique<QSettings>(QDir(m_dir.path()).filePath(QStringLiteral("settings.ini")), QSettings::IniFormat));
        berth::gui::LanguageSettings::set_instance(m_language.get());
        m_network = std::make_unique<berth::gui::NetworkSettings>(
            std::make_unique<QSettings>(QDir(m_dir.path()).filePath(QStringLiteral("settings.ini")), QSettings::IniFormat));
        berth::gui::NetworkSettings::set_instance(m_network.get());
    }

    /** A path inside the test's temporary directory. */
    Q_INVOKABLE QString tempPath(const QString& name) const { return QDir(m_dir.path()).filePath(name); }
    Q_INVOKABLE bool fileExists(const QString& path) const { return QFileInfo::exists(path); }

    /**
     * The current identity orders a cpu.small with a 5 USDC deposit, signed on the node thread
     * with the identity's key and next nonce.
     */
    Q_INVOKABLE void placeOrder()
    {
        berth::tx::CreateOrder order;
        order.instance_type = "cpu.small";
        order.max_price_per_s = berth::price::from_base_units(20);
        order.manifest_hash = berth::Hash256::of(berth::as_bytes("tst_qml manifest " + std::to_string(m_orders++)));
        order.deposit = 5'000'000;
        m_host->node().send_as_identity(berth::gui::NodeAction::Transaction, 0, order);
    }

    void cleanupTestCase()
    {
        if (m_host) m_host->shutdown();
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<berth::gui::NodeHost> m_host;
    std::unique_ptr<berth::gui::LanguageSettings> m_language;
    std::unique_ptr<berth::gui::NetworkSettings> m_network;
    std::uint64_t m_orders = 0;
    int m_files = 0;
};

// QUICK_TEST_MAIN_WITH_SETUP, but with a QApplication: the Wallet page's Qt Charts plot needs one.
int main(int argc, char** argv)
{
    QTEST_SET_MAIN_SOURCE_PATH
    QApplication app(argc, argv);
    QmlSetup setup;
    return quick_test_main_with_setup(argc, argv, "berth_qml", QUICK_TEST_SOURCE_DIR, &setup);
}

#include "tst_qml.moc"
