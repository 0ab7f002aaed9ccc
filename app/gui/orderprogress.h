#pragma once

#include <job.h>

#include <QMetaType>
#include <QString>

#include <cstdint>
#include <vector>

namespace berth::gui {

/** One provider as an order sees it: its bid, or the rule that keeps it from bidding. */
struct OrderProviderRow {
    QString address;
    QString name;
    Amount price_per_s = 0;
    /** Empty for a bid; for a provider that did not bid, why (a matching rule, or "has not bid yet"). */
    QString reason;
};

/**
 * Where the order the Deploy wizard made stands after a block: a copy of its job, the bids
 * of the current window with the providers' names, and, while no bid has come, every
 * provider with the rule that excluded it ("why no bids").
 */
struct OrderProgress {
    Job job;
    std::uint64_t height = 0;
    QString provider_name;
    std::vector<OrderProviderRow> bids;
    /** At most max_excluded_rows of them; excluded_total counts them all. */
    std::vector<OrderProviderRow> excluded;
    std::size_t excluded_total = 0;

    static constexpr std::size_t max_excluded_rows = 100;
};

} // namespace berth::gui

Q_DECLARE_METATYPE(berth::gui::OrderProgress)
