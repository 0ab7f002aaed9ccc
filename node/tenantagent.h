#pragma once

#include <address.h>
#include <event.h>
#include <privatekey.h>

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>
#include <set>
#include <vector>

namespace berth {

class Node;
struct BlockHeader;

/**
 * The user's side of the manifest upload, running inside the node. When a job reaches
 * LEASE_READY it uploads the job's manifest to the provider over mTLS: always after a
 * reassignment, so that a workload slashed away from its provider comes back without the
 * user doing anything, and for the first match too when the job was handed to it with
 * upload_when_ready (the desktop app does that for the orders it makes). It acts for the
 * accounts whose TLS identity is in this node's data directory and uses the manifests stored
 * there when the order was made, and it reports each upload's progress. When it holds the
 * owner's key it puts the provider's signed receipt on chain, so delivery is provable.
 */
class TenantAgent : public QObject
{
    Q_OBJECT

public:
    /** Where one upload stands; the message says why for Failed. */
    enum class UploadStage { Waiting, Uploading, Accepted, Failed };
    Q_ENUM(UploadStage)

    /** The signing key of an account this node acts for, if it holds one unlocked. */
    using KeySource = std::function<std::optional<PrivateKey>(const Address&)>;

    explicit TenantAgent(Node& node);

    /** Where the agent finds owners' keys to put the provider's receipt of an upload on chain (ManifestDelivered). */
    void set_key_source(KeySource keys) { m_keys = std::move(keys); }

    /** Uploads `lease`'s manifest itself as soon as the lease is ready (at once if it already is). */
    void upload_when_ready(JobId lease);

Q_SIGNALS:
    void uploadProgress(berth::JobId lease, berth::TenantAgent::UploadStage stage, const QString& message);

private:
    void on_block(const BlockHeader& header, const std::vector<Event>& events);
    void upload(JobId lease);
    void report(JobId lease, UploadStage stage, const QString& message);
    /** Puts the receipt of an accepted upload on chain when the owner's key is at hand and the lease is LEASE_READY. */
    void post_receipt(JobId lease, const QJsonObject& answer);

    Node& m_node;
    std::set<JobId> m_first_uploads;
    KeySource m_keys;
};

} // namespace berth
