#include "leasehealth.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QUrlQuery>

#include <algorithm>
#include <array>

namespace berth::lease_health {

bool valid_challenge(const QByteArray& challenge)
{
    return !challenge.isEmpty() && challenge.size() <= 64 &&
           std::all_of(challenge.begin(), challenge.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

QByteArray new_challenge()
{
    std::array<quint32, 4> words{};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    return QByteArray(reinterpret_cast<const char*>(words.data()), sizeof(words)).toHex();
}

QUrl challenge_url(const QUrl& access_url, const QByteArray& challenge)
{
    QUrl url;
    url.setScheme(access_url.scheme());
    url.setHost(access_url.host());
    url.setPort(access_url.port());
    url.setPath(QString::fromLatin1(path));
    url.setQuery(QStringLiteral("challenge=") + QString::fromLatin1(challenge));
    return url;
}

QByteArray answer(std::uint64_t lease, const QString& service, int replica, const QByteArray& challenge)
{
    const QJsonObject object{{QStringLiteral("lease"), QString::number(lease)},
                             {QStringLiteral("service"), service},
                             {QStringLiteral("replica"), replica},
                             {QStringLiteral("challenge"), QString::fromLatin1(challenge)}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString problem(const QByteArray& body, std::uint64_t lease, const QByteArray& challenge)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) return QStringLiteral("answered no lease-bound health JSON");
    const QJsonObject object = document.object();
    const QString served = object.value(QStringLiteral("lease")).toString();
    if (served != QString::number(lease))
        return served.isEmpty() ? QStringLiteral("names no lease") : QStringLiteral("serves lease %1, not lease %2").arg(served).arg(lease);
    if (object.value(QStringLiteral("challenge")).toString().toLatin1() != challenge) return QStringLiteral("did not echo the challenge");
    return {};
}

} // namespace berth::lease_health
