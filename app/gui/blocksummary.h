#pragma once

#include <QMetaType>
#include <QString>

#include <cstdint>

namespace berth::gui {

/** The status line of the node after a block: what the Node page shows besides the events. */
struct BlockSummary {
    std::uint64_t height = 0;
    std::uint64_t time_ms = 0;
    QString state_root;
    std::uint64_t mempool_size = 0;
};

} // namespace berth::gui

Q_DECLARE_METATYPE(berth::gui::BlockSummary)
