#pragma once

#include <nodeconfig.h>

#include <QObject>
#include <QQmlEngine>
#include <QSettings>
#include <QString>

#include <memory>

class QJSEngine;

namespace berth::gui {

/**
 * Which chain the embedded node joins: the local devnet, or a Berth network given by its
 * genesis file and its etcd cluster's client URLs. The choice is stored with QSettings under
 * "network/..." and read at start-up, when main builds the node's configuration from it (a
 * network's data lives in its own directory, named after its chain id). Applying a new choice
 * validates it, stores it and asks main to restart the app on it; QML reaches the one instance
 * as the Network singleton.
 */
class NetworkSettings : public QObject
{
    Q_OBJECT
    /** "devnet" or "network". */
    Q_PROPERTY(QString mode READ mode NOTIFY changed)
    Q_PROPERTY(QString genesisFile READ genesis_file NOTIFY changed)
    /** Comma-separated etcd client URLs. */
    Q_PROPERTY(QString etcdEndpoints READ etcd_endpoints NOTIFY changed)

public:
    explicit NetworkSettings(std::unique_ptr<QSettings> settings = nullptr, QObject* parent = nullptr);
    ~NetworkSettings() override;

    static void set_instance(NetworkSettings* settings);
    static NetworkSettings* instance();
    static NetworkSettings* create(QQmlEngine* engine, QJSEngine* js_engine);

    QString mode() const { return m_mode; }
    QString genesis_file() const { return m_genesis_file; }
    QString etcd_endpoints() const { return m_etcd_endpoints; }

    /**
     * The node configuration for the stored choice: the devnet in `devnet_datadir`, or the
     * network in `networks_root`/CHAIN_ID. Throws std::invalid_argument when the stored network
     * can no longer be used (its genesis file is gone); the caller falls back to the devnet.
     */
    NodeConfig node_config(const QString& devnet_datadir, const QString& networks_root) const;

    /** Why a network choice cannot be used, or an empty string when it can. */
    Q_INVOKABLE QString validate(const QString& genesis_file, const QString& etcd_endpoints) const;
    /** Stores the devnet as the choice; restartRequested follows when it differs from the running one. */
    Q_INVOKABLE QString useDevnet();
    /** Validates and stores a network; an error message, or an empty string and restartRequested. */
    Q_INVOKABLE QString joinNetwork(const QString& genesis_file, const QString& etcd_endpoints);

Q_SIGNALS:
    void changed();
    /** The stored choice changed; the app restarts to run its node on it. */
    void restartRequested();

private:
    void store(const QString& mode, const QString& genesis_file, const QString& etcd_endpoints);

    std::unique_ptr<QSettings> m_settings;
    QString m_mode;
    QString m_genesis_file;
    QString m_etcd_endpoints;
};

} // namespace berth::gui
