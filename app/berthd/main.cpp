// berthd: the Berth light node without a GUI, with its in-process provider agents.

#include "signalwatcher.h"

#include <hugepageheap.h>
#include <logging.h>
#include <node.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QStandardPaths>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <tuple>

using berth::Node;
using berth::NodeConfig;

namespace {

/** Parses "HOST:PORT" for --rpc; only loopback addresses are accepted. */
bool parse_rpc(const QString& text, NodeConfig& config, QString& problem)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    bool port_ok = false;
    const uint port = colon < 0 ? 0 : text.mid(colon + 1).toUInt(&port_ok);
    const QHostAddress host(colon < 0 ? QString() : text.left(colon).remove(QLatin1Char('[')).remove(QLatin1Char(']')));
    if (colon < 0 || !port_ok || port > 65535 || host.isNull()) {
        problem = QStringLiteral("--rpc expects HOST:PORT such as 127.0.0.1:26657, not '%1'").arg(text);
        return false;
    }
    if (!host.isLoopback()) {
        problem = QStringLiteral("--rpc must be a loopback address (127.0.0.1 or ::1); '%1' is not").arg(host.toString());
        return false;
    }
    config.rpc_address = host;
    config.rpc_port = static_cast<quint16>(port);
    return true;
}

} // namespace

int main(int argc, char* argv[])
{
    // Before anything else: the process may execute itself again (HugePageHeap).
    berth::HugePageHeap::enable(argv);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("berth"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Berth light node: produces or follows the chain, serves RPC, runs provider agents."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QString default_datadir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/devnet");
    const QCommandLineOption datadir({QStringLiteral("datadir")}, QStringLiteral("Data directory (default: %1).").arg(default_datadir),
                                     QStringLiteral("DIR"));
    const QCommandLineOption devnet({QStringLiteral("devnet")}, QStringLiteral("Run the local devnet as its block producer."));
    const QCommandLineOption rpc({QStringLiteral("rpc")}, QStringLiteral("RPC address, loopback only (default 127.0.0.1:26657)."),
                                 QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:26657"));
    const QCommandLineOption block_ms({QStringLiteral("block-ms")}, QStringLiteral("Block time of a new devnet in milliseconds."),
                                      QStringLiteral("N"));
    const QCommandLineOption demo_providers({QStringLiteral("demo-providers")}, QStringLiteral("Demo providers in a new devnet (default 5)."),
                                            QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption follow({QStringLiteral("follow")}, QStringLiteral("Follow the node whose RPC is at URL."), QStringLiteral("URL"));
    const QCommandLineOption no_agents({QStringLiteral("no-agents")}, QStringLiteral("Do not run the demo providers' agents."));
    const QCommandLineOption param({QStringLiteral("param")},
                                   QStringLiteral("Genesis parameter of a new devnet, such as job_startup_s=5 (repeatable)."),
                                   QStringLiteral("NAME=VALUE"));
    const QCommandLineOption faulty({QStringLiteral("faulty-provider")},
                                    QStringLiteral("Make a demo provider faulty: its workloads die SECONDS (default 20) after they "
                                                   "start, so that auditors get it slashed."),
                                    QStringLiteral("NAME[:SECONDS]"));
    const QCommandLineOption allow_commands({QStringLiteral("allow-commands")},
                                            QStringLiteral("Let the demo providers run manifests' command workloads."));
    const QCommandLineOption network({QStringLiteral("network")},
                                     QStringLiteral("Join the network whose genesis file is GENESIS (berth-cli network init writes one)."),
                                     QStringLiteral("GENESIS"));
    const QCommandLineOption etcd({QStringLiteral("etcd")}, QStringLiteral("The network's etcd cluster: its client URLs, comma-separated."),
                                  QStringLiteral("URLS"));
    const QCommandLineOption etcd_cacert({QStringLiteral("etcd-cacert")}, QStringLiteral("CA certificate (PEM) of a TLS etcd cluster."),
                                         QStringLiteral("FILE"));
    const QCommandLineOption etcd_cert({QStringLiteral("etcd-cert")}, QStringLiteral("Client certificate (PEM) for etcd."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption etcd_key({QStringLiteral("etcd-key")}, QStringLiteral("Client key (PEM) for etcd."), QStringLiteral("FILE"));
    const QCommandLineOption producer({QStringLiteral("producer")},
                                      QStringLiteral("On a network: produce blocks with the key of this keystore account, which the "
                                                     "genesis must name as a producer (passphrase from BERTH_PASSPHRASE)."),
                                      QStringLiteral("NAME"));
    const QCommandLineOption listen({QStringLiteral("listen")},
                                    QStringLiteral("Address the providers' manifest endpoints and workloads listen on (default 127.0.0.1)."),
                                    QStringLiteral("ADDRESS"));
    const QCommandLineOption public_host({QStringLiteral("public-host")},
                                         QStringLiteral("Host the providers' endpoint and access URLs on chain name (default: the --listen "
                                                        "address). The RPC stays on loopback."),
                                         QStringLiteral("HOST"));
    const QCommandLineOption mempool_max({QStringLiteral("mempool-max-transactions")},
                                         QStringLiteral("Pending transactions the mempool holds (default 20000)."), QStringLiteral("N"));
    const QCommandLineOption mempool_per_sender({QStringLiteral("mempool-max-per-sender")},
                                                QStringLiteral("Pending transactions of one sender (default 5000)."), QStringLiteral("N"));
    const QCommandLineOption block_max({QStringLiteral("max-block-transactions")},
                                       QStringLiteral("Transactions this node puts in one block it produces (default 5000)."),
                                       QStringLiteral("N"));
    parser.addOptions(
        {datadir,  devnet, rpc,         block_ms,  demo_providers, follow,   no_agents, param,       faulty,      allow_commands,
         network,  etcd,   etcd_cacert, etcd_cert, etcd_key,       producer, listen,    public_host, mempool_max, mempool_per_sender,
         block_max});
    parser.process(app);

    auto usage_error = [](const QString& message) {
        std::cerr << "berthd: " << message.toStdString() << "\n";
        return 2;
    };
    NodeConfig config;
    config.datadir = parser.isSet(datadir) ? parser.value(datadir) : default_datadir;
    config.devnet = parser.isSet(devnet);
    config.run_agents = !parser.isSet(no_agents);
    QString problem;
    if (!parse_rpc(parser.value(rpc), config, problem)) return usage_error(problem);
    if (parser.isSet(block_ms)) {
        bool ok = false;
        config.block_ms = parser.value(block_ms).toULongLong(&ok);
        if (!ok || config.block_ms < 10 || config.block_ms > 600000) return usage_error(QStringLiteral("--block-ms must be 10 to 600000"));
    }
    bool ok = false;
    config.demo_providers = parser.value(demo_providers).toInt(&ok);
    if (!ok || config.demo_providers < 0 || config.demo_providers > 1000)
        return usage_error(QStringLiteral("--demo-providers must be 0 to 1000"));
    for (const QString& assignment : parser.values(param)) {
        const qsizetype equals = assignment.indexOf(QLatin1Char('='));
        if (equals <= 0) return usage_error(QStringLiteral("--param expects NAME=VALUE, not '%1'").arg(assignment));
        config.devnet_params.insert(assignment.left(equals), assignment.mid(equals + 1));
    }
    if (parser.isSet(faulty)) {
        const QStringList parts = parser.value(faulty).split(QLatin1Char(':'));
        config.faulty_provider = parts.value(0);
        if (parts.size() > 1) config.faulty_after_s = parts[1].toInt(&ok);
        if (config.faulty_provider.isEmpty() || parts.size() > 2 || (parts.size() > 1 && (!ok || config.faulty_after_s < 1)))
            return usage_error(QStringLiteral("--faulty-provider expects NAME[:SECONDS], such as provider2:20"));
    }
    config.allow_command_workloads = parser.isSet(allow_commands);
    // Operator limits: (option, field, upper bound).
    for (const auto& [option, field, most] : {std::tuple{&mempool_max, &config.mempool_capacity, std::size_t{1'000'000}},
                                              std::tuple{&mempool_per_sender, &config.mempool_per_sender, std::size_t{1'000'000}},
                                              std::tuple{&block_max, &config.max_block_transactions, std::size_t{100'000}}}) {
        if (!parser.isSet(*option)) continue;
        const qulonglong n = parser.value(*option).toULongLong(&ok);
        if (!ok || n < 1 || n > most) return usage_error(QStringLiteral("--%1 must be 1 to %2").arg(option->names().first()).arg(most));
        *field = static_cast<std::size_t>(n);
    }
    if (!parser.isSet(mempool_per_sender)) config.mempool_per_sender = std::min(config.mempool_per_sender, config.mempool_capacity);
    if (config.mempool_per_sender > config.mempool_capacity)
        return usage_error(QStringLiteral("--mempool-max-per-sender cannot exceed --mempool-max-transactions"));
    if (parser.isSet(follow)) {
        config.follow = QUrl(parser.value(follow));
        if (!config.follow.isValid() || config.follow.scheme() != QLatin1String("http"))
            return usage_error(QStringLiteral("--follow expects the producer's RPC URL, such as http://127.0.0.1:26657"));
        if (config.devnet) return usage_error(QStringLiteral("--follow and --devnet exclude each other: a follower does not produce blocks"));
    }

    if (parser.isSet(network)) {
        if (config.devnet || parser.isSet(follow))
            return usage_error(QStringLiteral("--network excludes --devnet and --follow: a network's blocks come from its etcd cluster"));
        config.network_genesis = parser.value(network);
        for (const QString& text : parser.value(etcd).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QUrl url(text.trimmed(), QUrl::StrictMode);
            if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) || url.host().isEmpty())
                return usage_error(QStringLiteral("--etcd expects client URLs such as http://10.0.0.1:2379, not '%1'").arg(text));
            config.etcd_endpoints.append(url);
        }
        if (config.etcd_endpoints.isEmpty()) return usage_error(QStringLiteral("--network needs the etcd cluster's client URLs (--etcd)"));
        config.etcd_ca_file = parser.value(etcd_cacert);
        config.etcd_cert_file = parser.value(etcd_cert);
        config.etcd_key_file = parser.value(etcd_key);
        config.producer_account = parser.value(producer);
        config.passphrase = qEnvironmentVariable("BERTH_PASSPHRASE");
    } else {
        for (const QCommandLineOption* option : {&etcd, &etcd_cacert, &etcd_cert, &etcd_key, &producer})
            if (parser.isSet(*option))
                return usage_error(QStringLiteral("--%1 belongs to a network node (--network GENESIS)").arg(option->names().first()));
    }

    if (parser.isSet(listen)) {
        config.provider_listen = QHostAddress(parser.value(listen));
        if (config.provider_listen.isNull())
            return usage_error(QStringLiteral("--listen expects an IP address such as 10.0.0.5 or 0.0.0.0, not '%1'").arg(parser.value(listen)));
        config.provider_public_host = config.provider_listen.toString();
    }
    if (parser.isSet(public_host)) {
        config.provider_public_host = parser.value(public_host).trimmed();
        if (config.provider_public_host.isEmpty() ||
            !QUrl(QStringLiteral("http://") + config.provider_public_host + QStringLiteral("/")).isValid())
            return usage_error(QStringLiteral("--public-host expects a host name or address"));
    }
    const bool any_address = config.provider_listen == QHostAddress::Any || config.provider_listen == QHostAddress::AnyIPv6 ||
                             config.provider_listen == QHostAddress::AnyIPv4;
    if (any_address && !parser.isSet(public_host))
        return usage_error(QStringLiteral("--listen %1 needs --public-host: the URLs on chain must name a host others can reach")
                               .arg(config.provider_listen.toString()));

    Node node(config);
    SignalWatcher signals_watcher;
    QObject::connect(&signals_watcher, &SignalWatcher::stopRequested, &app, [&](int signal) {
        qCInfo(lcNode) << "received signal" << signal << "- stopping";
        node.stop();
        app.quit();
    });
    int exit_code = 0;
    QObject::connect(&node, &Node::fatalError, &app, [&](const QString&) {
        exit_code = 1;
        app.quit();
    });
    try {
        node.start();
    } catch (const std::exception& e) {
        std::cerr << "berthd: " << e.what() << "\n";
        return 1;
    }
    std::cout << "RPC listening on " << node.rpc_url().toString().toStdString() << std::endl;
    const int loop = app.exec();
    return exit_code != 0 ? exit_code : loop;
}
