#include "devnet.h"

#include "jsonreader.h"

#include <hash.h>

#include <QFile>
#include <QJsonArray>

#include <stdexcept>

namespace berth {

PrivateKey Devnet::demo_key(const QString& name)
{
    const std::string label = "berth-devnet/" + name.toStdString();
    return PrivateKey::from_seed(Hash256::of(as_bytes(label)).bytes());
}

QStringList Devnet::demo_names(const GenesisFile& genesis)
{
    QStringList names = genesis.names.keys();
    names.append(QString::fromLatin1(producer_name));
    return names;
}

GenesisFile Devnet::create(int demo_providers, std::uint64_t block_ms, std::uint64_t now_ms, const QMap<QString, QString>& params)
{
    if (demo_providers < 0 || demo_providers > 1000) throw std::invalid_argument("--demo-providers must be between 0 and 1000");
    QFile file(QStringLiteral(":/berth/devnet-genesis.json"));
    if (!file.open(QIODevice::ReadOnly)) throw std::invalid_argument("the devnet genesis template is missing from the build");
    const JsonReader root = JsonReader::parse(file.readAll(), QStringLiteral("the devnet genesis template"));

    GenesisFile out;
    // The params block has the genesis file's own layout; reuse its parser through a minimal document.
    QJsonObject template_params = root.field("params").object();
    for (auto it = params.begin(); it != params.end(); ++it) {
        if (!template_params.contains(it.key()) || it.key() == QLatin1String("chain_id"))
            throw std::invalid_argument("unknown devnet parameter '" + it.key().toStdString() + "'");
        template_params.insert(it.key(), it.value());
    }
    QJsonObject skeleton{{"params", template_params},
                         {"timestamp_ms", QString::number(now_ms)},
                         {"producer", QString::fromStdString(demo_key(QString::fromLatin1(producer_name)).public_key().hex())},
                         {"accounts", QJsonArray{}},
                         {"providers", QJsonArray{}},
                         {"auditors", QJsonArray{}},
                         {"names", QJsonObject{}}};
    out = GenesisFile::from_object(skeleton);
    if (block_ms != 0) out.genesis.params.block_ms = block_ms;
    out.genesis.params.instance_types = GenesisFile::standard_instance_types();
    out.genesis.params.validate();

    auto add_account = [&](const QString& name, const Amount& usdc, const Amount& pond, const Amount& stake) {
        const Address address = Address::of(demo_key(name).public_key());
        out.genesis.accounts.push_back({address, usdc, pond, stake});
        out.names.insert(name, address);
        return address;
    };
    for (const JsonReader& u : root.field("users").elements())
        add_account(u.field("name").string(), u.field("usdc").amount(), u.field("pond").amount(), 0);
    const JsonReader faucet = root.field("faucet");
    add_account(faucet.field("name").string(), faucet.field("usdc").amount(), faucet.field("pond").amount(), 0);

    const JsonReader balance = root.field("provider_balance");
    const QList<JsonReader> catalog = root.field("providers").elements();
    if (catalog.isEmpty() && demo_providers > 0) throw std::invalid_argument("the devnet template lists no providers");
    for (int i = 0; i < demo_providers; ++i) {
        const JsonReader& spec = catalog[i % catalog.size()];
        const QString name = QStringLiteral("provider%1").arg(i + 1);
        const Address address =
            add_account(name, balance.field("usdc").amount(), balance.field("pond").amount(), balance.field("stake").amount());
        Genesis::Provider provider{address, name.toStdString(), spec.field("region").string().toStdString(), "https://127.0.0.1", {}};
        for (const JsonReader& offer : spec.field("offers").elements()) {
            const auto capacity = offer.field("capacity").unsigned_integer(0, UINT32_MAX, JsonReader::IntegerForm::NumberOrString);
            provider.offers[offer.field("instance_type").string().toStdString()] =
                Offer{offer.field("price_per_s").price(), static_cast<std::uint32_t>(capacity), 0};
        }
        out.genesis.providers.push_back(std::move(provider));
    }
    const std::uint64_t auditors = root.field("auditors").unsigned_integer();
    for (std::uint64_t i = 1; i <= auditors; ++i) out.genesis.auditors.push_back(add_account(QStringLiteral("auditor%1").arg(i), 0, 0, 0));
    return out;
}

} // namespace berth
