#pragma once

#include "connectionlimiter.h"

#include <QTcpSocket>

namespace berth {

/**
 * A listener (QTcpServer, or QSslServer for TLS) whose connections a ConnectionLimiter bounds:
 * it makes room before it accepts a connection and hands the limiter each socket before
 * QAbstractHttpServer, to which it is bound, connects to it.
 */
template <class Base>
class BoundedServer : public Base
{
public:
    explicit BoundedServer(const HttpLimits& limits) : m_limiter(new ConnectionLimiter(limits, this)) {}

    ConnectionLimiter& limiter() { return *m_limiter; }

    QTcpSocket* nextPendingConnection() override
    {
        QTcpSocket* socket = Base::nextPendingConnection();
        if (socket) m_limiter->watch(socket);
        return socket;
    }

protected:
    void incomingConnection(qintptr handle) override
    {
        m_limiter->make_room();
        Base::incomingConnection(handle);
    }

private:
    ConnectionLimiter* m_limiter;
};

} // namespace berth
