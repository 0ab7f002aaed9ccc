#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <functional>
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
 * node's thread; a submission is answered once the node admitted it, which is later than the
 * request when its signatures are checked on other threads.
 */
class RpcHandler
{
public:
    static constexpr qsizetype max_body_bytes = 64 * 1024;
    /** The most transactions one POST /txs may carry; max_body_bytes bounds a batch's size as any body's. */
    static constexpr qsizetype max_batch_transactions = 500;

    explicit RpcHandler(Node& node) : m_node(node) {}

    /** Receives the answer to one request, on the node's thread. */
    using Reply = std::function<void(const RpcResponse& response)>;
    /**
     * Answers one request through `reply`: at once, or, for a submission, once the node admitted
     * it, its signatures checked off the node's thread (Node::submit_async).
     */
    void handle(const QByteArray& method, const QUrl& url, const QByteArray& body, const Reply& reply);
    /** The answer to one request; a submission is admitted before this returns (for callers without an event loop). */
    RpcResponse handle(const QByteArray& method, const QUrl& url, const QByteArray& body);

private:
    RpcResponse route_get(const QStringList& parts, const QUrl& url);
    RpcResponse jobs(const QUrl& url, bool orders_only);
    RpcResponse block(const QString& height_text, bool raw);
    RpcResponse events(const QUrl& url);
    void submit(const QByteArray& body, const Reply& reply);
    void submit_batch(const QByteArray& body, const Reply& reply);
    RpcResponse transaction(const QString& id_text);
    RpcResponse faucet(const QByteArray& body);

    Node& m_node;
};

} // namespace berth
