// berth-workload: the built-in static-http workload a provider runs for each replica.

#include "staticsite.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTimer>

#include <cstdio>
#include <exception>
#include <iostream>
#include <limits>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("berth-workload"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Serves a static site on 127.0.0.1 (or --host) and prints 'LISTENING <address>:<port>' once it listens."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption content({QStringLiteral("content")}, QStringLiteral("JSON object of URL path to body."), QStringLiteral("FILE"));
    const QCommandLineOption health({QStringLiteral("health")}, QStringLiteral("Path that answers 200 \"ok\"."), QStringLiteral("PATH"));
    const QCommandLineOption exit_after({QStringLiteral("exit-after")}, QStringLiteral("Exit with code 3 after N seconds (a faulty workload)."),
                                        QStringLiteral("SECONDS"));
    const QCommandLineOption port_option({QStringLiteral("port")}, QStringLiteral("Listen on this port (default: one the system picks)."),
                                         QStringLiteral("PORT"));
    const QCommandLineOption host_option({QStringLiteral("host")}, QStringLiteral("Listen on this address (default 127.0.0.1)."),
                                         QStringLiteral("ADDRESS"), QStringLiteral("127.0.0.1"));
    parser.addOptions({content, health, exit_after, port_option, host_option});
    parser.process(app);

    auto usage_error = [](const QString& message) {
        std::cerr << "berth-workload: " << message.toStdString() << "\n";
        return 2;
    };
    if (!parser.isSet(content)) return usage_error(QStringLiteral("--content FILE is required"));
    if (!parser.isSet(health) || !parser.value(health).startsWith(QLatin1Char('/')))
        return usage_error(QStringLiteral("--health PATH is required and must start with /"));
    int exit_after_s = 0;
    if (parser.isSet(exit_after)) {
        bool ok = false;
        exit_after_s = parser.value(exit_after).toInt(&ok);
        // Qt timers count milliseconds in an int.
        if (!ok || exit_after_s < 1 || exit_after_s > std::numeric_limits<int>::max() / 1000)
            return usage_error(QStringLiteral("--exit-after expects whole seconds from 1 to %1").arg(std::numeric_limits<int>::max() / 1000));
    }

    quint16 wanted_port = 0;
    if (parser.isSet(port_option)) {
        bool ok = false;
        const uint value = parser.value(port_option).toUInt(&ok);
        if (!ok || value == 0 || value > 65535) return usage_error(QStringLiteral("--port expects a port from 1 to 65535"));
        wanted_port = static_cast<quint16>(value);
    }
    const QHostAddress host(parser.value(host_option));
    if (host.isNull()) return usage_error(QStringLiteral("--host expects an IP address, not '%1'").arg(parser.value(host_option)));
    try {
        berth::StaticSite site(berth::StaticSite::load_content(parser.value(content)), parser.value(health));
        const quint16 port = site.listen(wanted_port, host);
        std::printf("LISTENING %s:%u\n", host.toString().toUtf8().constData(), static_cast<unsigned>(port));
        std::fflush(stdout);
        if (exit_after_s > 0) QTimer::singleShot(exit_after_s * 1000, &app, [] { QCoreApplication::exit(3); });
        return QCoreApplication::exec();
    } catch (const std::exception& e) {
        std::cerr << "berth-workload: " << e.what() << "\n";
        return 1;
    }
}
