#pragma once

#include <address.h>
#include <amount.h>
#include <price.h>
#include <provider.h>
#include <state.h>

#include <boost/container/small_vector.hpp>

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace berth::gui {

class SharedStrings;

/** One offer of a provider row, copied out of the ledger. */
struct OfferRow {
    QString instance_type;
    Amount price_per_s = 0;
    std::uint32_t capacity = 0;
    std::uint32_t used = 0;

    std::uint32_t free() const { return used >= capacity ? 0 : capacity - used; }
};

/**
 * A provider's offers. Most providers offer one instance type, which then lives inside the
 * row: a market's worth of rows is copied from chunk to model without a heap block each.
 */
using OfferRows = boost::container::small_vector<OfferRow, 1>;

/**
 * A provider as the GUI sees it: a self-contained copy of its registry entry and its stake,
 * taken on the node's thread and handed to the GUI thread by value, so a view model never
 * holds a pointer into the ledger that the next block may move.
 */
struct ProviderRow {
    /** Kept as bytes and spelled out when shown: 32 bytes in the row against 160 on the heap. */
    Address address;
    QString name;
    QString region;
    QString endpoint;
    OfferRows offers;
    Amount stake = 0;
    Amount stake_locked = 0;
    std::uint32_t slashes = 0;
    std::uint32_t jobs_served = 0;
    std::uint32_t active_jobs = 0;

    /**
     * `state` gives the provider's stake and what its jobs lock. With `shared`, the row's instance
     * types and region share their buffers with other rows'.
     */
    static ProviderRow from(const Address& address, const Provider& provider, const State& state, SharedStrings* shared = nullptr);

    /** The cheapest offer's price per second, or null without offers; it points into the row. */
    const Amount* cheapest_price() const;
    /** The price of one instance type, or null when the provider does not offer it; it points into the row. */
    const Amount* price_of(const QString& instance_type) const;
    std::uint32_t free_capacity() const;
    QString address_text() const { return QString::fromStdString(address.str()); }
    QStringList instance_types() const;
};

/** Exact decimal strings for amounts: the GUI never turns an amount into a floating-point number. */
QString format_usdc(const Amount& amount);
QString format_pond(const Amount& amount);
/** A price (a rate, core/price.h) as exact USDC per second, with up to 18 decimals. */
QString format_price(const Amount& rate);
/** A price as USDC per hour, rounded half up to 12 decimals (core/price.h). */
QString format_price_per_hour(const Amount& rate);

} // namespace berth::gui

Q_DECLARE_METATYPE(berth::gui::ProviderRow)
