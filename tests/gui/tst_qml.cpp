#include <nodehost.h>

#include <QDir>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

#include <memory>

Q_IMPORT_QML_PLUGIN(BerthPlugin)

/**
 * Runs the QML tests in tests/gui against a real devnet node: the setup starts one NodeHost
 * on a temporary data directory and makes it the NodeHost singleton the pages bind to.
 */
class QmlSetup : public QObject
{
    Q_OBJECT

public:
    QmlSetup() { QQuickStyle::setStyle(QStringLiteral("Fusion")); }

public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine* engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
        if (m_host) return;
        berth::NodeConfig config;
        config.datadir = QDir(m_dir.path()).filePath(QStringLiteral("devnet"));
        config.devnet = true;
        config.block_ms = 200;
        m_host = std::make_unique<berth::gui::NodeHost>(config);
        berth::gui::NodeHost::set_instance(m_host.get());
        m_host->start();
    }

    void cleanupTestCase()
    {
        if (m_host) m_host->shutdown();
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<berth::gui::NodeHost> m_host;
};

QUICK_TEST_MAIN_WITH_SETUP(berth_qml, QmlSetup)

#include "tst_qml.moc"
