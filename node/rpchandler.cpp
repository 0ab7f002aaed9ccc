#include "rpchandler.h"

#include "devnet.h"
#include "jsonreader.h"
#include "jsonview.h"
#include "node.h"
#include "qtbytes.h"

#include <decoder.h>

#include <QJsonDocument>
#include <QUrlQuery>

#include <stdexcept>

namespace berth {

namespace {

RpcResponse answer(const QJsonDocument& document, int status = 200)
{
    return RpcResponse{status, "application/json", document.toJson(QJsonDocument::Compact)};
}

RpcResponse answer(const QJsonObject& object, int status = 200)
{
    return answer(QJsonDocument(object), status);
}

RpcResponse answer(const QJsonArray& array)
{
    return answer(QJsonDocument(array));
}

/** An error's `{"code", "message"}`: the whole answer's, or one transaction's in a batch. */
QJsonObject error_object(const QString& code, const QString& message)
{
    return QJsonObject{{"code", code}, {"message", message}};
}

RpcResponse error(int status, const QString& code, const QString& message)
{
    return answer(QJsonObject{{"error", error_object(code, message)}}, status);
}

RpcResponse error(int status, const std::string& code, const std::string& message)
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

/** The body as an object; throws JsonFieldError (an std::invalid_argument) otherwise. */
JsonReader parse_body(const QByteArray& body)
{
    const JsonReader root = JsonReader::parse(body, QStringLiteral("the body"));
    root.object(QStringLiteral("a JSON object"));
    return root;
}

bool is_get_route(const QStringList& parts)
{
    static const QStringList single = {"status", "genesis", "names", "providers", "leases", "orders", "events"};
    static const QStringList with_argument = {"providers", "accounts", "leases", "blocks", "tx"};
    return (parts.size() == 1 && single.contains(parts[0])) || (parts.size() == 2 && with_argument.contains(parts[0])) ||
           (parts.size() == 3 && parts[0] == QLatin1String("blocks") && parts[2] == QLatin1String("raw"));
}

bool is_post_route(const QStringList& parts)
{
    return parts.size() == 1 && (parts[0] == QLatin1String("tx") || parts[0] == QLatin1String("txs") || parts[0] == QLatin1String("faucet"));
}

/** The transaction a JSON string of hex digits encodes; throws std::invalid_argument saying what is wrong with it. */
Transaction decode_hex_transaction(const JsonReader& field)
{
    const auto bytes = from_hex(field.string(QStringLiteral("a string of hex digits")).toStdString());
    if (!bytes) field.fail(QStringLiteral("must be hex"));
    try {
        return Transaction::decode(*bytes);
    } catch (const DecodeError& e) {
        throw std::invalid_argument(std::string("not a transaction: ") + e.what());
    }
}

} // namespace

RpcResponse RpcHandler::handle(const QByteArray& method, const QUrl& url, const QByteArray& body)
{
    std::optional<RpcResponse> response;
    handle(method, url, body, [&response](const RpcResponse& r) { response = r; });
    if (!response) m_node.admit_submitted();
    return response.value();
}

void RpcHandler::handle(const QByteArray& method, const QUrl& url, const QByteArray& body, const Reply& reply)
{
    if (body.size() > max_body_bytes)
        return reply(error(413, QStringLiteral("payload_too_large"),
                           QStringLiteral("the body is %1 bytes; the limit is %2").arg(body.size()).arg(max_body_bytes)));
    const QString path = url.path();
    // "/a/b" splits into "", "a", "b"; an empty part anywhere else ("/a//b", "/a/") matches no route.
    QStringList parts = path.split(QLatin1Char('/'));
    if (!parts.isEmpty() && parts.front().isEmpty()) parts.pop_front();
    const bool get = is_get_route(parts) && !parts.contains(QString());
    const bool post = is_post_route(parts);
    if (!get && !post) return reply(error(404, QStringLiteral("unknown_route"), QStringLiteral("no route for %1").arg(path)));
    if (method == "GET" && get) return reply(route_get(parts, url));
    if (method == "POST" && post) {
        if (parts[0] == QLatin1String("tx")) return submit(body, reply);
        if (parts[0] == QLatin1String("txs")) return submit_batch(body, reply);
        return reply(faucet(body));
    }
    reply(error(
        405, QStringLiteral("method_not_allowed"),
        QStringLiteral("%1 takes %2, not %3").arg(path, get ? QStringLiteral("GET") : QStringLiteral("POST"), QString::fromLatin1(method))));
}

RpcResponse RpcHandler::route_get(const QStringList& parts, const QUrl& url)
{
    const QString& route = parts[0];
    const QString argument = parts.value(1);
    if (route == QLatin1String("status")) {
        const Ledger& ledger = m_node.ledger();
        return answer(QJsonObject{{"chain_id", QString::fromStdString(ledger.params().chain_id)},
                                  {"height", QString::number(ledger.height())},
                                  {"state_root", QString::fromStdString(ledger.state_root().hex())},
                                  {"block_ms", QString::number(ledger.params().block_ms)},
                                  {"time_ms", QString::number(ledger.time_ms())},
                                  {"mempool", static_cast<int>(m_node.mempool_size())},
                                  {"producer", m_node.is_producer()},
                                  {"ordering", jsonview::ordering(m_node.ordering_info())},
                                  {"datadir", m_node.config().datadir}});
    }
    if (route == QLatin1String("genesis")) {
        try {
            return RpcResponse{200, "application/json", m_node.genesis_json()};
        } catch (const std::runtime_error& e) {
            return error(500, std::string("internal"), std::string(e.what()));
        }
    }
    if (route == QLatin1String("names")) {
        QJsonObject names;
        for (auto it = m_node.roster().names.begin(); it != m_node.roster().names.end(); ++it)
            names.insert(it.key(), QString::fromStdString(it.value().str()));
        return answer(names);
    }
    if (route == QLatin1String("providers") || route == QLatin1String("accounts")) {
        const State& state = m_node.ledger().state();
        if (parts.size() == 1) {
            QJsonArray out;
            for (const auto& [address, provider] : state.providers.ordered()) out.append(jsonview::provider(address, provider, state));
            return answer(out);
        }
        const auto address = Address::parse(argument.toStdString());
        if (!address) return error(400, "invalid_argument", "'" + argument.toStdString() + "' is not a berth address");
        if (route == QLatin1String("accounts")) {
            QJsonObject out = jsonview::account(*address, state);
            out.insert("next_nonce", QString::number(m_node.next_nonce(*address)));
            return answer(out);
        }
        const Provider* provider = state.providers.find(*address);
        if (!provider) return error(404, "unknown_id", "no provider " + address->str());
        return answer(jsonview::provider(*address, *provider, state));
    }
    if (route == QLatin1String("leases") && parts.size() == 2) {
        const auto id = parse_id(argument);
        if (!id) return error(400, "invalid_argument", "'" + argument.toStdString() + "' is not a lease id");
        const Job* job = m_node.ledger().state().jobs.find(*id);
        if (!job) return error(404, "unknown_id", "no lease " + argument.toStdString());
        return answer(jsonview::lease(*job, m_node.ledger().time_ms()));
    }
    if (route == QLatin1String("leases") || route == QLatin1String("orders")) return jobs(url, route == QLatin1String("orders"));
    if (route == QLatin1String("blocks")) return block(argument, parts.size() == 3);
    if (route == QLatin1String("events")) return events(url);
    return transaction(argument);
}

RpcResponse RpcHandler::jobs(const QUrl& url, bool orders_only)
{
    const QUrlQuery query(url);
    std::optional<Address> owner, provider;
    if (query.hasQueryItem("owner") && !(owner = Address::parse(query.queryItemValue("owner").toStdString())))
        return error(400, "invalid_argument", std::string("'owner' is not a berth address"));
    if (query.hasQueryItem("provider") && !(provider = Address::parse(query.queryItemValue("provider").toStdString())))
        return error(400, "invalid_argument", std::string("'provider' is not a berth address"));
    QJsonArray out;
    const std::uint64_t now = m_node.ledger().time_ms();
    m_node.ledger().state().jobs.for_each([&](JobId, const Job& job) {
        if (orders_only && job.state != JobState::ProviderLookup) return;
        if (owner && job.owner != *owner) return;
        if (provider && job.provider != *provider) return;
        out.append(jsonview::lease(job, now));
    });
    return answer(out);
}

RpcResponse RpcHandler::block(const QString& height_text, bool raw)
{
    const auto height = parse_id(height_text);
    if (!height) return error(400, "invalid_argument", "'" + height_text.toStdString() + "' is not a height");
    const auto block = m_node.store().block(*height);
    if (!block) return error(404, "unknown_id", "no block at height " + height_text.toStdString());
    if (raw) return RpcResponse{200, "application/octet-stream", to_qbytearray(block->encode())};
    return answer(jsonview::block(*block));
}

RpcResponse RpcHandler::events(const QUrl& url)
{
    const QUrlQuery query(url);
    std::uint64_t since = 0;
    std::optional<JobId> lease;
    std::uint64_t limit = 1000;
    if (query.hasQueryItem("since")) {
        const auto v = parse_id(query.queryItemValue("since"));
        if (!v) return error(400, "invalid_argument", std::string("'since' must be a height"));
        since = *v;
    }
    if (query.hasQueryItem("lease")) {
        lease = parse_id(query.queryItemValue("lease"));
        if (!lease) return error(400, "invalid_argument", std::string("'lease' must be a lease id"));
    }
    if (query.hasQueryItem("limit")) {
        const auto v = parse_id(query.queryItemValue("limit"));
        if (!v || *v == 0 || *v > 10000) return error(400, "invalid_argument", std::string("'limit' must be 1 to 10000"));
        limit = *v;
    }
    QJsonArray out;
    for (const StoredEvent& e : m_node.store().events(since, lease, limit)) out.append(jsonview::event(e.height, e.event));
    return answer(out);
}

void RpcHandler::submit(const QByteArray& body, const Reply& reply)
{
    Transaction tx;
    try {
        tx = decode_hex_transaction(parse_body(body).field("tx"));
    } catch (const std::invalid_argument& e) {
        return reply(error(400, std::string("malformed"), std::string(e.what())));
    }
    m_node.submit_async({std::move(tx)}, [reply](std::vector<AdmissionQueue::Outcome> outcomes) {
        const AdmissionQueue::Outcome& outcome = outcomes.front();
        if (const auto& rejection = outcome.rejection) {
            const int status = rejection->code == "mempool_full" ? 503 : rejection->code == "not_producer" ? 409 : 422;
            return reply(error(status, rejection->code, rejection->message));
        }
        reply(answer(QJsonObject{{"id", QString::fromStdString(outcome.id.hex())}, {"status", "pending"}}, 202));
    });
}

void RpcHandler::submit_batch(const QByteArray& body, const Reply& reply)
{
    QList<JsonReader> elements;
    try {
        elements = parse_body(body).field("txs").elements(QStringLiteral("an array of hex strings"));
    } catch (const std::invalid_argument& e) {
        return reply(error(400, std::string("malformed"), std::string(e.what())));
    }
    if (elements.isEmpty() || elements.size() > max_batch_transactions)
        return reply(
            error(400, QStringLiteral("invalid_argument"),
                  QStringLiteral("'txs' holds %1 transactions; a batch holds 1 to %2").arg(elements.size()).arg(max_batch_transactions)));
    // Each element is answered in its place; the ones that decode are admitted together, in order.
    QJsonArray results;
    std::vector<Transaction> txs;
    std::vector<qsizetype> places;
    for (const JsonReader& element : elements) {
        try {
            txs.push_back(decode_hex_transaction(element));
            places.push_back(results.size());
            results.append(QJsonObject{});
        } catch (const std::invalid_argument& e) {
            results.append(QJsonObject{{"error", error_object(QStringLiteral("malformed"), QString::fromUtf8(e.what()))}});
        }
    }
    m_node.submit_async(std::move(txs), [reply, results, places = std::move(places)](std::vector<AdmissionQueue::Outcome> outcomes) mutable {
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            QJsonObject result{{"id", QString::fromStdString(outcomes[i].id.hex())}};
            if (const auto& rejection = outcomes[i].rejection)
                result.insert("error", error_object(QString::fromStdString(rejection->code), QString::fromStdString(rejection->message)));
            else
                result.insert("status", "pending");
            results[places[i]] = result;
        }
        reply(answer(QJsonObject{{"results", results}}));
    });
}

RpcResponse RpcHandler::transaction(const QString& id_text)
{
    const auto id = Hash256::from_hex(id_text.toStdString());
    if (!id) return error(400, "invalid_argument", "'" + id_text.toStdString() + "' is not a transaction id");
    const TxStatus s = m_node.status(*id);
    if (s.kind == TxStatus::Kind::Unknown) return error(404, "unknown_id", "no transaction " + id_text.toStdString());
    static const char* const names[] = {"unknown", "pending", "included", "rejected"};
    QJsonObject out{{"id", id_text}, {"status", names[static_cast<int>(s.kind)]}};
    if (s.kind != TxStatus::Kind::Pending) out.insert("height", QString::number(s.height));
    if (s.created_job) out.insert("order_id", QString::number(s.created_job));
    if (s.kind == TxStatus::Kind::Rejected)
        out.insert("error", QJsonObject{{"code", QString::fromStdString(s.code)}, {"message", QString::fromStdString(s.message)}});
    return answer(out);
}

RpcResponse RpcHandler::faucet(const QByteArray& body)
{
    const auto faucet = m_node.named(QStringLiteral("faucet"));
    if (!m_node.config().devnet || !faucet || !m_node.is_producer())
        return error(403, "devnet_only", std::string("the faucet exists only on the devnet's producing node"));
    Address to;
    Amount usdc = 0, pond = 0;
    try {
        const JsonReader request = parse_body(body);
        to = request.field("address").address();
        if (const JsonReader field = request.field("usdc"); field.is_present()) usdc = field.amount();
        if (const JsonReader field = request.field("pond"); field.is_present()) pond = field.amount();
    } catch (const std::invalid_argument& e) {
        return error(400, std::string("malformed"), std::string(e.what()));
    }
    if (usdc == 0 && pond == 0) return error(400, "invalid_argument", std::string("ask for some usdc or pond"));
    const PrivateKey key = Devnet::demo_key(QStringLiteral("faucet"));
    QJsonArray ids;
    for (const auto& [denom, amount] : {std::pair{Denom::USDC, usdc}, std::pair{Denom::POND, pond}}) {
        if (amount == 0) continue;
        const Transaction t =
            Transaction::make(m_node.ledger().params().chain_id, key, m_node.next_nonce(*faucet), tx::Transfer{to, denom, amount});
        if (auto rejection = m_node.submit(t)) return error(422, rejection->code, rejection->message);
        ids.append(QString::fromStdString(t.id().hex()));
    }
    return answer(QJsonObject{{"txs", ids}}, 202);
}

} // namespace berth
