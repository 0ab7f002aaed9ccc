#include "orderedreplies.h"

#include <QTcpSocket>

#include <algorithm>

namespace berth {

void OrderedReplies::write(QHttpServerResponder& responder, const RpcResponse& response)
{
    responder.write(response.body, response.mime_type.constData(), static_cast<QHttpServerResponder::StatusCode>(response.status));
}

OrderedReplies::Ticket OrderedReplies::owe(QTcpSocket* socket, QHttpServerResponder&& responder)
{
    const Ticket ticket = m_next++;
    auto [it, first] = m_owed.try_emplace(socket);
    // The responder writes to the socket, which Qt deletes once the client is gone.
    if (first) connect(socket, &QObject::destroyed, this, [this, socket] { forget(socket); });
    it->second.push_back(Owed{ticket, std::move(responder), std::nullopt});
    m_connection_of.emplace(ticket, socket);
    return ticket;
}

void OrderedReplies::fulfil(Ticket ticket, const RpcResponse& response)
{
    const auto it = m_connection_of.find(ticket);
    if (it == m_connection_of.end()) return; // its connection closed
    QTcpSocket* socket = it->second;
    std::deque<Owed>& owed = m_owed.at(socket);
    std::find_if(owed.begin(), owed.end(), [ticket](const Owed& o) { return o.ticket == ticket; })->response = response;
    write_ready(socket);
}

void OrderedReplies::write_ready(QTcpSocket* socket)
{
    std::deque<Owed>& owed = m_owed.at(socket);
    while (!owed.empty() && owed.front().response) {
        Owed& front = owed.front();
        // A connection evicted or timed out is closed before Qt deletes it: nothing to write to.
        if (socket->state() == QAbstractSocket::ConnectedState) write(front.responder, *front.response);
        m_connection_of.erase(front.ticket);
        owed.pop_front();
    }
}

void OrderedReplies::forget(QTcpSocket* socket)
{
    const auto it = m_owed.find(socket);
    if (it == m_owed.end()) return;
    for (const Owed& o : it->second) m_connection_of.erase(o.ticket);
    m_owed.erase(it);
}

} // namespace berth
