#pragma once

#include "blocksummary.h"
#include "leaserow.h"
#include "providerrow.h"

#include <QMetaType>
#include <QString>

#include <vector>

namespace berth::gui {

/** Everything the GUI loads once when the node has started: its status, every provider and the identity's leases. */
struct NodeSnapshot {
    BlockSummary block;
    std::vector<ProviderRow> providers;
    /** The jobs the current identity owns, by ascending id. */
    std::vector<LeaseRow> leases;
    QString chain_id;
    std::uint64_t block_ms = 0;
    QString data_directory;
    QString rpc_url;
};

} // namespace berth::gui

Q_DECLARE_METATYPE(berth::gui::NodeSnapshot)
