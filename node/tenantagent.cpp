#include "tenantagent.h"

#include "logging.h"
#include "manifestclient.h"
#include "manifeststore.h"
#include "node.h"
#include "qtbytes.h"
#include "tlsidentity.h"

#include <transaction.h>

namespace berth {

TenantAgent::TenantAgent(Node& node) : m_node(node)
{
    connect(&m_node, &Node::blockCommitted, this, &TenantAgent::on_block);
}

void TenantAgent::upload_when_ready(JobId lease)
{
    const Job* job = m_node.ledger().state().jobs.find(lease);
    if (!job || job->is_final()) return;
    if (job->state == JobState::LeaseReady) {
        upload(lease);
        return;
    }
    m_first_uploads.insert(lease);
    report(lease, UploadStage::Waiting, QStringLiteral("waiting for a provider to reserve the lease"));
}

void TenantAgent::report(JobId lease, UploadStage stage, const QString& message)
{
    if (stage == UploadStage::Failed) qCWarning(lcAgent).noquote() << "lease" << lease << ":" << message;
    Q_EMIT uploadProgress(lease, stage, message);
}

void TenantAgent::on_block(const BlockHeader&, const std::vector<Event>& events)
{
    for (const Event& e : events) {
        const Job* job = m_node.ledger().state().jobs.find(e.job);
        if (!job) continue;
        if (job->is_final()) {
            m_first_uploads.erase(job->id);
            continue;
        }
        if (e.name != EventName::LeaseReady || job->state != JobState::LeaseReady) continue;
        // A first match is the user's own upload, unless the user handed it to this agent.
        if (job->reassignments > 0 || m_first_uploads.erase(job->id) > 0) upload(job->id);
    }
}

void TenantAgent::upload(JobId lease)
{
    const State& state = m_node.ledger().state();
    const Job& job = *state.jobs.find(lease);
    const QString datadir = m_node.config().datadir;
    std::optional<TlsIdentity> identity;
    try {
        identity = TlsIdentity::find(datadir, job.owner);
    } catch (const TlsIdentityError& e) {
        report(lease, UploadStage::Failed, QStringLiteral("cannot read the owner's TLS identity: %1").arg(QString::fromUtf8(e.what())));
        return;
    }
    if (!identity) {
        // Not an account of this node; for a first upload that was asked for, say why nothing happens.
        if (job.reassignments == 0) report(lease, UploadStage::Failed, QStringLiteral("this node has no TLS certificate for the lease's owner"));
        return;
    }
    const auto manifest = ManifestStore(ManifestStore::user_directory(datadir)).load(job.manifest_hash);
    if (!manifest) {
        report(lease, UploadStage::Failed,
               QStringLiteral("this node has no copy of manifest %1; upload it with berth-cli lease manifest")
                   .arg(QString::fromStdString(job.manifest_hash.hex())));
        return;
    }
    const Provider* provider = state.providers.find(job.provider);
    const Account* provider_account = state.accounts.find(job.provider);
    if (!provider || !provider_account || provider_account->certificate.empty()) {
        report(lease, UploadStage::Failed, QStringLiteral("the provider has no registered certificate yet"));
        return;
    }
    const QSslCertificate pinned(to_qbytearray(provider_account->certificate), QSsl::Der);
    auto* client = new ManifestClient(*identity, this);
    connect(client, &ManifestClient::uploadFinished, this, [this, client](JobId id, const ManifestReply& reply) {
        if (reply.accepted()) {
            qCInfo(lcAgent).noquote() << "uploaded the manifest of lease" << id;
            post_receipt(id, reply.body);
            report(id, UploadStage::Accepted, QStringLiteral("the provider accepted the manifest"));
        } else {
            report(id, UploadStage::Failed, QStringLiteral("the provider did not take the manifest: %1").arg(reply.message()));
        }
        client->deleteLater();
    });
    const QString endpoint = QString::fromStdString(provider->endpoint);
    qCInfo(lcAgent).noquote() << "lease" << lease << (job.reassignments > 0 ? "was reassigned;" : "is ready;") << "uploading its manifest to"
                              << endpoint;
    report(lease, UploadStage::Uploading, QStringLiteral("uploading the manifest to %1").arg(endpoint));
    client->upload(QUrl(endpoint), pinned, lease, *manifest);
}

void TenantAgent::post_receipt(JobId lease, const QJsonObject& answer)
{
    const Job* job = m_node.ledger().state().jobs.find(lease);
    if (!m_keys || !job || job->state != JobState::LeaseReady || job->manifest_delivered_at_ms != 0) return;
    const auto receipt = fixed_from_hex<64>(answer.value(QLatin1String("receipt")).toString().toStdString());
    const auto provider_key = fixed_from_hex<PublicKey::size>(answer.value(QLatin1String("provider_key")).toString().toStdString());
    const std::optional<PrivateKey> key = m_keys(job->owner);
    if (!receipt || !provider_key || !key) return;
    const Transaction t = Transaction::make(m_node.ledger().params().chain_id, *key, m_node.next_nonce(job->owner),
                                            tx::ManifestDelivered{lease, job->manifest_hash, PublicKey(*provider_key), *receipt});
    if (auto rejection = m_node.submit(t))
        qCWarning(lcAgent).noquote() << "the receipt of lease" << lease << "was refused:" << QString::fromStdString(rejection->message);
}

} // namespace berth
