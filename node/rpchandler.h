#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <optional>

namespace berth {

class Node;

/** One RPC answer: an HTTP status, a MIME type and the body. */
struct RpcResponse {
    int status = 200;
    QByteArray mime_type = "application/json";
    QByteArray body;
};

/**
 * The node's RPC routes, as a function from one request (method, URL, body) to one answer,
 * without sockets: status, genesis, names, providers, accounts, orders and leases, blocks,
 * events since a height, transaction submission (one, or a batch) and status, and the devnet faucet. Every
 * failure is a 4xx/5xx answer with {"error":{"code","message"}}: an unknown route is 404, a
 * known route with the wrong method 405, a body over max_body_bytes 413. RpcServer puts it
 * behind HTTP; the RPC fuzz target calls it directly. It reads and submits to the node on the
 * node's thread.
 */
class RpcHandler
{
public:
    static constexpr qsizetype max_body_bytes = 64 * 1024;
    /** The most transactions one POST /txs may carry; max_body_bytes bounds a batch's size as any body's. */
    static constexpr qsizetype max_batch_transactions = 500;

    explicit RpcHandler(Node& node) : m_node(node) {}

    RpcResponse handle(const QByteArray& method, const QUrl& url, const QByteArray& body);

private:
    RpcResponse route_get(const QStringList& parts, const QUrl& url);
    RpcResponse jobs(const QUrl& url, bool orders_only);
    RpcResponse block(const QString& height_text, bool raw);
    RpcResponse events(const QUrl& url);
    RpcResponse submit(const QByteArray& body);
    RpcResponse submit_batch(const QByteArray& body);
    RpcResponse transaction(const QString& id_text);
    RpcResponse faucet(const QByteArray& body);

    Node& m_node;
};

} // namespace berth
