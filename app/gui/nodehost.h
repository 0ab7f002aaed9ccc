#pragma once

#include "accountlistmodel.h"
#include "blockdelta.h"
#include "deployflow.h"
#include "eventlistmodel.h"
#include "identityactions.h"
#include "identityview.h"
#include "leaseeventproxy.h"
#include "leaselistmodel.h"
#include "loglistmodel.h"
#include "nodeclient.h"
#include "nodesnapshot.h"
#include "providerlistmodel.h"

#include <nodeconfig.h>
#include <transaction.h>

#include <QObject>
#include <QString>

#include <memory>

class QQmlEngine;
class QJSEngine;
class QThread;

namespace berth::gui {

/**
 * The GUI's state of the node, for QML. It sees the node only through a NodeClient: it sends
 * requests as value types and applies the snapshots, deltas and outcomes that come back to the
 * provider, event, lease and account models, and exposes them as properties. QML reaches the
 * one instance as the NodeHost singleton. Lease actions are validated here, on the GUI thread,
 * before anything is sent. The identity the GUI acts as is switchable (IdentityActions); a
 * switch reloads the identity's leases, served leases, history and account view.
 */
class NodeHost : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool running READ running NOTIFY runningChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY runningChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(qint64 height READ height NOTIFY blockChanged)
    Q_PROPERTY(QString lastBlockTime READ lastBlockTime NOTIFY blockChanged)
    Q_PROPERTY(QString stateRoot READ stateRoot NOTIFY blockChanged)
    Q_PROPERTY(int mempoolSize READ mempoolSize NOTIFY blockChanged)
    Q_PROPERTY(int blockTimeMs READ blockTimeMs NOTIFY runningChanged)
    Q_PROPERTY(QString chainId READ chainId NOTIFY runningChanged)
    Q_PROPERTY(QString dataDirectory READ dataDirectory CONSTANT)
    Q_PROPERTY(QString rpcUrl READ rpcUrl NOTIFY runningChanged)
    /** "devnet", "follower" or "etcd" (a network ordered by an etcd cluster). */
    Q_PROPERTY(QString ordering READ ordering NOTIFY blockChanged)
    /** On a network: the public key of the producer that holds the turn, and etcd's members ("name urls"). */
    Q_PROPERTY(QString leader READ leader NOTIFY blockChanged)
    Q_PROPERTY(QStringList orderingMembers READ orderingMembers NOTIFY blockChanged)
    Q_PROPERTY(bool leading READ leading NOTIFY blockChanged)
    Q_PROPERTY(bool inStep READ inStep NOTIFY blockChanged)
    Q_PROPERTY(berth::gui::ProviderListModel* providers READ providers CONSTANT)
    Q_PROPERTY(berth::gui::EventListModel* events READ events CONSTANT)
    Q_PROPERTY(berth::gui::LeaseListModel* leases READ leases CONSTANT)
    /** The selected lease's events; QML sets its leaseId. */
    Q_PROPERTY(berth::gui::LeaseEventProxy* leaseEvents READ leaseEvents CONSTANT)
    /** The keystore account the GUI acts as: its leases are listed, its key signs every action. */
    Q_PROPERTY(QString identity READ identity NOTIFY identityChanged)
    Q_PROPERTY(berth::gui::IdentityView* account READ account CONSTANT)
    /** The leases the identity serves as a provider. */
    Q_PROPERTY(berth::gui::LeaseListModel* servedLeases READ servedLeases CONSTANT)
    Q_PROPERTY(berth::gui::AccountListModel* accounts READ accounts CONSTANT)
    Q_PROPERTY(berth::gui::IdentityActions* actions READ actions CONSTANT)
    /** The Deploy wizard: terms, validation, the order's bids and its way to a deployment. */
    Q_PROPERTY(berth::gui::DeployFlow* deploy READ deploy CONSTANT)
    /** The lines of the lease whose logs are open (openLogs), live while they are. */
    Q_PROPERTY(berth::gui::LogListModel* logs READ logs CONSTANT)
    Q_PROPERTY(QString logsLease READ logsLease NOTIFY logsChanged)
    /** Where the log feed is: connecting, live, ended with the lease, or why it failed. */
    Q_PROPERTY(QString logsStatus READ logsStatus NOTIFY logsChanged)
    /** Each replica of the open lease: its state, health and restarts, from its provider. */
    Q_PROPERTY(QStringList logReplicas READ logReplicas NOTIFY logsChanged)

public:
    /** Runs a real node with `config` (EmbeddedNode); `identity` is the keystore account the GUI starts as. */
    explicit NodeHost(NodeConfig config, QObject* parent = nullptr, const QString& identity = QStringLiteral("alice"));
    /** Shows the node behind `node`, a fake in the view-model tests; `data_directory` is what the Settings page shows. */
    NodeHost(std::unique_ptr<NodeClient> node, const QString& data_directory, QObject* parent = nullptr);
    ~NodeHost() override;

    /** The instance QML's NodeHost singleton resolves to; set by whoever creates it (main, a test). */
    static void set_instance(NodeHost* host);
    static NodeHost* instance();
    /** The QML singleton factory: hands out the instance made in C++ and keeps C++ the owner. */
    static NodeHost* create(QQmlEngine* engine, QJSEngine* js_engine);

    /** Asks the node to open; the snapshot or an error follows. */
    void start();
    /** Stops the node and waits until it has. Safe to call twice. */
    Q_INVOKABLE void shutdown();
    /** Sends an encoded, signed transaction to the node; actionFinished reports its outcome (NodeAction::Transaction). */
    Q_INVOKABLE void submit(const QByteArray& encoded_transaction);

    /**
     * Adds `amount` USDC to a lease's escrow. Returns an error message at once for a bad lease
     * id or amount and sends nothing; otherwise returns "" and actionFinished follows with its outcome.
     */
    Q_INVOKABLE QString topUpLease(const QString& lease_id, const QString& amount);
    /** Asks the lease's provider to stop it (CloseLease); returns an error message or "" like topUpLease. */
    Q_INVOKABLE QString closeLease(const QString& lease_id);
    /**
     * Asks the lease's provider to run it with `replicas` replicas at most `max_price` USDC/s
     * (UPDATE_LEASE, same instance type and manifest); returns an error message or "" like topUpLease.
     */
    Q_INVOKABLE QString updateLease(const QString& lease_id, const QString& replicas, const QString& max_price);
    bool running() const { return m_running; }
    bool loading() const { return !m_running && m_error.isEmpty() && !m_stopped; }
    QString error() const { return m_error; }
    qint64 height() const { return static_cast<qint64>(m_block.height); }
    QString lastBlockTime() const;
    /** "1 vCPU · 512 MiB · 64 processes per replica"; empty for a type the chain does not describe. */
    Q_INVOKABLE QString instanceTypeResources(const QString& instance_type) const;
    QString stateRoot() const { return m_block.state_root; }
    int mempoolSize() const { return static_cast<int>(m_block.mempool_size); }
    int blockTimeMs() const { return static_cast<int>(m_block_ms); }
    QString chainId() const { return m_chain_id; }
    QString dataDirectory() const { return m_data_directory; }
    QString ordering() const { return m_block.ordering; }
    QString leader() const { return m_block.leader; }
    QStringList orderingMembers() const { return m_block.ordering_members; }
    bool leading() const { return m_block.leading; }
    bool inStep() const { return m_block.in_step; }
    QString rpcUrl() const { return m_rpc_url; }
    ProviderListModel* providers() { return &m_providers; }
    EventListModel* events() { return &m_events; }
    LeaseListModel* leases() { return &m_leases; }
    LeaseEventProxy* leaseEvents() { return &m_lease_events; }
    DeployFlow* deploy() { return &m_deploy; }
    LogListModel* logs() { return &m_logs; }
    QString logsLease() const { return m_logs_lease == 0 ? QString() : QString::number(m_logs_lease); }
    QString logsStatus() const { return m_logs_status; }
    QStringList logReplicas() const { return m_log_replicas; }
    /** Follows the lease's logs at its provider over mTLS; the lines come into `logs`. */
    Q_INVOKABLE void openLogs(const QString& lease_id);
    Q_INVOKABLE void closeLogs();
    QString identity() const { return m_identity; }
    IdentityView* account() { return &m_account; }
    LeaseListModel* servedLeases() { return &m_served; }
    AccountListModel* accounts() { return &m_accounts; }
    IdentityActions* actions() { return &m_actions; }

    NodeClient& node() { return *m_node; }

Q_SIGNALS:
    void logsChanged();
    void runningChanged();
    void errorChanged();
    void blockChanged();
    void snapshotLoaded(const berth::gui::NodeSnapshot& snapshot);
    void blockApplied(const berth::gui::BlockDelta& delta);
    /** The node's answer to a request, after the models show it (a lease action on its row, say). */
    void actionFinished(const berth::gui::ActionOutcome& outcome);
    void identityChanged();

private:
    /** Connects the node's signals to the models; all handlers run on the GUI thread. */
    void connect_node();
    void on_started(const NodeSnapshot& snapshot);
    void on_failed(const QString& message);
    void on_block(const BlockDelta& delta);
    /** Routes an outcome to whatever asked for it. */
    void on_outcome(const ActionOutcome& outcome);
    /** Shows the node's answer to a lease action on the lease's row of `model`. */
    void report_outcome(LeaseListModel& model, const ActionOutcome& outcome);
    void on_log_replicas(JobId lease, const QList<QJsonObject>& replicas);
    void on_identity(const IdentitySnapshot& snapshot);
    void load_identity(const IdentitySnapshot& snapshot);
    /** One chart sample and the escrow totals of the identity's leases at `now_ms`. */
    void update_totals(std::uint64_t now_ms);
    /** The identity's lease with this id, or null. */
    const LeaseRow* lease(const QString& lease_id) const;
    /** Validates the lease id and sends the action, signed as the identity. */
    QString send_lease_action(const QString& lease_id, tx::Payload payload, const QString& pending);
    void on_upload(JobId lease, TenantAgent::UploadStage stage, const QString& message);

    std::unique_ptr<NodeClient> m_node;
    QString m_data_directory;
    QString m_identity;
    ProviderListModel m_providers;
    EventListModel m_events;
    LeaseListModel m_leases;
    LeaseEventProxy m_lease_events;
    LogListModel m_logs;
    JobId m_logs_lease = 0;
    QString m_logs_status;
    QStringList m_log_replicas;
    DeployFlow m_deploy;
    LeaseListModel m_served;
    AccountListModel m_accounts;
    IdentityView m_account;
    IdentityActions m_actions;
    BlockSummary m_block;
    std::uint64_t m_block_ms = 0;
    std::vector<InstanceType> m_instance_types;
    QString m_chain_id;
    QString m_rpc_url;
    QString m_error;
    bool m_running = false;
    bool m_stopped = false;
};

} // namespace berth::gui
