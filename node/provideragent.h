#pragma once

#include "manifest.h"
#include "manifeststore.h"
#include "tlsidentity.h"
#include "workloadruntime.h"

#include <event.h>
#include <privatekey.h>
#include <transaction.h>

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QUrl>

#include <map>
#include <memory>
#include <optional>
#include <set>

namespace berth {

class ManifestServer;
class Node;
struct BlockHeader;

/**
 * A provider's agent running inside the node. It bids its offer price on PROVIDER_LOOKUP
 * orders it is eligible for, confirms a won reservation with LEASE_READY, serves the mTLS
 * manifest endpoint with the provider's on-chain certificate (publishing the certificate and
 * the endpoint first when the chain does not have them), deploys an accepted manifest on its
 * workload runtime and posts DEPLOYMENT_CONFIRMED with the access URLs, applies updates and
 * posts LEASE_UPDATED, stops the workload whenever the lease ends or leaves it (close, escrow
 * exhaustion, exit, slashing), and closes a lease whose owner never sends a manifest. It signs
 * with the provider's own key and submits through the node's mempool like any client.
 */
class ProviderAgent : public QObject
{
    Q_OBJECT

public:
    struct Options {
        /** Bid = offer price × this factor in basis points (10000 = the offer price). */
        std::uint32_t price_factor_bps = 10000;
        /** Devnet fault injection: every workload dies this many seconds after it starts (0 = never). */
        int fail_after_s = 0;
        bool allow_commands = false;
        /** The static-http workload program; empty means the one installed beside this executable. */
        QString workload_program;
        /** Where the manifest endpoint and the workloads listen, and the host their URLs name. */
        QHostAddress listen = QHostAddress::LocalHost;
        QString public_host = QStringLiteral("127.0.0.1");
    };

    ProviderAgent(Node& node, QString name, PrivateKey key, Options options);
    ~ProviderAgent() override;

    /** The https URL of the manifest endpoint. */
    QUrl endpoint() const { return m_endpoint; }
    const WorkloadRuntime& runtime() const { return *m_runtime; }

private:
    struct Deployment {
        Hash256 manifest_hash;
        enum class Then { ConfirmDeployment, LeaseUpdated, RestoreAccess, Nothing } then = Then::Nothing;
        bool running = false;
        /** The manifest that ran before an update began rolling out; it keeps serving if the update fails. */
        std::optional<Hash256> previous;
    };

    void start_endpoint();
    void on_block(const BlockHeader& header, const std::vector<Event>& events);
    void on_manifest(JobId lease, const QByteArray& bytes, const Manifest& manifest);
    void on_deployed(JobId lease, const QList<ReplicaStatus>& replicas);
    void on_deploy_failed(JobId lease, const QString& reason);
    /** Runs the manifest with `replicas` replicas, each with the resources of `instance_type` on this chain. */
    void deploy(JobId lease, const Hash256& hash, const Manifest& manifest, const std::string& instance_type, int replicas,
                Deployment::Then then, const QList<quint16>& ports = {});
    /** DATADIR/providers/NAME/logs: what its leases' replicas printed. */
    QString logs_directory() const;
    /** What a replica of `instance_type` gets on this chain. */
    InstanceType resources_of(const std::string& instance_type) const;
    void apply_update(JobId lease);
    /** Posts RefuseUpdate once for the lease's pending update: the old terms and deployment stand. */
    void refuse_update(JobId lease, const QString& reason);
    /** Why this provider cannot run `manifest` for the lease (its current terms, or its pending update's), or empty. */
    QString check_manifest(JobId lease, const Manifest& manifest) const;
    void end_lease(JobId lease);
    void close_leases_without_manifest(std::uint64_t now_ms);
    void refresh_trusted_clients();
    QJsonObject deployment_status(JobId lease) const;
    void send(tx::Payload payload, const char* what);
    /** The agent's price per second for a lease: the offer's price for each replica, times the price factor. */
    std::optional<Amount> quote(const std::string& instance_type, std::uint32_t replicas) const;

    Node& m_node;
    QString m_name;
    PrivateKey m_key;
    Address m_address;
    Options m_options;
    std::unique_ptr<WorkloadRuntime> m_runtime;
    std::unique_ptr<ManifestServer> m_server;
    ManifestStore m_manifests;
    std::optional<TlsIdentity> m_identity;
    QUrl m_endpoint;
    /** The leases this provider holds (reserved capacity and locked stake). */
    std::set<JobId> m_leases;
    std::map<JobId, Deployment> m_deployments;
    std::set<JobId> m_timed_out;
    /** Leases whose pending update this agent refused already. */
    std::set<JobId> m_refused;
};

} // namespace berth
