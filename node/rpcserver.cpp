#include "rpcserver.h"

#include "devnet.h"
#include "jsonfields.h"
#include "jsonview.h"
#include "logging.h"
#include "node.h"
#include "qtbytes.h"

#include <decoder.h>
#include <escrow.h>

#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>
#include <QWebSocket>

#include <stdexcept>

namespace berth {

namespace {

using Status = QHttpServerResponder::StatusCode;
using Method = QHttpServerRequest::Method;

QHttpServerResponse error(Status status, const QString& code, const QString& message)
{
    return QHttpServerResponse(QJsonObject{{"error", QJsonObject{{"code", code}, {"message", message}}}}, status);
}

QHttpServerResponse error(Status status, const std::string& code, const std::string& message)
{
    return error(status, QString::fromStdString(code), QString::fromStdString(message));
}

std::optional<std::uint64_t> parse_id(const QString& text)
{
    bool ok = false;
    const qulonglong value = text.toULongLong(&ok);
    if (!ok || text.startsWith(QLatin1Char('+')) || text.startsWith(QLatin1Char('-'))) return std::nullopt;
    return value;
}

std::optional<QHttpServerResponse> refuse_oversized(const QHttpServerRequest& request)
{
    if (request.body().size() <= RpcServer::max_body_bytes) return std::nullopt;
    return error(Status::PayloadTooLarge, QStringLiteral("payload_too_large"),
                 QStringLiteral("the body is %1 bytes; the limit is %2").arg(request.body().size()).arg(RpcServer::max_body_bytes));
}

QJsonObject parse_body(const QHttpServerRequest& request)
{
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(request.body(), &parse);
    if (parse.error != QJsonParseError::NoError) throw std::invalid_argument("the body is not valid JSON: " + parse.errorString().toStdString());
    if (!doc.isObject()) throw std::invalid_argument("the body must be a JSON object");
    return doc.object();
}

} // namespace

RpcServer::RpcServer(Node& node) : m_node(node)
{
    add_routes();
    connect(&m_node, &Node::blockCommitted, this, &RpcServer::on_block);
    connect(&m_server, &QAbstractHttpServer::newWebSocketConnection, this, &RpcServer::accept_stream_clients);
}

RpcServer::~RpcServer() = default;

quint16 RpcServer::listen(const QHostAddress& address, quint16 port)
{
    const quint16 bound = m_server.listen(address, port);
    if (bound == 0)
        throw std::runtime_error("cannot listen for RPC on " + address.toString().toStdString() + ":" + std::to_string(port) +
                                 " (in use, or not a local address)");
    return bound;
}

void RpcServer::add_routes()
{
    // Routes that act on a body refuse an oversized one first; this answers the rest the same way.
    m_server.afterRequest([](QHttpServerResponse&& response, const QHttpServerRequest& request) {
        if (auto refusal = refuse_oversized(request)) return std::move(*refusal);
        return std::move(response);
    });
    m_server.setMissingHandler([](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        const QJsonObject body{{"error", QJsonObject{{"code", "unknown_route"},
                                                     {"message", QStringLiteral("no route for %1").arg(request.url().path())}}}};
        responder.write(QJsonDocument(body), Status::NotFound);
    });

    m_server.route("/status", Method::Get, [this] {
        const Ledger& ledger = m_node.ledger();
        return QHttpServerResponse(QJsonObject{{"chain_id", QString::fromStdString(ledger.params().chain_id)},
                                               {"height", QString::number(ledger.height())},
                                               {"state_root", QString::fromStdString(ledger.state_root().hex())},
                                               {"block_ms", QString::number(ledger.params().block_ms)},
                                               {"time_ms", QString::number(ledger.time_ms())},
                                               {"mempool", static_cast<int>(m_node.mempool_size())},
                                               {"producer", m_node.is_producer()},
                                               {"datadir", m_node.config().datadir}});
    });
    m_server.route("/genesis", Method::Get, [this] {
        return QHttpServerResponse("application/json", m_node.genesis().to_json());
    });
    m_server.route("/names", Method::Get, [this] {
        QJsonObject names;
        for (auto it = m_node.genesis().names.begin(); it != m_node.genesis().names.end(); ++it)
            names.insert(it.key(), QString::fromStdString(it.value().str()));
        return QHttpServerResponse(names);
    });
    m_server.route("/providers", Method::Get, [this] {
        const State& state = m_node.ledger().state();
        QJsonArray out;
        for (const auto& [address, provider] : state.providers.rows())
            out.append(jsonview::provider(address, provider, state.accounts.find(address)));
        return QHttpServerResponse(out);
    });
    m_server.route("/providers/<arg>", Method::Get, [this](const QString& text) {
        const auto address = Address::parse(text.toStdString());
        if (!address) return error(Status::BadRequest, "invalid_argument", "'" + text.toStdString() + "' is not a berth address");
        const State& state = m_node.ledger().state();
        const Provider* provider = state.providers.find(*address);
        if (!provider) return error(Status::NotFound, "unknown_id", "no provider " + address->str());
        return QHttpServerResponse(jsonview::provider(*address, *provider, state.accounts.find(*address)));
    });
    m_server.route("/accounts/<arg>", Method::Get, [this](const QString& text) {
        const auto address = Address::parse(text.toStdString());
        if (!address) return error(Status::BadRequest, "invalid_argument", "'" + text.toStdString() + "' is not a berth address");
        const Account* account = m_node.ledger().state().accounts.find(*address);
        QJsonObject out = jsonview::account(*address, account ? *account : Account{});
        out.insert("next_nonce", QString::number(m_node.next_nonce(*address)));
        return QHttpServerResponse(out);
    });
    auto list_jobs = [this](const QHttpServerRequest& request, bool orders_only) {
        const QUrlQuery query(request.url());
        std::optional<Address> owner, provider;
        if (query.hasQueryItem("owner") && !(owner = Address::parse(query.queryItemValue("owner").toStdString())))
            return error(Status::BadRequest, "invalid_argument", std::string("'owner' is not a berth address"));
        if (query.hasQueryItem("provider") && !(provider = Address::parse(query.queryItemValue("provider").toStdString())))
            return error(Status::BadRequest, "invalid_argument", std::string("'provider' is not a berth address"));
        QJsonArray out;
        const std::uint64_t now = m_node.ledger().time_ms();
        for (const auto& [id, job] : m_node.ledger().state().jobs.rows()) {
            if (orders_only && job.state != JobState::ProviderLookup) continue;
            if (owner && job.owner != *owner) continue;
            if (provider && job.provider != *provider) continue;
            out.append(jsonview::lease(job, now));
        }
        return QHttpServerResponse(out);
    };
    m_server.route("/leases", Method::Get, [list_jobs](const QHttpServerRequest& r) { return list_jobs(r, false); });
    m_server.route("/orders", Method::Get, [list_jobs](const QHttpServerRequest& r) { return list_jobs(r, true); });
    m_server.route("/leases/<arg>", Method::Get, [this](const QString& text) {
        const auto id = parse_id(text);
        if (!id) return error(Status::BadRequest, "invalid_argument", "'" + text.toStdString() + "' is not a lease id");
        const Job* job = m_node.ledger().state().jobs.find(*id);
        if (!job) return error(Status::NotFound, "unknown_id", "no lease " + text.toStdString());
        return QHttpServerResponse(jsonview::lease(*job, m_node.ledger().time_ms()));
    });
    m_server.route("/blocks/<arg>", Method::Get, [this](const QString& text) {
        const auto height = parse_id(text);
        if (!height) return error(Status::BadRequest, "invalid_argument", "'" + text.toStdString() + "' is not a height");
        const auto block = m_node.store().block(*height);
        if (!block) return error(Status::NotFound, "unknown_id", "no block at height " + text.toStdString());
        return QHttpServerResponse(jsonview::block(*block));
    });
    m_server.route("/blocks/<arg>/raw", Method::Get, [this](const QString& text) {
        const auto height = parse_id(text);
        if (!height) return error(Status::BadRequest, "invalid_argument", "'" + text.toStdString() + "' is not a height");
        const auto block = m_node.store().block(*height);
        if (!block) return error(Status::NotFound, "unknown_id", "no block at height " + text.toStdString());
        const Bytes data = block->encode();
        return QHttpServerResponse("application/octet-stream", to_qbytearray(data));
    });
    m_server.route("/events", Method::Get, [this](const QHttpServerRequest& request) {
        const QUrlQuery query(request.url());
        std::uint64_t since = 0;
        std::optional<JobId> lease;
        std::uint64_t limit = 1000;
        if (query.hasQueryItem("since")) {
            const auto v = parse_id(query.queryItemValue("since"));
            if (!v) return error(Status::BadRequest, "invalid_argument", std::string("'since' must be a height"));
            since = *v;
        }
        if (query.hasQueryItem("lease")) {
            lease = parse_id(query.queryItemValue("lease"));
            if (!lease) return error(Status::BadRequest, "invalid_argument", std::string("'lease' must be a lease id"));
        }
        if (query.hasQueryItem("limit")) {
            const auto v = parse_id(query.queryItemValue("limit"));
            if (!v || *v == 0 || *v > 10000) return error(Status::BadRequest, "invalid_argument", std::string("'limit' must be 1 to 10000"));
            limit = *v;
        }
        QJsonArray out;
        for (const StoredEvent& e : m_node.store().events(since, lease, limit)) out.append(jsonview::event(e.height, e.event));
        return QHttpServerResponse(out);
    });
    m_server.route("/tx", Method::Post, [this](const QHttpServerRequest& request) {
        if (auto refusal = refuse_oversized(request)) return std::move(*refusal);
        QJsonObject body;
        Bytes raw;
        try {
            body = parse_body(request);
            const auto bytes = from_hex(json::string(body, "tx").toStdString());
            if (!bytes) throw std::invalid_argument("'tx' must be hex");
            raw = *bytes;
        } catch (const std::invalid_argument& e) {
            return error(Status::BadRequest, std::string("malformed"), std::string(e.what()));
        }
        Transaction tx;
        try {
            tx = Transaction::decode(raw);
        } catch (const DecodeError& e) {
            return error(Status::BadRequest, "malformed", std::string("not a transaction: ") + e.what());
        }
        if (auto rejection = m_node.submit(tx)) {
            const Status status = rejection->code == "mempool_full" ? Status::ServiceUnavailable
                                  : rejection->code == "not_producer" ? Status::Conflict
                                                                      : Status::UnprocessableEntity;
            return error(status, rejection->code, rejection->message);
        }
        return QHttpServerResponse(QJsonObject{{"id", QString::fromStdString(tx.id().hex())}, {"status", "pending"}}, Status::Accepted);
    });
    m_server.route("/tx/<arg>", Method::Get, [this](const QString& text) {
        const auto id = Hash256::from_hex(text.toStdString());
        if (!id) return error(Status::BadRequest, "invalid_argument", "'" + text.toStdString() + "' is not a transaction id");
        const TxStatus s = m_node.status(*id);
        static const char* const names[] = {"unknown", "pending", "included", "rejected"};
        QJsonObject out{{"id", text}, {"status", names[static_cast<int>(s.kind)]}};
        if (s.kind == TxStatus::Kind::Unknown) return error(Status::NotFound, "unknown_id", "no transaction " + text.toStdString());
        if (s.kind != TxStatus::Kind::Pending) out.insert("height", QString::number(s.height));
        if (s.created_job) out.insert("order_id", QString::number(s.created_job));
        if (s.kind == TxStatus::Kind::Rejected)
            out.insert("error", QJsonObject{{"code", QString::fromStdString(s.code)}, {"message", QString::fromStdString(s.message)}});
        return QHttpServerResponse(out);
    });
    m_server.route("/faucet", Method::Post, [this](const QHttpServerRequest& request) {
        if (auto refusal = refuse_oversized(request)) return std::move(*refusal);
        const auto faucet = m_node.named(QStringLiteral("faucet"));
        if (!m_node.config().devnet || !faucet || !m_node.is_producer())
            return error(Status::Forbidden, "devnet_only", std::string("the faucet exists only on the devnet's producing node"));
        Address to;
        Amount usdc = 0, pond = 0;
        try {
            const QJsonObject body = parse_body(request);
            to = json::address(body, "address");
            if (body.contains("usdc")) usdc = json::amount(body, "usdc");
            if (body.contains("pond")) pond = json::amount(body, "pond");
        } catch (const std::invalid_argument& e) {
            return error(Status::BadRequest, std::string("malformed"), std::string(e.what()));
        }
        if (usdc == 0 && pond == 0) return error(Status::BadRequest, "invalid_argument", std::string("ask for some usdc or pond"));
        const PrivateKey key = Devnet::demo_key(QStringLiteral("faucet"));
        QJsonArray ids;
        for (const auto& [denom, amount] : {std::pair{Denom::USDC, usdc}, std::pair{Denom::POND, pond}}) {
            if (amount == 0) continue;
            const Transaction t = Transaction::make(m_node.ledger().params().chain_id, key, m_node.next_nonce(*faucet),
                                                    tx::Transfer{to, denom, amount});
            if (auto rejection = m_node.submit(t)) return error(Status::UnprocessableEntity, rejection->code, rejection->message);
            ids.append(QString::fromStdString(t.id().hex()));
        }
        return QHttpServerResponse(QJsonObject{{"txs", ids}}, Status::Accepted);
    });
}

void RpcServer::accept_stream_clients()
{
    while (m_server.hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = m_server.nextPendingWebSocketConnection();
        if (socket->requestUrl().path() != QLatin1String("/events/stream")) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("the event stream is at /events/stream"));
            continue;
        }
        QWebSocket* raw = socket.get();
        connect(raw, &QWebSocket::disconnected, this, [this, raw] {
            std::erase_if(m_stream_clients, [raw](const auto& s) { return s.get() == raw; });
        });
        m_stream_clients.push_back(std::move(socket));
    }
}

void RpcServer::on_block(const BlockHeader& header, const std::vector<Event>& events)
{
    if (m_stream_clients.empty()) return;
    for (const Event& e : events) {
        const QString text = QString::fromUtf8(QJsonDocument(jsonview::event(header.height, e)).toJson(QJsonDocument::Compact));
        for (const auto& client : m_stream_clients) client->sendTextMessage(text);
    }
}

} // namespace berth
