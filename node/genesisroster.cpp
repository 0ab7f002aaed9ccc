#include "genesisroster.h"

#include "genesisfile.h"
#include "jsonreader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace berth {

GenesisRoster GenesisRoster::of(const GenesisFile& file)
{
    return GenesisRoster{file.producers, file.names};
}

bool GenesisRoster::may_produce(const PublicKey& key) const
{
    return std::find(producers.begin(), producers.end(), key) != producers.end();
}

QByteArray GenesisRoster::to_json() const
{
    QJsonArray producers_json;
    for (const PublicKey& key : producers) producers_json.append(QString::fromStdString(key.hex()));
    QJsonObject names_json;
    for (auto it = names.begin(); it != names.end(); ++it) names_json.insert(it.key(), QString::fromStdString(it.value().str()));
    return QJsonDocument(QJsonObject{{"producers", producers_json}, {"names", names_json}}).toJson(QJsonDocument::Compact);
}

GenesisRoster GenesisRoster::from_json(const QByteArray& json)
{
    const JsonReader root = JsonReader::parse(json, QStringLiteral("the stored genesis roster"));
    GenesisRoster roster;
    for (const JsonReader& key : root.field("producers").elements()) roster.producers.push_back(PublicKey(key.hex_bytes<PublicKey::size>()));
    if (roster.producers.empty()) root.field("producers").fail(QStringLiteral("must name at least one block producer"));
    for (const JsonReader& name : root.field("names").members()) roster.names.insert(name.key(), name.address());
    return roster;
}

} // namespace berth
