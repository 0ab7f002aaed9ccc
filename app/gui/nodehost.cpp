#include "nodehost.h"

#include "nodeworker.h"

#include <QDateTime>
#include <QJSEngine>
#include <QPointer>

namespace berth::gui {

namespace {
QPointer<NodeHost> g_instance;
}

NodeHost::NodeHost(NodeConfig config, QObject* parent) : QObject(parent), m_config(std::move(config))
{
    qRegisterMetaType<NodeSnapshot>();
    qRegisterMetaType<BlockDelta>();
    m_thread.setObjectName(QStringLiteral("berth-node"));
    m_worker = std::make_unique<NodeWorker>(m_config);
    m_worker->moveToThread(&m_thread);
    // Queued both ways: the worker's slots run on the node thread, these handlers on ours.
    connect(m_worker.get(), &NodeWorker::started, this, &NodeHost::on_started, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::failed, this, &NodeHost::on_failed, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::blockApplied, this, &NodeHost::on_block, Qt::QueuedConnection);
    connect(m_worker.get(), &NodeWorker::submitted, this, &NodeHost::transactionSubmitted, Qt::QueuedConnection);
}

NodeHost::~NodeHost()
{
    shutdown();
    if (g_instance == this) g_instance = nullptr;
}

void NodeHost::set_instance(NodeHost* host) { g_instance = host; }

NodeHost* NodeHost::instance() { return g_instance; }

NodeHost* NodeHost::create(QQmlEngine*, QJSEngine*)
{
    NodeHost* host = g_instance;
    if (host) QJSEngine::setObjectOwnership(host, QJSEngine::CppOwnership);
    return host;
}

void NodeHost::start()
{
    if (m_thread.isRunning() || m_stopped) return;
    m_thread.start();
    QMetaObject::invokeMethod(m_worker.get(), &NodeWorker::start, Qt::QueuedConnection);
}

void NodeHost::shutdown()
{
    if (m_stopped) return;
    m_stopped = true;
    if (m_thread.isRunning()) {
        // The worker stops the node on the node thread and then ends that thread's event loop.
        QMetaObject::invokeMethod(m_worker.get(), &NodeWorker::stop, Qt::QueuedConnection);
        m_thread.wait();
    }
    m_worker.reset();
    if (m_running) {
        m_running = false;
        Q_EMIT runningChanged();
    }
}

void NodeHost::submit(const QByteArray& encoded_transaction)
{
    if (!m_worker || !m_thread.isRunning()) {
        Q_EMIT transactionSubmitted(QString(), QStringLiteral("unavailable"), tr("The node is not running."));
        return;
    }
    QMetaObject::invokeMethod(m_worker.get(), [worker = m_worker.get(), encoded_transaction] { worker->submit(encoded_transaction); },
                              Qt::QueuedConnection);
}

QThread* NodeHost::node_object_thread() const { return m_worker ? m_worker->node_thread() : nullptr; }

QString NodeHost::lastBlockTime() const
{
    if (m_block.time_ms == 0) return QString();
    return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(m_block.time_ms), Qt::UTC).toString(Qt::ISODateWithMs);
}

void NodeHost::on_started(const NodeSnapshot& snapshot)
{
    if (m_stopped) return;
    m_block = snapshot.block;
    m_block_ms = snapshot.block_ms;
    m_chain_id = snapshot.chain_id;
    m_rpc_url = snapshot.rpc_url;
    m_providers.load(snapshot.providers);
    m_running = true;
    Q_EMIT runningChanged();
    Q_EMIT blockChanged();
    Q_EMIT snapshotLoaded(snapshot);
}

void NodeHost::on_failed(const QString& message)
{
    // The models keep what they last showed; the pages say the node stopped and why.
    m_error = message;
    m_running = false;
    Q_EMIT errorChanged();
    Q_EMIT runningChanged();
}

void NodeHost::on_block(const BlockDelta& delta)
{
    if (!m_running) return;
    m_block = delta.block;
    m_providers.apply(delta.changed_providers);
    m_events.append(delta.events);
    Q_EMIT blockChanged();
    Q_EMIT blockApplied(delta);
}

} // namespace berth::gui
