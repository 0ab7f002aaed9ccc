#pragma once

#include "providerrow.h"

#include <QList>
#include <QMetaType>

namespace berth::gui {

/**
 * A part of the market's providers as it crosses from the node's thread at start. The node
 * sends its registry in chunks, so that no copy of the whole market is made on the way: only
 * the model holds every row. The rows are implicitly shared: neither the queued signal that
 * carries a chunk across threads nor the model, which keeps the chunk's list as it came,
 * copies them again.
 */
struct ProviderChunk {
    QList<ProviderRow> rows;
    /** The registry's last chunk: the model then holds the whole market. */
    bool last = false;
};

} // namespace berth::gui

Q_DECLARE_METATYPE(berth::gui::ProviderChunk)
