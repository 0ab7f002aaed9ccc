#pragma once

#include "actionoutcome.h"
#include "blockdelta.h"
#include "identitysnapshot.h"
#include "nodesnapshot.h"
#include "orderprogress.h"
#include "orderrequest.h"

#include <job.h>
#include <tenantagent.h>
#include <transaction.h>

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

class QThread;

namespace berth::gui {

/**
 * The only view the GUI has of a node: requests go in as value types, and everything the node
 * does comes back as value-type signals on the GUI thread (a snapshot once, a delta per block,
 * one ActionOutcome per request). The app's implementation runs a real node on a thread of its
 * own (EmbeddedNode); tests drive the view models with a fake that replays recorded snapshots
 * and deltas. Calls return at once and never run node work on the caller's thread.
 */
class NodeClient : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    /** Opens the node; `started` or `failed` follows. */
    virtual void start() = 0;
    /** Stops the node and returns once it has; nothing is signalled after it. Safe to call twice. */
    virtual void stop() = 0;
    /** True between `started` and `stop` (or `failed`): requests are worth sending. */
    virtual bool is_running() const = 0;
    /** The thread the node's objects live on, for checks; null when there is none. */
    virtual QThread* node_thread() const = 0;

    /** Submits an encoded, signed transaction; an outcome of NodeAction::Transaction follows. */
    virtual void submit_transaction(const QByteArray& encoded) = 0;
    /** Signs `payload` with the identity's key and submits it; an outcome of `action` (about `lease`) follows. */
    virtual void send_as_identity(NodeAction action, JobId lease, const tx::Payload& payload) = 0;
    /**
     * Stores the manifest, publishes the identity's certificate if the chain lacks it, and sends
     * the order: a PlaceOrder outcome follows, then orderCreated and orderProgress every block,
     * and the node uploads the manifest by itself once the lease is ready.
     */
    virtual void place_order(const OrderRequest& request) = 0;
    /** Publishes a fresh certificate for the identity; PublishCertificate, then CertificateSaved. */
    virtual void publish_certificate() = 0;
    /** Acts as `name` (a devnet demo account needs no passphrase); identitySwitched and an outcome follow. */
    virtual void switch_identity(const QString& name, const QString& passphrase) = 0;
    virtual void create_account(const QString& name, const QString& passphrase) = 0;
    /** Stores the exported key file at `path` as `name`. */
    virtual void import_account(const QString& name, const QString& path) = 0;
    /** Writes the encrypted key file of `name` to `path`, all or nothing. */
    virtual void export_account(const QString& name, const QString& path) = 0;
    /** Follows the lease's logs at its provider as the identity; logRecords until logsEnded. */
    virtual void open_logs(JobId lease) = 0;
    virtual void close_logs() = 0;

Q_SIGNALS:
    void started(const berth::gui::NodeSnapshot& snapshot);
    /** The registry after `started`, chunk by chunk, before any block's delta. */
    void providersLoaded(const berth::gui::ProviderChunk& chunk);
    void failed(const QString& message);
    void blockApplied(const berth::gui::BlockDelta& delta);
    void actionFinished(const berth::gui::ActionOutcome& outcome);
    /** The wizard's order is on chain as job `job`. */
    void orderCreated(berth::JobId job);
    void orderProgress(const berth::gui::OrderProgress& progress);
    void uploadProgress(berth::JobId lease, berth::TenantAgent::UploadStage stage, const QString& message);
    void identitySwitched(const berth::gui::IdentitySnapshot& snapshot);
    void accountsChanged(const QList<berth::gui::AccountRow>& accounts);
    /** New log records (ReplicaLog's JSON objects) of the open lease, oldest first. */
    void logRecords(berth::JobId lease, const QList<QByteArray>& records);
    /** The open lease's replicas as its provider's status describes them. */
    void logReplicas(berth::JobId lease, const QList<QJsonObject>& replicas);
    /** The log feed ended: the lease closed (reason empty) or it could not follow. */
    void logsEnded(berth::JobId lease, const QString& reason);
};

} // namespace berth::gui
