#pragma once

#include "blockdelta.h"
#include "nodesnapshot.h"
#include "orderprogress.h"
#include "orderrequest.h"

#include <address.h>
#include <amount.h>
#include <event.h>
#include <job.h>
#include <hash.h>
#include <nodeconfig.h>
#include <privatekey.h>
#include <tenantagent.h>
#include <transaction.h>

#include <QByteArray>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

class QThread;

namespace berth {
class Node;
struct BlockHeader;
} // namespace berth

namespace berth::gui {

/**
 * The node's side of the GUI bridge. It lives on the node thread, creates and owns the Node
 * there, and turns what the node does into value-type signals (a snapshot once, a delta per
 * block, the result of each submission) that NodeHost receives through queued connections.
 * Nothing outside this object touches the Node.
 */
class NodeWorker : public QObject
{
    Q_OBJECT

public:
    /** `identity` names the devnet demo account whose leases are listed and whose key signs lease actions. */
    NodeWorker(NodeConfig config, const QString& identity);
    ~NodeWorker() override;

    /** The thread the Node object lives on, once started; for checks from other threads. */
    QThread* node_thread() const { return m_node_thread.load(); }

public Q_SLOTS:
    void start();
    /** Stops and destroys the node, then ends the thread's event loop. */
    void stop();
    void submit(const QByteArray& encoded_transaction);
    /** Signs and submits an action on the identity's lease `job` (a top-up, update or close). */
    void lease_action(JobId job, const tx::Payload& payload);
    /**
     * Publishes the identity's TLS certificate first if the chain lacks it, stores the
     * manifest, signs and submits the CreateOrder, and from then on reports the order's
     * progress every block and has the node upload the manifest once the lease is ready.
     */
    void create_order(const berth::gui::OrderRequest& request);

Q_SIGNALS:
    void started(const berth::gui::NodeSnapshot& snapshot);
    void failed(const QString& message);
    void blockApplied(const berth::gui::BlockDelta& delta);
    void submitted(const QString& transaction_id, const QString& error_code, const QString& error_message);
    /** The node's answer to a lease action; an empty code means accepted into the mempool. */
    void leaseActionDone(const QString& lease_id, const QString& error_code, const QString& error_message);
    /** The node's answer to create_order; an empty code means the order is in the mempool. */
    void orderSubmitted(const QString& error_code, const QString& error_message);
    /** The order was included in a block and became job `job`. */
    void orderCreated(berth::JobId job);
    void orderProgress(const berth::gui::OrderProgress& progress);
    void uploadProgress(berth::JobId lease, berth::TenantAgent::UploadStage stage, const QString& message);

private:
    void on_block(const BlockHeader& header, const std::vector<Event>& events);
    BlockSummary summary(const BlockHeader& header) const;
    /** The key that signs for the current identity. */
    PrivateKey signing_key() const;
    /** Submits a PublishCertificate when the chain does not hold the identity's stored certificate; throws on failure. */
    void ensure_certificate(const PrivateKey& key);
    /** Reports the pending order's inclusion and the tracked order's progress. */
    void follow_order(const BlockHeader& header);
    OrderProgress progress_of(const Job& job, std::uint64_t height) const;

    NodeConfig m_config;
    QString m_identity;
    Address m_owner;
    std::unique_ptr<Node> m_node;
    std::atomic<QThread*> m_node_thread = nullptr;
    /** The Deploy wizard's order, before and after it is on chain. */
    std::optional<Hash256> m_pending_order;
    JobId m_tracked_job = 0;
};

} // namespace berth::gui
