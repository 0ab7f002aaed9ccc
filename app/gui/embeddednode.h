#pragma once

#include "nodeclient.h"

#include <nodeconfig.h>

#include <QThread>

#include <functional>
#include <memory>

namespace berth::gui {

class LeaseLogFeed;
class NodeWorker;

/**
 * The app's NodeClient: a real node on a thread of its own. Each request is queued to the
 * NodeWorker on that thread, and the worker's signals come back to this object on the GUI
 * thread through queued connections, so the caller never waits on the node and never touches
 * it. Stopping stops the node on its own thread and joins the thread.
 */
class EmbeddedNode final : public NodeClient
{
    Q_OBJECT

public:
    /** `identity` is the keystore account the GUI starts as; a devnet demo account unlocks without a passphrase. */
    EmbeddedNode(NodeConfig config, const QString& identity, QObject* parent = nullptr);
    ~EmbeddedNode() override;

    void start() override;
    void stop() override;
    bool is_running() const override { return m_running; }
    QThread* node_thread() const override;

    void submit_transaction(const QByteArray& encoded) override;
    void send_as_identity(NodeAction action, JobId lease, const tx::Payload& payload) override;
    void place_order(const OrderRequest& request) override;
    void publish_certificate() override;
    void switch_identity(const QString& name, const QString& passphrase) override;
    void create_account(const QString& name, const QString& passphrase) override;
    void import_account(const QString& name, const QString& path) override;
    void export_account(const QString& name, const QString& path) override;
    void open_logs(JobId lease) override;
    void close_logs() override;

private:
    /** True while the node thread runs and can take requests. */
    bool reachable() const;
    /** Runs `task` on the node thread. */
    void queue(std::function<void(NodeWorker&)> task);
    /** Queues `task`, or reports `action` as unavailable when the node is not running. */
    void post(NodeAction action, std::function<void(NodeWorker&)> task);

    QThread m_thread;
    std::unique_ptr<NodeWorker> m_worker;
    /** Lives on the node thread; destroyed after it has stopped. */
    std::unique_ptr<LeaseLogFeed> m_log_feed;
    bool m_running = false;
    bool m_stopped = false;
};

} // namespace berth::gui
