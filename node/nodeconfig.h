#pragma once

#include <QHostAddress>
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
    bool run_agents = true;
    std::size_t mempool_capacity = 20000;
    std::size_t max_block_transactions = 5000;
};

} // namespace berth
