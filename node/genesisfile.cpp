#include "genesisfile.h"

#include "jsonfields.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>
#include <stdexcept>

namespace berth {

namespace {

QJsonObject params_json(const Params& p)
{
    QJsonArray instance_types;
    for (const InstanceType& type : p.instance_types) instance_types.append(json::instance_type_json(type));
    return QJsonObject{
        {"instance_types", instance_types},
        {"chain_id", QString::fromStdString(p.chain_id)},
        {"block_ms", QString::number(p.block_ms)},
        {"bid_window_blocks", QString::number(p.bid_window_blocks)},
        {"stake_per_job", json::amount_string(p.stake_per_job)},
        {"slash_fraction_bps", QString::number(p.slash_fraction_bps)},
        {"job_bootstrapping_s", QString::number(p.job_bootstrapping_s)},
        {"job_startup_s", QString::number(p.job_startup_s)},
        {"job_exit_cooldown_s", QString::number(p.job_exit_cooldown_s)},
        {"min_escrow_seconds", QString::number(p.min_escrow_seconds)},
        {"auditor_quorum", QString::number(p.auditor_quorum)},
        {"max_lookup_windows", QString::number(p.max_lookup_windows)},
        {"fault_window_s", QString::number(p.fault_window_s)},
        {"close_ack_timeout_s", QString::number(p.close_ack_timeout_s)},
        {"manifest_timeout_s", QString::number(p.manifest_timeout_s)},
    };
}

std::uint32_t u32(const QJsonObject& o, const char* field)
{
    const std::uint64_t v = json::unsigned_integer(o, field);
    if (v > UINT32_MAX) throw std::invalid_argument(std::string("'") + field + "' is too large");
    return static_cast<std::uint32_t>(v);
}

Params params_from(const QJsonObject& o)
{
    Params p;
    p.chain_id = json::string(o, "chain_id").toStdString();
    p.block_ms = json::unsigned_integer(o, "block_ms");
    p.bid_window_blocks = u32(o, "bid_window_blocks");
    p.stake_per_job = json::amount(o, "stake_per_job");
    p.slash_fraction_bps = u32(o, "slash_fraction_bps");
    p.job_bootstrapping_s = json::unsigned_integer(o, "job_bootstrapping_s");
    p.job_startup_s = json::unsigned_integer(o, "job_startup_s");
    p.job_exit_cooldown_s = json::unsigned_integer(o, "job_exit_cooldown_s");
    p.min_escrow_seconds = json::unsigned_integer(o, "min_escrow_seconds");
    p.auditor_quorum = u32(o, "auditor_quorum");
    p.max_lookup_windows = u32(o, "max_lookup_windows");
    p.fault_window_s = json::unsigned_integer(o, "fault_window_s");
    p.close_ack_timeout_s = json::unsigned_integer(o, "close_ack_timeout_s");
    p.manifest_timeout_s = json::unsigned_integer(o, "manifest_timeout_s");
    // Absent in a genesis made before instance types had resources: any name, the runtime's defaults.
    if (o.contains(QStringLiteral("instance_types")))
        for (const QJsonValue& v : json::array(o, "instance_types")) {
            if (!v.isObject()) throw std::invalid_argument("'instance_types' must hold objects");
            p.instance_types.push_back(json::instance_type(v.toObject()));
        }
    p.validate();
    return p;
}

} // namespace

std::vector<InstanceType> GenesisFile::standard_instance_types()
{
    return {{"cpu.micro", 250, 128, 32},   {"cpu.tiny", 500, 256, 32},     {"cpu.small", 1000, 512, 64},
            {"cpu.large", 4000, 4096, 256}, {"mem.large", 2000, 16384, 128}, {"gpu.a100", 8000, 32768, 512}};
}

QByteArray GenesisFile::to_json() const
{
    QJsonArray accounts;
    for (const Genesis::Account& a : genesis.accounts)
        accounts.append(QJsonObject{{"address", QString::fromStdString(a.address.str())},
                                    {"usdc", json::amount_string(a.usdc)},
                                    {"pond", json::amount_string(a.pond)},
                                    {"stake", json::amount_string(a.stake)}});
    QJsonArray providers;
    for (const Genesis::Provider& p : genesis.providers) {
        QJsonArray offers;
        for (const auto& [type, offer] : p.offers)
            offers.append(QJsonObject{{"instance_type", QString::fromStdString(type)},
                                      {"price_per_s", json::price_string(offer.price_per_s)},
                                      {"capacity", QString::number(offer.capacity)}});
        providers.append(QJsonObject{{"address", QString::fromStdString(p.address.str())},
                                     {"name", QString::fromStdString(p.name)},
                                     {"region", QString::fromStdString(p.region)},
                                     {"endpoint", QString::fromStdString(p.endpoint)},
                                     {"offers", offers}});
    }
    QJsonArray auditors;
    for (const Address& a : genesis.auditors) auditors.append(QString::fromStdString(a.str()));
    QJsonObject names_json;
    for (auto it = names.begin(); it != names.end(); ++it) names_json.insert(it.key(), QString::fromStdString(it.value().str()));
    QJsonArray producers_json;
    for (const PublicKey& key : producers) producers_json.append(QString::fromStdString(key.hex()));
    const QJsonObject root{{"params", params_json(genesis.params)},
                           {"timestamp_ms", QString::number(genesis.timestamp_ms)},
                           {"producers", producers_json},
                           {"accounts", accounts},
                           {"providers", providers},
                           {"auditors", auditors},
                           {"names", names_json}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

GenesisFile GenesisFile::from_json(const QByteArray& text)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError) throw std::invalid_argument("genesis is not valid JSON: " + error.errorString().toStdString());
    if (!doc.isObject()) throw std::invalid_argument("genesis must be a JSON object");
    const QJsonObject root = doc.object();

    GenesisFile file;
    file.genesis.params = params_from(json::object(root, "params"));
    file.genesis.timestamp_ms = json::unsigned_integer(root, "timestamp_ms");
    // A devnet made before networks existed names its one sequencer as "producer".
    const QJsonArray producers = root.contains(QStringLiteral("producers")) ? json::array(root, "producers")
                                                                            : QJsonArray{json::string(root, "producer")};
    for (const QJsonValue& v : producers) {
        const auto producer = fixed_from_hex<PublicKey::size>(v.toString().toStdString());
        if (!producer) throw std::invalid_argument("'producers' must hold 32-byte hex public keys");
        if (file.may_produce(PublicKey(*producer))) throw std::invalid_argument("'producers' names a key twice");
        file.producers.emplace_back(*producer);
    }
    if (file.producers.empty()) throw std::invalid_argument("'producers' must name at least one block producer");
    for (const QJsonValue& v : json::array(root, "accounts")) {
        const QJsonObject a = v.toObject();
        file.genesis.accounts.push_back({json::address(a, "address"), json::amount(a, "usdc"), json::amount(a, "pond"), json::amount(a, "stake")});
    }
    for (const QJsonValue& v : json::array(root, "providers")) {
        const QJsonObject p = v.toObject();
        Genesis::Provider provider{json::address(p, "address"), json::string(p, "name").toStdString(),
                                   json::string(p, "region").toStdString(), json::string(p, "endpoint").toStdString(), {}};
        for (const QJsonValue& o : json::array(p, "offers")) {
            const QJsonObject offer = o.toObject();
            provider.offers[json::string(offer, "instance_type").toStdString()] = Offer{json::price(offer, "price_per_s"), u32(offer, "capacity"), 0};
        }
        file.genesis.providers.push_back(std::move(provider));
    }
    for (const QJsonValue& v : json::array(root, "auditors")) {
        const auto a = Address::parse(v.toString().toStdString());
        if (!a) throw std::invalid_argument("'auditors' holds something that is not a berth address");
        file.genesis.auditors.push_back(*a);
    }
    const QJsonObject names = json::object(root, "names");
    for (auto it = names.begin(); it != names.end(); ++it) {
        const auto a = Address::parse(it.value().toString().toStdString());
        if (!a) throw std::invalid_argument("'names." + it.key().toStdString() + "' is not a berth address");
        file.names.insert(it.key(), *a);
    }
    return file;
}

bool GenesisFile::may_produce(const PublicKey& key) const
{
    return std::find(producers.begin(), producers.end(), key) != producers.end();
}

GenesisFile GenesisFile::load(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) throw std::invalid_argument("cannot read " + path.toStdString() + ": " + f.errorString().toStdString());
    try {
        return from_json(f.readAll());
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(path.toStdString() + ": " + e.what());
    }
}

void GenesisFile::save(const QString& path) const
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(to_json()) < 0 || !f.commit())
        throw std::runtime_error("cannot write " + path.toStdString() + ": " + f.errorString().toStdString());
}

} // namespace berth
