#include <nodehost.h>

#include <QCommandLineParser>
#include <QDir>
#include <QGuiApplication>
#include <QLocale>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QStandardPaths>
#include <QTranslator>
#include <QUrl>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(BerthPlugin)

int main(int argc, char* argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("berth"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Berth"));
    QGuiApplication::setApplicationVersion(QStringLiteral("0.1.0"));

    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("berth"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);

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
    const int code = QGuiApplication::exec();
    host.shutdown();
    return code;
}
