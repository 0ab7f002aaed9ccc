#include "jsonview.h"

#include "qtbytes.h"

#include <escrow.h>

#include <QJsonArray>

namespace berth::jsonview {

static QString str(const std::string& s)
{
    return QString::fromStdString(s);
}
static QString id_string(std::uint64_t id)
{
    return QString::number(id);
}

QJsonObject instance_type(const InstanceType& type)
{
    return QJsonObject{{"name", QString::fromStdString(type.name)},
                       {"vcpus", QString::fromStdString(format_amount(type.millicpus, 3))},
                       {"memory_mib", QString::number(type.memory_mib)},
                       {"processes", QString::number(type.processes)}};
}

QJsonObject lease(const Job& job, std::uint64_t now_ms)
{
    const Amount accrued = Escrow::accrued(job, now_ms);
    QJsonArray urls, ports, bids, excluded;
    for (const std::string& url : job.access.urls) urls.append(str(url));
    for (std::uint32_t port : job.access.ports) ports.append(static_cast<int>(port));
    for (const Bid& b : job.bids)
        bids.append(QJsonObject{{"provider", str(b.provider.str())},
                                {"price_per_s", price_text(b.price_per_s)},
                                {"price_per_hour", price_per_hour_text(b.price_per_s)},
                                {"height", id_string(b.height)}});
    for (const Address& a : job.excluded) excluded.append(str(a.str()));
    QJsonObject out{
        {"id", id_string(job.id)},
        {"order_id", id_string(job.id)},
        {"owner", str(job.owner.str())},
        {"state", str(std::string(job_state_name(job.state)))},
        {"instance_type", str(job.instance_type)},
        {"replicas", static_cast<int>(job.replicas)},
        {"max_price_per_s", price_text(job.max_price_per_s)},
        {"max_price_per_hour", price_per_hour_text(job.max_price_per_s)},
        {"manifest_hash", str(job.manifest_hash.hex())},
        {"image_url", str(job.image_url)},
        {"provider", job.provider.is_null() ? QString() : str(job.provider.str())},
        {"price_per_s", price_text(job.price_per_s)},
        {"price_per_hour", price_per_hour_text(job.price_per_s)},
        {"escrow", amount_text(job.escrow - accrued)},
        {"spent", amount_text(job.spent + accrued)},
        {"access", QJsonObject{{"host", str(job.access.host)}, {"ports", ports}, {"urls", urls}}},
        {"close_reason", str(std::string(close_reason_name(job.close_reason)))},
        {"created_at_ms", id_string(job.created_at_ms)},
        {"window_end_height", id_string(job.window_end_height)},
        {"bids", bids},
        {"excluded", excluded},
        {"reassignments", static_cast<int>(job.reassignments)},
        {"update_refusal", str(job.update_refusal)},
    };
    if (const auto exhaustion = Escrow::exhaustion_ms(job)) out.insert("exhausts_at_ms", id_string(*exhaustion));
    return out;
}

QJsonObject provider(const Address& address, const Provider& p, const State& state)
{
    const Params& params = state.params();
    const Account* account = state.accounts.find(address);
    QJsonArray offers;
    for (const auto& [type, offer] : p.offers) {
        QJsonObject o{{"instance_type", str(type)},
                      {"price_per_s", price_text(offer.price_per_s)},
                      {"price_per_hour", price_per_hour_text(offer.price_per_s)},
                      {"capacity", static_cast<int>(offer.capacity)},
                      {"used", static_cast<int>(offer.used)},
                      {"free", static_cast<int>(offer.free())}};
        // What one unit buys, when the chain's genesis names it.
        if (const InstanceType* resources = params.instance_type(type)) {
            const QJsonObject described = instance_type(*resources);
            for (const char* key : {"vcpus", "memory_mib", "processes"}) o.insert(QLatin1String(key), described.value(QLatin1String(key)));
        }
        offers.append(o);
    }
    return QJsonObject{{"address", str(address.str())},
                       {"name", str(p.name)},
                       {"region", str(p.region)},
                       {"endpoint", str(p.endpoint)},
                       {"offers", offers},
                       {"stake", amount_text(account ? account->stake : Amount(0))},
                       {"stake_locked", amount_text(state.locked_stake(address))},
                       {"slashes", static_cast<int>(p.slashes)},
                       {"jobs_served", static_cast<int>(p.jobs_served)},
                       {"active_jobs", static_cast<int>(p.active_jobs)},
                       {"registered_at_ms", id_string(p.registered_at_ms)}};
}

QJsonObject account(const Address& address, const State& state)
{
    const Account* found = state.accounts.find(address);
    const Account a = found ? *found : Account{};
    const QString locked = amount_text(state.locked_stake(address));
    return QJsonObject{{"address", str(address.str())},
                       {"usdc", amount_text(a.usdc)},
                       {"pond", amount_text(a.pond)},
                       {"pond_locked", locked},
                       {"stake", amount_text(a.stake)},
                       {"stake_locked", locked},
                       {"earnings", amount_text(a.earnings)},
                       {"nonce", id_string(a.nonce)},
                       {"certificate", QString::fromLatin1(to_qbytearray(a.certificate).toBase64())}};
}

QJsonObject event(std::uint64_t height, const Event& e)
{
    QJsonObject data;
    for (const auto& [key, value] : e.data) data.insert(str(key), str(value));
    const QString job = e.job == 0 ? QString() : id_string(e.job);
    return QJsonObject{{"height", id_string(height)},
                       {"name", str(std::string(event_name(e.name)))},
                       {"lease_id", job},
                       {"order_id", job},
                       {"account", e.account.is_null() ? QString() : str(e.account.str())},
                       {"data", data}};
}

QJsonObject block(const Block& b)
{
    QJsonArray txs;
    for (const Transaction& t : b.transactions)
        txs.append(QJsonObject{{"id", str(t.id().hex())},
                               {"sender", str(t.sender_address().str())},
                               {"type", str(std::string(payload_name(t.payload)))},
                               {"nonce", id_string(t.nonce)}});
    const BlockHeader& h = b.header;
    return QJsonObject{{"height", id_string(h.height)},       {"hash", str(h.hash().hex())},
                       {"prev_hash", str(h.prev_hash.hex())}, {"time_ms", id_string(h.timestamp_ms)},
                       {"tx_root", str(h.tx_root.hex())},     {"state_root", str(h.state_root.hex())},
                       {"producer", str(h.producer.hex())},   {"transactions", txs}};
}

QJsonObject ordering(const OrderingInfo& info)
{
    return QJsonObject{{"kind", info.kind},       {"leader", info.leader},
                       {"leading", info.leading}, {"members", QJsonArray::fromStringList(info.members)},
                       {"in_step", info.in_step}, {"known_height", QString::number(info.known_height)}};
}

} // namespace berth::jsonview
