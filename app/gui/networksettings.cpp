#include "networksettings.h"

#include <genesisfile.h>

#include <QDir>
#include <QJSEngine>
#include <QPointer>
#include <QUrl>

#include <stdexcept>

namespace berth::gui {

namespace {

QPointer<NetworkSettings> g_network_settings;
const QString devnet_mode = QStringLiteral("devnet");
const QString network_mode = QStringLiteral("network");

/** A file chosen in a dialog arrives as a file:// URL; typed paths stay as they are. */
QString chosen_file_path(const QString& text)
{
    const QUrl url(text.trimmed());
    return url.isLocalFile() ? url.toLocalFile() : text.trimmed();
}

QList<QUrl> parse_endpoints(const QString& text, QString* error)
{
    QList<QUrl> urls;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QUrl url(part.trimmed(), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) || url.host().isEmpty() ||
            url.port() <= 0) {
            *error = QObject::tr("'%1' is not an etcd client URL such as http://10.0.0.1:2379").arg(part.trimmed());
            return {};
        }
        urls.append(url);
    }
    if (urls.isEmpty()) *error = QObject::tr("Give the etcd cluster's client URLs, separated by commas.");
    return urls;
}

} // namespace

NetworkSettings::NetworkSettings(std::unique_ptr<QSettings> settings, QObject* parent)
    : QObject(parent), m_settings(settings ? std::move(settings)
                                           : std::make_unique<QSettings>(QSettings::NativeFormat, QSettings::UserScope, QStringLiteral("berth"),
                                                                         QStringLiteral("berth")))
{
    m_mode = m_settings->value(QStringLiteral("network/mode"), devnet_mode).toString() == network_mode ? network_mode : devnet_mode;
    m_genesis_file = m_settings->value(QStringLiteral("network/genesis")).toString();
    // A settings file written by hand may hold the URLs as an INI list rather than one string.
    const QVariant etcd = m_settings->value(QStringLiteral("network/etcd"));
    m_etcd_endpoints = etcd.typeId() == QMetaType::QStringList ? etcd.toStringList().join(QLatin1Char(',')) : etcd.toString();
}

NetworkSettings::~NetworkSettings()
{
    if (g_network_settings == this) g_network_settings = nullptr;
}

void NetworkSettings::set_instance(NetworkSettings* settings)
{
    g_network_settings = settings;
}

NetworkSettings* NetworkSettings::instance()
{
    return g_network_settings;
}

NetworkSettings* NetworkSettings::create(QQmlEngine*, QJSEngine*)
{
    NetworkSettings* settings = g_network_settings;
    if (settings) QJSEngine::setObjectOwnership(settings, QJSEngine::CppOwnership);
    return settings;
}

NodeConfig NetworkSettings::node_config(const QString& devnet_datadir, const QString& networks_root) const
{
    NodeConfig config;
    config.rpc_address = QHostAddress::LocalHost;
    config.rpc_port = 0;
    if (m_mode != network_mode) {
        config.datadir = devnet_datadir;
        config.devnet = true;
        return config;
    }
    const GenesisFile genesis = GenesisFile::load(m_genesis_file);
    QString error;
    config.etcd_endpoints = parse_endpoints(m_etcd_endpoints, &error);
    if (!error.isEmpty()) throw std::invalid_argument(error.toStdString());
    config.network_genesis = m_genesis_file;
    config.datadir = QDir(networks_root).filePath(QString::fromStdString(genesis.genesis.params.chain_id));
    config.passphrase = qEnvironmentVariable("BERTH_PASSPHRASE");
    return config;
}

QString NetworkSettings::validate(const QString& genesis_file, const QString& etcd_endpoints) const
{
    try {
        const GenesisFile genesis = GenesisFile::load(chosen_file_path(genesis_file));
        genesis.genesis.params.validate();
    } catch (const std::exception& e) {
        return tr("The genesis file cannot be used: %1").arg(QString::fromUtf8(e.what()));
    }
    QString error;
    parse_endpoints(etcd_endpoints, &error);
    return error;
}

QString NetworkSettings::useDevnet()
{
    if (m_mode == devnet_mode) return {};
    store(devnet_mode, m_genesis_file, m_etcd_endpoints);
    Q_EMIT restartRequested();
    return {};
}

QString NetworkSettings::joinNetwork(const QString& genesis_file, const QString& etcd_endpoints)
{
    if (const QString error = validate(genesis_file, etcd_endpoints); !error.isEmpty()) return error;
    store(network_mode, chosen_file_path(genesis_file), etcd_endpoints.trimmed());
    Q_EMIT restartRequested();
    return {};
}

void NetworkSettings::store(const QString& mode, const QString& genesis_file, const QString& etcd_endpoints)
{
    m_mode = mode;
    m_genesis_file = genesis_file;
    m_etcd_endpoints = etcd_endpoints;
    m_settings->setValue(QStringLiteral("network/mode"), mode);
    m_settings->setValue(QStringLiteral("network/genesis"), genesis_file);
    m_settings->setValue(QStringLiteral("network/etcd"), etcd_endpoints);
    m_settings->sync();
    Q_EMIT changed();
}

} // namespace berth::gui
