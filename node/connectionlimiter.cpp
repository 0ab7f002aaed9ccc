#include "connectionlimiter.h"

#include "connectionguard.h"
#include "logging.h"

#include <QTcpSocket>

#include <algorithm>

namespace berth {

ConnectionLimiter::ConnectionLimiter(HttpLimits limits, QObject* parent) : QObject(parent), m_limits(std::move(limits)) {}

ConnectionLimiter::~ConnectionLimiter() = default;

void ConnectionLimiter::make_room()
{
    while (!m_guards.empty() && m_guards.size() >= static_cast<std::size_t>(std::max(1, m_limits.max_connections))) {
        ConnectionGuard* quietest = *std::max_element(
            m_guards.begin(), m_guards.end(), [](const ConnectionGuard* a, const ConnectionGuard* b) { return a->quiet_ms() < b->quiet_ms(); });
        ++m_evicted;
        if (m_evicted == 1 || m_evicted % 1000 == 0)
            qCWarning(lcRpc).noquote() << QString::fromLatin1(m_limits.listener_name) << "holds its limit of" << m_limits.max_connections
                                       << "connections; closing the quietest ones (" << m_evicted << "so far)";
        quietest->evict();
    }
}

void ConnectionLimiter::watch(QTcpSocket* socket)
{
    m_guards.push_back(new ConnectionGuard(socket, this));
}

void ConnectionLimiter::release(ConnectionGuard* guard)
{
    std::erase(m_guards, guard);
}

} // namespace berth
