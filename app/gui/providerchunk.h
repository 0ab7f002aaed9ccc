#pragma once

#include "providerrow.h"

#include <QMetaType>

#include <vector>

namespace berth::gui {

/**
 * A part of the market's providers as it crosses from the node's thread at start. The node
 * sends its registry in chunks, so that no copy of the whole market is made on the way: only
 * the model holds every row.
 */
struct ProviderChunk {
    std::vector<ProviderRow> rows;
    /** How many rows the whole registry has, so that the model holds them in one allocation. */
    std::size_t total = 0;
    /** The registry's last chunk: the model then holds the whole market. */
    bool last = false;
};

} // namespace berth::gui

Q_DECLARE_METATYPE(berth::gui::ProviderChunk)
