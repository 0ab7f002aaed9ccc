#include "devnet.h"

#include "jsonfields.h"

#include <hash.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

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
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();

    GenesisFile out;
    // The params block has the genesis file's own layout; reuse its parser through a minimal document.
    QJsonObject template_params = json::object(root, "params");
    for (auto it = params.begin(); it != params.end(); ++it) {
        if (!template_params.contains(it.key()) || it.key() == QLatin1String("chain_id"))
            throw std::invalid_argument("unknown devnet parameter '" + it.key().toStdString() + "'");
        template_params.insert(it.key(), it.value());
    }
    QJsonObject skeleton{{"params", template_params}, {"timestamp_ms", QString::number(now_ms)},
                         {"producer", QString::fromStdString(demo_key(QString::fromLatin1(producer_name)).public_key().hex())},
                         {"accounts", QJsonArray{}}, {"providers", QJsonArray{}}, {"auditors", QJsonArray{}}, {"names", QJsonObject{}}};
    out = GenesisFile::from_json(QJsonDocument(skeleton).toJson());
    if (block_ms != 0) out.genesis.params.block_ms = block_ms;
    out.genesis.params.instance_types = GenesisFile::standard_instance_types();
    out.genesis.params.validate();

    auto add_account = [&](const QString& name, const Amount& usdc, const Amount& pond, const Amount& stake) {
        const Address address = Address::of(demo_key(name).public_key());
        out.genesis.accounts.push_back({address, usdc, pond, stake});
        out.names.insert(name, address);
        return address;
    };
    for (const QJsonValue& v : json::array(root, "users")) {
        const QJsonObject u = v.toObject();
        add_account(json::string(u, "name"), json::amount(u, "usdc"), json::amount(u, "pond"), 0);
    }
    const QJsonObject faucet = json::object(root, "faucet");
    add_account(json::string(faucet, "name"), json::amount(faucet, "usdc"), json::amount(faucet, "pond"), 0);

    const QJsonObject balance = json::object(root, "provider_balance");
    const QJsonArray catalog = json::array(root, "providers");
    if (catalog.isEmpty() && demo_providers > 0) throw std::invalid_argument("the devnet template lists no providers");
    for (int i = 0; i < demo_providers; ++i) {
        const QJsonObject spec = catalog[i % catalog.size()].toObject();
        const QString name = QStringLiteral("provider%1").arg(i + 1);
        const Address address = add_account(name, json::amount(balance, "usdc"), json::amount(balance, "pond"), json::amount(balance, "stake"));
        Genesis::Provider provider{address, name.toStdString(), json::string(spec, "region").toStdString(),
                                   "https://127.0.0.1", {}};
        for (const QJsonValue& o : json::array(spec, "offers")) {
            const QJsonObject offer = o.toObject();
            provider.offers[json::string(offer, "instance_type").toStdString()] =
                Offer{json::price(offer, "price_per_s"), static_cast<std::uint32_t>(json::unsigned_integer(offer, "capacity")), 0};
        }
        out.genesis.providers.push_back(std::move(provider));
    }
    const std::uint64_t auditors = json::unsigned_integer(root, "auditors");
    for (std::uint64_t i = 1; i <= auditors; ++i)
        out.genesis.auditors.push_back(add_account(QStringLiteral("auditor%1").arg(i), 0, 0, 0));
    return out;
}

} // namespace berth
