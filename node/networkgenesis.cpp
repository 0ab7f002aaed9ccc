#include "networkgenesis.h"

#include "jsonreader.h"
#include "jsonview.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <stdexcept>

namespace berth {

GenesisFile NetworkGenesis::create(const Spec& spec)
{
    if (spec.producers.empty()) throw std::invalid_argument("a network needs at least one producer's public key");
    const JsonReader balances = JsonReader::parse(spec.balances_json, QStringLiteral("the balances file"));
    balances.object(QStringLiteral("a JSON object with \"accounts\" and \"auditors\""));

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
    // A network of its own machines may name its own instance types; read here so that an error points into the balances file.
    if (const JsonReader types = balances.field("instance_types"); types.is_present()) {
        QJsonArray written;
        for (const JsonReader& type : types.elements()) written.append(jsonview::instance_type(type.instance_type()));
        params.insert(QStringLiteral("instance_types"), written);
    }
    root.insert(QStringLiteral("params"), params);

    QJsonArray accounts;
    QJsonObject names;
    for (const JsonReader& account : balances.field("accounts").elements()) {
        const QString address = QString::fromStdString(account.field("address").address().str());
        if (const JsonReader name = account.field("name"); name.is_present()) names.insert(name.string(), address);
        const JsonReader stake = account.field("stake");
        accounts.append(QJsonObject{{"address", address},
                                    {"usdc", jsonview::amount_text(account.field("usdc").amount())},
                                    {"pond", jsonview::amount_text(account.field("pond").amount())},
                                    {"stake", jsonview::amount_text(stake.is_present() ? stake.amount() : Amount(0))}});
    }
    QJsonArray auditors;
    for (const JsonReader& auditor : balances.field("auditors").elements()) {
        const QString who = auditor.string(QStringLiteral("an account's name or address"));
        const QString address = names.contains(who) ? names.value(who).toString() : who;
        if (!Address::parse(address.toStdString())) auditor.fail(QStringLiteral("is neither a named account nor a berth address"));
        auditors.append(address);
    }
    root.insert(QStringLiteral("accounts"), accounts);
    root.insert(QStringLiteral("auditors"), auditors);
    root.insert(QStringLiteral("names"), names);

    GenesisFile out = GenesisFile::from_object(root);
    out.genesis.params.validate();
    // Builds the state once: duplicate accounts, unknown auditors and the like are refused here.
    (void)out.genesis.build_state();
    return out;
}

} // namespace berth
