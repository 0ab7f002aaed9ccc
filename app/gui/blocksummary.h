#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace berth::gui {

/** The status line of the node after a block: what the Node page shows besides the events. */
struct BlockSummary {
    std::uint64_t height = 0;
    std::uint64_t time_ms = 0;
    QString state_root;
    std::uint64_t mempool_size = 0;
    /** "devnet", "follower" or "etcd"; on a network, the producer holding the turn and etcd's members. */
    QString ordering;
    QString leader;
    QStringList ordering_members;
    bool leading = false;
    bool in_step = true;
};

} // namespace berth::gui

Q_DECLARE_METATYPE(berth::gui::BlockSummary)
