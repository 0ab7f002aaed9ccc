#pragma once

#include "blockdelta.h"
#include "nodesnapshot.h"

#include <address.h>
#include <amount.h>
#include <event.h>
#include <job.h>
#include <nodeconfig.h>

#include <QByteArray>
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
    /** Signs and submits a DepositEscrow (amount > 0) or a CloseLease (amount 0) for the identity's lease. */
    void lease_action(JobId job, const Amount& amount);

Q_SIGNALS:
    void started(const berth::gui::NodeSnapshot& snapshot);
    void failed(const QString& message);
    void blockApplied(const berth::gui::BlockDelta& delta);
    void submitted(const QString& transaction_id, const QString& error_code, const QString& error_message);
    /** The node's answer to a lease action; an empty code means accepted into the mempool. */
    void leaseActionDone(const QString& lease_id, const QString& error_code, const QString& error_message);

private:
    void on_block(const BlockHeader& header, const std::vector<Event>& events);
    BlockSummary summary(const BlockHeader& header) const;

    NodeConfig m_config;
    QString m_identity;
    Address m_owner;
    std::unique_ptr<Node> m_node;
    std::atomic<QThread*> m_node_thread = nullptr;
};

} // namespace berth::gui
