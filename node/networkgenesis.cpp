#include "networkgenesis.h"

#include "jsonfields.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <stdexcept>

namespace berth {

GenesisFile NetworkGenesis::create(const Spec& spec)
{
    if (spec.producers.empty()) throw std::invalid_argument("a network needs at least one producer's public key");
    QJsonParseError error{};
    const QJsonDocument balances = QJsonDocument::fromJson(spec.balances_json, &error);
    if (error.error != QJsonParseError::NoError) throw std::invalid_argument("the balances file is not valid JSON: " + error.errorString().toStdString());
    if (!balances.isObject()) throw std::invalid_argument("the balances file must be a JSON object with 'accounts' and 'auditors'");

    // Start from the ledger's default parameters in the genesis file's own layout, so that the
    // overrides go through the same strict parser as any genesis file.
    GenesisFile defaults;
    defaults.genesis.params.chain_id = spec.chain_id;
    defaults.genesis.params.instance_types = GenesisFile::standard_instance_types();
    defaults.genesis.timestamp_ms = spec.timestamp_ms;
    defaults.producers = spec.producers;
    QJsonObject root = QJsonDocument::fromJson(defaults.to_json()).object();
    QJsonObject params = root.value(QStringLiteral("params")).toObject();
    for (auto it = spec.params.begin(); it != spec.params.end(); ++it) {
        if (!params.contains(it.key()) || it.key() == QLatin1String("chain_id"))
            throw std::invalid_argument("unknown network parameter '" + it.key().toStdString() + "'");
        params.insert(it.key(), it.value());
    }
    // A network of its own machines may name its own instance types.
    if (balances.object().contains(QStringLiteral("instance_types")))
        params.insert(QStringLiteral("instance_types"), json::array(balances.object(), "instance_types"));
    root.insert(QStringLiteral("params"), params);

    QJsonArray accounts;
    QJsonObject names;
    for (const QJsonValue& v : json::array(balances.object(), "accounts")) {
        if (!v.isObject()) throw std::invalid_argument("'accounts' must hold objects");
        QJsonObject account = v.toObject();
        const Address address = json::address(account, "address");
        if (account.contains(QStringLiteral("name"))) names.insert(json::string(account, "name"), QString::fromStdString(address.str()));
        if (!account.contains(QStringLiteral("stake"))) account.insert(QStringLiteral("stake"), QStringLiteral("0"));
        account.remove(QStringLiteral("name"));
        accounts.append(account);
    }
    QJsonArray auditors;
    for (const QJsonValue& v : json::array(balances.object(), "auditors")) {
        const QString who = v.toString();
        auditors.append(names.contains(who) ? names.value(who).toString() : who);
    }
    root.insert(QStringLiteral("accounts"), accounts);
    root.insert(QStringLiteral("auditors"), auditors);
    root.insert(QStringLiteral("names"), names);

    GenesisFile out = GenesisFile::from_json(QJsonDocument(root).toJson());
    out.genesis.params.validate();
    // Builds the state once: duplicate accounts, unknown auditors and the like are refused here.
    (void)out.genesis.build_state();
    return out;
}

} // namespace berth
