#pragma once

#include <QHostAddress>
#include <QList>
#include <QMap>
#include <QString>
#include <QUrl>

#include <cstdint>

namespace berth {

/** How a node is started: where its data lives, whether it runs the devnet or follows another node, and its RPC address. */
struct NodeConfig {
    QString datadir;
    bool devnet = false;
    /** Follower mode: the producer's RPC base URL. Empty means this node produces blocks. */
    QUrl follow;
    QHostAddress rpc_address = QHostAddress::LocalHost;
    /** 0 picks a free port. */
    quint16 rpc_port = 0;
    bool rpc_enabled = true;
    /** Overrides the devnet template's block time on first start; 0 keeps it. */
    std::uint64_t block_ms = 0;
    int demo_providers = 5;
    /** Genesis parameters that replace the devnet template's on first start ("job_startup_s" → "5"). */
    QMap<QString, QString> devnet_params;
    bool run_agents = true;
    /** Devnet fault injection: this demo provider's workloads die `faulty_after_s` seconds after they start. */
    QString faulty_provider;
    int faulty_after_s = 20;
    /** Whether the provider agents run manifests' command workloads (static-http always runs). */
    bool allow_command_workloads = false;
    /** The static-http workload program; empty means berth-workload beside this executable. */
    QString workload_program;
    /** Where provider agents' manifest endpoints and workloads listen, and the host their URLs on chain name. */
    QHostAddress provider_listen = QHostAddress::LocalHost;
    QString provider_public_host = QStringLiteral("127.0.0.1");
    /** mempool_max_transactions */
    std::size_t mempool_capacity = 20000;
    /** mempool_max_per_sender: pending transactions of one sender. */
    std::size_t mempool_per_sender = 5000;
    std::size_t max_block_transactions = 5000;
    /** Threads that check signatures of submitted batches and followed blocks; 0 is one per core. */
    int verify_threads = 0;

    /** Network mode: the network's genesis file, copied into the data directory on first start. */
    QString network_genesis;
    /** Network mode: the etcd cluster that orders the network's blocks (its client URLs). */
    QList<QUrl> etcd_endpoints;
    /** PEM files for an etcd cluster that requires TLS client certificates; empty when it does not. */
    QString etcd_ca_file;
    QString etcd_cert_file;
    QString etcd_key_file;
    /** Network mode: the keystore account whose key signs blocks; empty for a node that does not produce. */
    QString producer_account;
    /** Unlocks this node's own keys on a network (the producer's, its agents'); from BERTH_PASSPHRASE. */
    QString passphrase;
};

} // namespace berth
