#pragma once

#include <manifestclient.h>

#include <QString>

#include <functional>

namespace berth::cli {

class RpcClient;

/**
 * One conversation with a lease's provider over mTLS, as the lease's owner: it looks up the
 * provider's endpoint and registered certificate on chain through the node's RPC, presents
 * the owner's TLS identity from the data directory, and waits for the answer (an upload keeps
 * retrying transient failures until its give-up time). Failures become CliErrors whose code
 * is the provider's error code or names the network problem.
 */
class ManifestSession
{
public:
    ManifestSession(RpcClient& rpc, QString datadir, QString owner_name);

    /** PUT the manifest; returns the provider's 202 body. */
    QJsonObject upload(JobId lease, const QByteArray& manifest, int give_up_ms);
    /** GET the deployment's status. */
    QJsonObject status(JobId lease);
    /**
     * GET the lease's logs, handing each record (a JSON object's bytes) to `on_record` as it
     * arrives; with query.follow it returns only when the provider ends the stream (the lease ended).
     */
    void logs(JobId lease, const ManifestClient::LogQuery& query, const std::function<void(const QByteArray&)>& on_record);

private:
    struct Provider {
        QUrl endpoint;
        QSslCertificate certificate;
    };
    Provider provider_of(JobId lease);
    TlsIdentity identity() const;
    /** Runs the client until it answers; throws CliError on a failure. */
    QJsonObject await(JobId lease, bool upload, const QByteArray& manifest, int give_up_ms);

    RpcClient& m_rpc;
    QString m_datadir;
    QString m_owner;
};

} // namespace berth::cli
