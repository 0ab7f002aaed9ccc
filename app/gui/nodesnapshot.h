#pragma once

#include "blocksummary.h"
#include "providerrow.h"

#include <QMetaType>
#include <QString>

#include <vector>

namespace berth::gui {

/** Everything the GUI loads once when the node has started: its status and every provider. */
struct NodeSnapshot {
    BlockSummary block;
    std::vector<ProviderRow> providers;
    QString chain_id;
    std::uint64_t block_ms = 0;
    QString data_directory;
    QString rpc_url;
};

} // namespace berth::gui

Q_DECLARE_METATYPE(berth::gui::NodeSnapshot)
