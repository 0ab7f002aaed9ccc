#pragma once

#include "rpchandler.h"

#include <QByteArray>

#include <optional>

namespace berth {

class RpcCookie;

/** The parts of an RPC request that decide whether it may be answered at all. */
struct RpcRequestHead {
    QByteArray method;
    QByteArray host;
    QByteArray origin;
    QByteArray content_type;
    QByteArray authorization;
    /** A WebSocket upgrade (of /events/stream). */
    bool upgrade = false;
};

/**
 * Who may use the loopback RPC, decided before any route runs. Every request must name the
 * node itself in Host (127.0.0.1, localhost or [::1] with the node's port), which defeats DNS
 * rebinding: a page whose name now points at 127.0.0.1 still sends its own name. A request that
 * changes state (any method but GET, HEAD and OPTIONS) must come without an Origin or with the
 * node's own, carry a JSON body (Content-Type application/json, which a page cannot send
 * cross-site without a preflight that is never answered) and present the cookie. A WebSocket
 * upgrade must come without a foreign Origin. GETs are otherwise open: they only read, and a
 * foreign page cannot read their answers. Each refusal is a JSON error: forbidden_host,
 * forbidden_origin (403), unsupported_media_type (415), unauthorized (401).
 */
class RpcAccess
{
public:
    RpcAccess(quint16 port, const RpcCookie& cookie) : m_port(port), m_cookie(cookie) {}

    std::optional<RpcResponse> refusal(const RpcRequestHead& request) const;

    /** Whether a Host header names this node: a loopback name with the node's port. */
    bool is_own_host(const QByteArray& host) const;
    /** Whether an Origin is this node's own page (http://HOST:PORT with a loopback name). */
    bool is_own_origin(const QByteArray& origin) const;

private:
    quint16 m_port;
    const RpcCookie& m_cookie;
};

} // namespace berth
