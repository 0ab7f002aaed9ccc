#include "embeddednode.h"

#include "leaselogfeed.h"
#include "nodeworker.h"

namespace berth::gui {

EmbeddedNode::EmbeddedNode(NodeConfig config, const QString& identity, QObject* parent)
    : NodeClient(parent), m_worker(std::make_unique<NodeWorker>(std::move(config), identity)), m_log_feed(std::make_unique<LeaseLogFeed>())
{
    m_thread.setObjectName(QStringLiteral("berth-node"));
    m_worker->moveToThread(&m_thread);
    m_log_feed->moveToThread(&m_thread);
    // Every connection is queued: the worker emits on the node thread, this object lives on the GUI thread.
    connect(
        m_worker.get(), &NodeWorker::started, this,
        [this](const NodeSnapshot& snapshot) {
            if (m_stopped) return;
            m_running = true;
            Q_EMIT started(snapshot);
        },
        Qt::QueuedConnection);
    connect(
        m_worker.get(), &NodeWorker::failed, this,
        [this](const QString& message) {
            m_running = false;
            Q_EMIT failed(message);
        },
        Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::providersLoaded, this, &NodeClient::providersLoaded, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::blockApplied, this, &NodeClient::blockApplied, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::actionFinished, this, &NodeClient::actionFinished, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::orderCreated, this, &NodeClient::orderCreated, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::orderProgress, this, &NodeClient::orderProgress, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::uploadProgress, this, &NodeClient::uploadProgress, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::identitySwitched, this, &NodeClient::identitySwitched, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::accountsChanged, this, &NodeClient::accountsChanged, Qt::QueuedConnection);
    connect(m_log_feed.get(), &LeaseLogFeed::records, this, &NodeClient::logRecords, Qt::QueuedConnection);
    connect(m_log_feed.get(), &LeaseLogFeed::replicas, this, &NodeClient::logReplicas, Qt::QueuedConnection);
    connect(m_log_feed.get(), &LeaseLogFeed::ended, this, &NodeClient::logsEnded, Qt::QueuedConnection);
}

EmbeddedNode::~EmbeddedNode()
{
    stop();
}

QThread* EmbeddedNode::node_thread() const
{
    return m_worker ? m_worker->node_thread() : nullptr;
}

void EmbeddedNode::start()
{
    if (m_thread.isRunning() || m_stopped) return;
    m_thread.start();
    QMetaObject::invokeMethod(m_worker.get(), &NodeWorker::start, Qt::QueuedConnection);
}

void EmbeddedNode::stop()
{
    if (m_stopped) return;
    m_stopped = true;
    m_running = false;
    if (m_thread.isRunning()) {
        // The worker stops the node on the node thread and then ends that thread's event loop.
        QMetaObject::invokeMethod(m_worker.get(), &NodeWorker::stop, Qt::QueuedConnection);
        m_thread.wait();
    }
    m_log_feed.reset();
    m_worker.reset();
}

bool EmbeddedNode::reachable() const
{
    return m_worker && m_thread.isRunning();
}

void EmbeddedNode::queue(std::function<void(NodeWorker&)> task)
{
    // Requests come from the GUI thread and never run there: they are queued to the node thread.
    Q_ASSERT(QThread::currentThread() == thread());
    QMetaObject::invokeMethod(
        m_worker.get(), [worker = m_worker.get(), task = std::move(task)] { task(*worker); }, Qt::QueuedConnection);
}

void EmbeddedNode::post(NodeAction action, std::function<void(NodeWorker&)> task)
{
    if (!reachable()) {
        Q_EMIT actionFinished(ActionOutcome::failure(action, QStringLiteral("unavailable"), tr("The node is not running.")));
        return;
    }
    queue(std::move(task));
}

void EmbeddedNode::submit_transaction(const QByteArray& encoded)
{
    post(NodeAction::Transaction, [encoded](NodeWorker& worker) { worker.submit(encoded); });
}

void EmbeddedNode::send_as_identity(NodeAction action, JobId lease, const tx::Payload& payload)
{
    post(action, [action, lease, payload](NodeWorker& worker) { worker.send(action, lease, payload); });
}

void EmbeddedNode::place_order(const OrderRequest& request)
{
    post(NodeAction::PlaceOrder, [request](NodeWorker& worker) { worker.place_order(request); });
}

void EmbeddedNode::publish_certificate()
{
    post(NodeAction::PublishCertificate, [](NodeWorker& worker) { worker.publish_certificate(); });
}

void EmbeddedNode::switch_identity(const QString& name, const QString& passphrase)
{
    post(NodeAction::SwitchIdentity, [name, passphrase](NodeWorker& worker) { worker.switch_identity(name, passphrase); });
}

void EmbeddedNode::create_account(const QString& name, const QString& passphrase)
{
    post(NodeAction::CreateAccount, [name, passphrase](NodeWorker& worker) { worker.create_account(name, passphrase); });
}

void EmbeddedNode::import_account(const QString& name, const QString& path)
{
    post(NodeAction::ImportAccount, [name, path](NodeWorker& worker) { worker.import_account(name, path); });
}

void EmbeddedNode::export_account(const QString& name, const QString& path)
{
    post(NodeAction::ExportAccount, [name, path](NodeWorker& worker) { worker.export_account(name, path); });
}

void EmbeddedNode::open_logs(JobId lease)
{
    if (!reachable()) {
        Q_EMIT logsEnded(lease, tr("The node is not running."));
        return;
    }
    queue([feed = m_log_feed.get(), lease](NodeWorker& worker) { worker.open_logs(*feed, lease); });
}

void EmbeddedNode::close_logs()
{
    if (m_thread.isRunning()) QMetaObject::invokeMethod(m_log_feed.get(), &LeaseLogFeed::close, Qt::QueuedConnection);
}

} // namespace berth::gui
