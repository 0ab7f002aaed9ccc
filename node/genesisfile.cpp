#include "genesisfile.h"

#include "jsonreader.h"
#include "jsonview.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace berth {

namespace {

QJsonObject params_json(const Params& p)
{
    QJsonArray instance_types;
    for (const InstanceType& type : p.instance_types) instance_types.append(jsonview::instance_type(type));
    return QJsonObject{
        {"instance_types", instance_types},
        {"chain_id", QString::fromStdString(p.chain_id)},
        {"block_ms", QString::number(p.block_ms)},
        {"bid_window_blocks", QString::number(p.bid_window_blocks)},
        {"stake_per_job", jsonview::amount_text(p.stake_per_job)},
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

constexpr auto decimal = JsonReader::IntegerForm::NumberOrString;
constexpr std::uint64_t any_u64 = std::numeric_limits<std::uint64_t>::max();

std::uint64_t u64(const JsonReader& object, const char* key)
{
    return object.field(key).unsigned_integer(0, any_u64, decimal);
}

std::uint32_t u32(const JsonReader& object, const char* key)
{
    return static_cast<std::uint32_t>(object.field(key).unsigned_integer(0, std::numeric_limits<std::uint32_t>::max(), decimal));
}

Params params_from(const JsonReader& o)
{
    Params p;
    p.chain_id = o.field("chain_id").string().toStdString();
    p.block_ms = u64(o, "block_ms");
    p.bid_window_blocks = u32(o, "bid_window_blocks");
    p.stake_per_job = o.field("stake_per_job").amount();
    p.slash_fraction_bps = u32(o, "slash_fraction_bps");
    p.job_bootstrapping_s = u64(o, "job_bootstrapping_s");
    p.job_startup_s = u64(o, "job_startup_s");
    p.job_exit_cooldown_s = u64(o, "job_exit_cooldown_s");
    p.min_escrow_seconds = u64(o, "min_escrow_seconds");
    p.auditor_quorum = u32(o, "auditor_quorum");
    p.max_lookup_windows = u32(o, "max_lookup_windows");
    p.fault_window_s = u64(o, "fault_window_s");
    p.close_ack_timeout_s = u64(o, "close_ack_timeout_s");
    p.manifest_timeout_s = u64(o, "manifest_timeout_s");
    // Absent in a genesis made before instance types had resources: any name, the runtime's defaults.
    if (const JsonReader types = o.field("instance_types"); types.is_present())
        for (const JsonReader& type : types.elements()) p.instance_types.push_back(type.instance_type());
    try {
        p.validate();
    } catch (const std::invalid_argument& e) {
        o.fail(QString::fromUtf8(e.what()));
    }
    return p;
}

GenesisFile read_genesis(const JsonReader& root)
{
    GenesisFile file;
    file.genesis.params = params_from(root.field("params"));
    file.genesis.timestamp_ms = u64(root, "timestamp_ms");
    // A devnet made before networks existed names its one sequencer as "producer".
    const JsonReader listed = root.field("producers");
    const QList<JsonReader> producers = listed.is_present() ? listed.elements() : QList<JsonReader>{root.field("producer")};
    for (const JsonReader& v : producers) {
        const PublicKey producer(v.hex_bytes<PublicKey::size>());
        if (file.may_produce(producer)) v.fail(QStringLiteral("names a key already listed"));
        file.producers.push_back(producer);
    }
    if (file.producers.empty()) listed.fail(QStringLiteral("must name at least one block producer"));
    for (const JsonReader& a : root.field("accounts").elements())
        file.genesis.accounts.push_back(
            {a.field("address").address(), a.field("usdc").amount(), a.field("pond").amount(), a.field("stake").amount()});
    for (const JsonReader& p : root.field("providers").elements()) {
        Genesis::Provider provider{p.field("address").address(),
                                   p.field("name").string().toStdString(),
                                   p.field("region").string().toStdString(),
                                   p.field("endpoint").string().toStdString(),
                                   {}};
        for (const JsonReader& offer : p.field("offers").elements())
            provider.offers[offer.field("instance_type").string().toStdString()] =
                Offer{offer.field("price_per_s").price(), u32(offer, "capacity"), 0};
        file.genesis.providers.push_back(std::move(provider));
    }
    for (const JsonReader& a : root.field("auditors").elements()) file.genesis.auditors.push_back(a.address());
    for (const JsonReader& name : root.field("names").members()) file.names.insert(name.key(), name.address());
    return file;
}

} // namespace

std::vector<InstanceType> GenesisFile::standard_instance_types()
{
    return {{"cpu.micro", 250, 128, 32},    {"cpu.tiny", 500, 256, 32},      {"cpu.small", 1000, 512, 64},
            {"cpu.large", 4000, 4096, 256}, {"mem.large", 2000, 16384, 128}, {"gpu.a100", 8000, 32768, 512}};
}

QByteArray GenesisFile::to_json() const
{
    QJsonArray accounts;
    for (const Genesis::Account& a : genesis.accounts)
        accounts.append(QJsonObject{{"address", QString::fromStdString(a.address.str())},
                                    {"usdc", jsonview::amount_text(a.usdc)},
                                    {"pond", jsonview::amount_text(a.pond)},
                                    {"stake", jsonview::amount_text(a.stake)}});
    QJsonArray providers;
    for (const Genesis::Provider& p : genesis.providers) {
        QJsonArray offers;
        for (const auto& [type, offer] : p.offers)
            offers.append(QJsonObject{{"instance_type", QString::fromStdString(type)},
                                      {"price_per_s", jsonview::price_text(offer.price_per_s)},
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
    return read_genesis(JsonReader::parse(text, QStringLiteral("the genesis")));
}

GenesisFile GenesisFile::from_object(const QJsonObject& root)
{
    return read_genesis(JsonReader(root, QStringLiteral("the genesis")));
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
