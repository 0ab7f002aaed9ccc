#pragma once

#include "blocksummary.h"
#include "eventrow.h"
#include "historyrow.h"
#include "identityrow.h"
#include "leaserow.h"
#include "providerrow.h"

#include <QMetaType>

#include <vector>

namespace berth::gui {

/**
 * What one committed block changed, as far as the GUI cares: the block summary, its events
 * in order, and fresh copies of only the providers and the current identity's leases (owned
 * and served) its events touched, plus the identity's own row and the history lines the
 * block added for it. The models apply it incrementally; nothing here is a full listing.
 */
struct BlockDelta {
    BlockSummary block;
    std::vector<EventRow> events;
    std::vector<ProviderRow> changed_providers;
    std::vector<LeaseRow> changed_leases;
    std::vector<LeaseRow> changed_served;
    IdentityRow identity;
    std::vector<HistoryRow> history;
};

} // namespace berth::gui

Q_DECLARE_METATYPE(berth::gui::BlockDelta)
