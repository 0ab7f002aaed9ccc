#pragma once

#include "historyrow.h"
#include "identityrow.h"
#include "leaserow.h"

#include <QMetaType>

#include <vector>

namespace berth::gui {

/**
 * Everything that depends on who the GUI acts as, loaded when the node starts and again on
 * every identity switch: the identity itself, the jobs it owns (the Leases and Wallet pages),
 * the jobs it serves as a provider (the Provider page), and its recent history, newest first.
 */
struct IdentitySnapshot {
    IdentityRow identity;
    /** Owned jobs by ascending id. */
    std::vector<LeaseRow> leases;
    /** Jobs this identity serves as their provider, by ascending id. */
    std::vector<LeaseRow> served;
    std::vector<HistoryRow> history;
    /** The tip's block time, for the live escrow values. */
    std::uint64_t now_ms = 0;
};

} // namespace berth::gui

Q_DECLARE_METATYPE(berth::gui::IdentitySnapshot)
