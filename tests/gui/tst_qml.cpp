#include <nodehost.h>

#include <devnet.h>
#include <transaction.h>

#include <QDir>
#include <QQmlEngine>
#include <QQuickStyle>
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
 * would elsewhere (place an order).
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
    }

    /** Alice orders a cpu.small with a 5 USDC deposit; the outcome arrives as NodeHost.transactionSubmitted. */
    Q_INVOKABLE void placeOrder()
    {
        const berth::PrivateKey alice = berth::Devnet::demo_key(QStringLiteral("alice"));
        berth::tx::CreateOrder order;
        order.instance_type = "cpu.small";
        order.max_price_per_s = 20;
        order.manifest_hash = berth::Hash256::of(berth::as_bytes("tst_qml manifest"));
        order.deposit = 5'000'000;
        const berth::Bytes encoded = berth::Transaction::make(m_host->chainId().toStdString(), alice, m_orders++, order).encode();
        m_host->submit(QByteArray(reinterpret_cast<const char*>(encoded.data()), static_cast<qsizetype>(encoded.size())));
    }

    void cleanupTestCase()
    {
        if (m_host) m_host->shutdown();
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<berth::gui::NodeHost> m_host;
    std::uint64_t m_orders = 0;
    int m_files = 0;
};

QUICK_TEST_MAIN_WITH_SETUP(berth_qml, QmlSetup)

#include "tst_qml.moc"
