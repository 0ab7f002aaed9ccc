#include <hugepageheap.h>
#include <keystore.h>
#include <languagesettings.h>
#include <networksettings.h>
#include <nodehost.h>

#include <QApplication>

#include <QCommandLineParser>
#include <QDebug>
#include <QDir>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QStandardPaths>
#include <QUrl>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(BerthPlugin)

int main(int argc, char* argv[])
{
    // Before anything else: the process may execute itself again (HugePageHeap).
    berth::HugePageHeap::enable(argv, berth::HugePageHeap::Profile::Threads);
    // A QApplication, not a QGuiApplication: the Wallet page's Qt Charts plot needs the widgets module's application.
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("berth"));
    QApplication::setApplicationDisplayName(QStringLiteral("Berth"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));

    // The language the user chose in Settings last time, or the system's.
    berth::gui::LanguageSettings language;
    berth::gui::LanguageSettings::set_instance(&language);
    language.install();

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Rent compute from a decentralized market."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption datadir_option(
        QStringLiteral("datadir"), QCoreApplication::translate("main", "Where the embedded devnet node keeps its data."),
        QCoreApplication::translate("main", "DIR"),
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("devnet")));
    parser.addOption(datadir_option);
    parser.process(app);

    // One style, chosen on purpose: Fusion looks the same on every platform and takes the Theme's palette.
    QQuickStyle::setStyle(QStringLiteral("Fusion"));

    // The chain chosen in Settings: the devnet (in --datadir), or a network in a directory of its own.
    berth::gui::NetworkSettings network;
    berth::gui::NetworkSettings::set_instance(&network);
    const QString networks_root = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("networks"));
    berth::NodeConfig config;
    try {
        config = network.node_config(parser.value(datadir_option), networks_root);
    } catch (const std::exception& e) {
        qWarning().noquote() << "cannot join the network chosen in Settings, opening the devnet instead:" << e.what();
        network.useDevnet();
        config = network.node_config(parser.value(datadir_option), networks_root);
    }

    // On a network the app acts as the first account of its own keystore (Settings creates or
    // imports one); the devnet starts as its demo user alice.
    QString identity = QStringLiteral("alice");
    if (!config.network_genesis.isEmpty()) identity = berth::Keystore(QDir(config.datadir).filePath(QStringLiteral("keys"))).names().value(0);
    berth::gui::NodeHost host(config, nullptr, identity);
    berth::gui::NodeHost::set_instance(&host);
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &host, &berth::gui::NodeHost::shutdown);

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    language.set_engine(&engine);
    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreated, &app,
        [](QObject* object, const QUrl&) {
            if (!object) QCoreApplication::exit(1);
        },
        Qt::QueuedConnection);
    // The window shows its loading state while the node opens its store on the node thread.
    host.start();
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Berth/Main.qml")));
    if (engine.rootObjects().isEmpty()) {
        host.shutdown();
        return 1;
    }
    // A new network choice takes effect in a fresh process, with a node of its own.
    QObject::connect(
        &network, &berth::gui::NetworkSettings::restartRequested, &app,
        [&host] {
            host.shutdown();
            QProcess::startDetached(QCoreApplication::applicationFilePath(), QCoreApplication::arguments().mid(1));
            QCoreApplication::quit();
        },
        Qt::QueuedConnection);
    const int code = QApplication::exec();
    host.shutdown();
    return code;
}
