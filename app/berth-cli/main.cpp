// berth-cli: the Berth command-line client for a node's RPC.

#include "cli.h"

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("berth"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    return berth::cli::Cli(arguments).run();
}
