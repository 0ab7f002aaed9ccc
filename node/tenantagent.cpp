#include "tenantagent.h"

#include "logging.h"
#include "manifestclient.h"
#include "manifeststore.h"
#include "node.h"
#include "qtbytes.h"
#include "tlsidentity.h"

namespace berth {

TenantAgent::TenantAgent(Node& node) : m_node(node)
{
    connect(&m_node, &Node::blockCommitted, this, &TenantAgent::on_block);
}

void TenantAgent::on_block(const BlockHeader&, const std::vector<Event>& events)
{
    for (const Event& e : events) {
        if (e.name != EventName::LeaseReady) continue;
        const Job* job = m_node.ledger().state().jobs.find(e.job);
        // Only a reassigned job: its first manifest is the user's own upload.
        if (job && job->state == JobState::LeaseReady && job->reassignments > 0) reupload(job->id);
    }
}

void TenantAgent::reupload(JobId lease)
{
    const State& state = m_node.ledger().state();
    const Job& job = *state.jobs.find(lease);
    const QString datadir = m_node.config().datadir;
    std::optional<TlsIdentity> identity;
    try {
        identity = TlsIdentity::find(datadir, job.owner);
    } catch (const TlsIdentityError& e) {
        qCWarning(lcAgent).noquote() << "lease" << lease << ": cannot read the owner's TLS identity:" << e.what();
        return;
    }
    if (!identity) return; // not an account of this node
    const auto manifest = ManifestStore(ManifestStore::user_directory(datadir)).load(job.manifest_hash);
    if (!manifest) {
        qCWarning(lcAgent).noquote() << "lease" << lease << "moved to a new provider, but this node has no copy of manifest"
                                     << QString::fromStdString(job.manifest_hash.hex()) << "; upload it with berth-cli lease manifest";
        return;
    }
    const Provider* provider = state.providers.find(job.provider);
    const Account* provider_account = state.accounts.find(job.provider);
    if (!provider || !provider_account || provider_account->certificate.empty()) {
        qCWarning(lcAgent).noquote() << "lease" << lease << ": its new provider has no registered certificate yet";
        return;
    }
    const QSslCertificate pinned(to_qbytearray(provider_account->certificate), QSsl::Der);
    auto* client = new ManifestClient(*identity, this);
    connect(client, &ManifestClient::uploadFinished, this, [client](JobId id, const ManifestReply& reply) {
        if (reply.accepted())
            qCInfo(lcAgent).noquote() << "re-uploaded the manifest of lease" << id << "to its new provider";
        else
            qCWarning(lcAgent).noquote() << "could not re-upload the manifest of lease" << id << ":" << reply.message();
        client->deleteLater();
    });
    qCInfo(lcAgent).noquote() << "lease" << lease << "was reassigned; uploading its manifest to" << QString::fromStdString(provider->endpoint);
    client->upload(QUrl(QString::fromStdString(provider->endpoint)), pinned, lease, *manifest);
}

} // namespace berth
