#pragma once

#include <job.h>
#include <state.h>

#include <QMetaType>
#include <QString>

#include <cstdint>

namespace berth::gui {

/**
 * One lease of the current identity as the GUI sees it: a copy of the ledger's job taken on
 * the node's thread, plus the provider's display name. Keeping the whole Job lets the GUI
 * thread apply core's own escrow rule (Escrow::accrued, Escrow::exhaustion_ms) to the tip's
 * block time instead of re-deriving it, without ever pointing into the ledger.
 */
struct LeaseRow {
    Job job;
    QString provider_name;

    static LeaseRow from(const Job& job, const State& state);
};

/** "2 h 13 min", "45 min", "30 s", "3 d 4 h": a duration short enough for a card. */
QString format_duration(std::uint64_t ms);

} // namespace berth::gui

Q_DECLARE_METATYPE(berth::gui::LeaseRow)
