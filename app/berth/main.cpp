#include <languagesettings.h>
#include <nodehost.h>

#include <QApplication>

#include <QCommandLineParser>
#include <QDir>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QStandardPaths>
#include <QUrl>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(BerthPlugin)

int main(int argc, char* argv[])
{
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

    berth::NodeConfig config;
    config.datadir = parser.value(datadir_option);
    config.devnet = true;
    config.rpc_address = QHostAddress::LocalHost;
    config.rpc_port = 0;

    berth::gui::NodeHost host(config);
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
    const int code = QApplication::exec();
    host.shutdown();
    return code;
}
