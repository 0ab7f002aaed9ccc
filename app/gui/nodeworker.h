#pragma once

#include "actionoutcome.h"
#include "blockdelta.h"
#include "identitysnapshot.h"
#include "nodesnapshot.h"
#include "orderprogress.h"
#include "orderrequest.h"

#include <event.h>
#include <job.h>
#include <nodeconfig.h>
#include <tenantagent.h>
#include <transaction.h>

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

class QThread;

namespace berth {
class Node;
struct BlockHeader;
} // namespace berth

namespace berth::gui {

class CertificateKeeper;
class ChainSnapshots;
class IdentitySession;
class LeaseLogFeed;
class OrderFollower;

/**
 * The embedded node's side of the GUI bridge: it lives on the node thread, creates and owns the
 * Node there with the identity, certificate, order and snapshot helpers that act on it, and runs
 * each request EmbeddedNode queues. Everything it reports leaves as value-type signals, which
 * EmbeddedNode passes on to the GUI thread. Only this object touches the Node.
 */
class NodeWorker : public QObject
{
    Q_OBJECT

public:
    /** `identity` names the keystore account the GUI starts as (a devnet demo account unlocks by itself). */
    NodeWorker(NodeConfig config, const QString& identity);
    ~NodeWorker() override;

    /** The thread the Node object lives on, once started; for checks from other threads. */
    QThread* node_thread() const { return m_node_thread.load(); }

    void start();
    /** Stops and destroys the node, then ends the thread's event loop. */
    void stop();
    void submit(const QByteArray& encoded_transaction);
    void send(NodeAction action, JobId lease, const tx::Payload& payload);
    void place_order(const OrderRequest& request);
    void publish_certificate();
    void switch_identity(const QString& name, const QString& passphrase);
    void create_account(const QString& name, const QString& passphrase);
    void import_account(const QString& name, const QString& path);
    void export_account(const QString& name, const QString& path);
    /** Has `feed` follow the lease's logs at its provider, as the identity; or tells it why it cannot. */
    void open_logs(LeaseLogFeed& feed, JobId lease);

Q_SIGNALS:
    void started(const berth::gui::NodeSnapshot& snapshot);
    void providersLoaded(const berth::gui::ProviderChunk& chunk);
    void failed(const QString& message);
    void blockApplied(const berth::gui::BlockDelta& delta);
    void actionFinished(const berth::gui::ActionOutcome& outcome);
    void orderCreated(berth::JobId job);
    void orderProgress(const berth::gui::OrderProgress& progress);
    void uploadProgress(berth::JobId lease, berth::TenantAgent::UploadStage stage, const QString& message);
    void identitySwitched(const berth::gui::IdentitySnapshot& snapshot);
    void accountsChanged(const QList<berth::gui::AccountRow>& accounts);

private:
    void on_block(const BlockHeader& header, const std::vector<Event>& events);
    /** True when the node runs; otherwise reports `action` as unavailable. */
    bool require_node(NodeAction action);
    IdentitySnapshot identity_snapshot();
    BlockSummary summary(const BlockHeader& header) const;

    NodeConfig m_config;
    QString m_start_identity;
    std::unique_ptr<Node> m_node;
    std::unique_ptr<IdentitySession> m_identity;
    std::unique_ptr<CertificateKeeper> m_certificates;
    std::unique_ptr<OrderFollower> m_order;
    std::unique_ptr<ChainSnapshots> m_snapshots;
    std::atomic<QThread*> m_node_thread = nullptr;
};

} // namespace berth::gui
