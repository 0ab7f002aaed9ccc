#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace berth {

/**
 * The bounds of one of the node's HTTP listeners (the RPC, a provider's manifest server), each
 * with the name the documentation gives it. ConnectionLimiter enforces them on every connection
 * before Qt HttpServer buffers anything: a request head over max_head_bytes, a body announced
 * over max_body_bytes or a body without a Content-Length is answered with an error and the
 * connection closed; a connection that sends nothing for idle_timeout_ms is closed; and when
 * max_connections are open, a new one closes the connection idle the longest, or is refused
 * when every open one is busy.
 */
struct HttpLimits {
    /** rpc_max_connections / manifest_max_connections */
    int max_connections = 128;
    /** rpc_idle_timeout / manifest_idle_timeout */
    int idle_timeout_ms = 30000;
    /** http_max_head_bytes: the request line and headers together. */
    qsizetype max_head_bytes = 16 * 1024;
    /** rpc_max_body_bytes / manifest_max_bytes */
    qsizetype max_body_bytes = 64 * 1024;
    /** The limit's name in the documentation, which the answer cites. */
    QByteArray body_limit_name = "rpc_max_body_bytes";
    /** The error code of a body over max_body_bytes. */
    QByteArray body_error_code = "payload_too_large";
    /** How the answers name the listener: "the RPC", "the manifest server". */
    QByteArray listener_name = "the RPC";
};

} // namespace berth
