#pragma once

#include "providerrow.h"

#include <QList>
#include <QMetaType>

namespace berth::gui {

/**
 * A part of the market's providers as it crosses from the node's thread at start. The node
 * sends its registry in chunks, so that no copy of the whole market is made on the way: only
 * the model holds every row. The rows are implicitly shared, so that the queued signal that
 * carries a chunk across threads does not copy them again.
 */
struct ProviderChunk {
    QList<ProviderRow> rows;
    /** How many rows the whole registry has, so that the model holds them in one allocation. */
    std::size_t total = 0;
    /** The registry's last chunk: the model then holds the whole market. */
    bool last = false;
};

} // namespace berth::gui

Q_DECLARE_METATYPE(berth::gui::ProviderChunk)
