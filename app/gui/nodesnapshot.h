#pragma once

#include "blocksummary.h"
#include "identitysnapshot.h"
#include "providerchunk.h"

#include <instancetype.h>

#include <QList>
#include <QMetaType>
#include <QString>

#include <vector>

namespace berth::gui {

/**
 * Everything the GUI loads once when the node has started: its status, the keystore's accounts and
 * the identity's view. The providers follow it in ProviderChunks.
 */
struct NodeSnapshot {
    BlockSummary block;
    IdentitySnapshot identity;
    QList<AccountRow> accounts;
    /** The stake a provider must have unlocked per job (and staked before registering). */
    Amount stake_per_job = 0;
    /** An order's deposit must cover this many seconds at its max price. */
    std::uint64_t min_escrow_seconds = 0;
    QString chain_id;
    std::uint64_t block_ms = 0;
    /** What each instance type gives a replica; empty when the chain names none. */
    std::vector<InstanceType> instance_types;
    QString data_directory;
    QString rpc_url;
};

} // namespace berth::gui

Q_DECLARE_METATYPE(berth::gui::NodeSnapshot)
