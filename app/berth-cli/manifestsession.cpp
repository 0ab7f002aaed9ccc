#include "manifestsession.h"

#include "clierror.h"
#include "rpcclient.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

#include <memory>

namespace berth::cli {

ManifestSession::ManifestSession(RpcClient& rpc, QString datadir, QString owner_name)
    : m_rpc(rpc), m_datadir(std::move(datadir)), m_owner(std::move(owner_name))
{}

TlsIdentity ManifestSession::identity() const
{
    try {
        if (auto found = TlsIdentity::load(m_datadir, m_owner)) return *found;
    } catch (const TlsIdentityError& e) {
        throw CliError(QStringLiteral("certificate_unreadable"), QString::fromUtf8(e.what()));
    }
    throw CliError(QStringLiteral("no_certificate"),
                   QStringLiteral("%1 has no certificate in %2: create and publish one with 'berth-cli --from %1 cert create'")
                       .arg(m_owner, TlsIdentity::certificate_path(m_datadir, m_owner)));
}

ManifestSession::Provider ManifestSession::provider_of(JobId lease)
{
    const QJsonObject job = m_rpc.get_object(QStringLiteral("/leases/%1").arg(lease));
    const QString address = job.value(QLatin1String("provider")).toString();
    if (address.isEmpty())
        throw CliError(QStringLiteral("lease_not_ready"),
                       QStringLiteral("lease %1 has no provider (state %2)").arg(lease).arg(job.value(QLatin1String("state")).toString()));
    const QJsonObject provider = m_rpc.get_object(QStringLiteral("/providers/%1").arg(address));
    const QJsonObject account = m_rpc.get_object(QStringLiteral("/accounts/%1").arg(address));
    const QByteArray der = QByteArray::fromBase64(account.value(QLatin1String("certificate")).toString().toLatin1());
    const QUrl endpoint(provider.value(QLatin1String("endpoint")).toString());
    if (der.isEmpty())
        throw CliError(QStringLiteral("provider_unreachable"), QStringLiteral("provider %1 has no registered certificate yet").arg(address));
    if (!endpoint.isValid() || endpoint.scheme() != QLatin1String("https") || endpoint.port() <= 0)
        throw CliError(QStringLiteral("provider_unreachable"),
                       QStringLiteral("provider %1 registered no usable https endpoint ('%2')").arg(address, endpoint.toString()));
    return Provider{endpoint, QSslCertificate(der, QSsl::Der)};
}

QJsonObject ManifestSession::upload(JobId lease, const QByteArray& manifest, int give_up_ms)
{
    return await(lease, true, manifest, give_up_ms);
}

QJsonObject ManifestSession::status(JobId lease)
{
    return await(lease, false, {}, 0);
}

void ManifestSession::logs(JobId lease, const ManifestClient::LogQuery& query, const std::function<void(const QByteArray&)>& on_record)
{
    const TlsIdentity me = identity();
    const Provider provider = provider_of(lease);
    ManifestClient client(me);
    std::unique_ptr<QNetworkReply> reply(client.open_logs(provider.endpoint, provider.certificate, lease, query));
    QByteArray pending;
    // Records as they come; an empty line only keeps a quiet stream alive.
    auto take_lines = [&] {
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200) return;
        pending += reply->readAll();
        for (qsizetype newline; (newline = pending.indexOf('\n')) >= 0;) {
            const QByteArray line = pending.left(newline).trimmed();
            pending.remove(0, newline + 1);
            if (!line.isEmpty()) on_record(line);
        }
    };
    QEventLoop loop;
    QObject::connect(reply.get(), &QNetworkReply::readyRead, &loop, take_lines);
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished()) loop.exec();
    take_lines();
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200) {
        if (reply->error() == QNetworkReply::NoError) return;
        throw CliError(QStringLiteral("log_stream_broken"), QStringLiteral("the provider's log stream broke off: %1").arg(reply->errorString()));
    }
    const ManifestReply failed = ManifestReply::read(*reply);
    throw CliError(failed.code(), failed.message());
}

QJsonObject ManifestSession::await(JobId lease, bool upload, const QByteArray& manifest, int give_up_ms)
{
    const TlsIdentity me = identity();
    const Provider provider = provider_of(lease);
    ManifestClient client(me);
    client.set_give_up_after_ms(give_up_ms);
    ManifestReply result;
    QEventLoop loop;
    auto done = [&](JobId, const ManifestReply& reply) {
        result = reply;
        loop.quit();
    };
    QObject::connect(&client, &ManifestClient::uploadFinished, &loop, done);
    QObject::connect(&client, &ManifestClient::statusFinished, &loop, done);
    if (upload)
        client.upload(provider.endpoint, provider.certificate, lease, manifest);
    else
        client.fetch_status(provider.endpoint, provider.certificate, lease);
    loop.exec();
    if (!result.accepted()) throw CliError(result.code(), result.message());
    QJsonObject body = result.body;
    body.insert(QStringLiteral("attempts"), result.attempts);
    body.insert(QStringLiteral("http_status"), result.http_status);
    return body;
}

} // namespace berth::cli
