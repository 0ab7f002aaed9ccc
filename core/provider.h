#pragma once

#include "amount.h"

#include <boost/container/flat_map.hpp>
#include <boost/container/small_vector.hpp>

#include <cstdint>
#include <string>
#include <utility>

namespace berth {

class Encoder;
class Decoder;

/** A provider's standing offer of one instance type: its price per second and its capacity in units. */
struct Offer {
    Amount price_per_s = 0;
    std::uint32_t capacity = 0;
    std::uint32_t used = 0;

    std::uint32_t free() const { return capacity - used; }
    bool operator==(const Offer&) const = default;
};

/**
 * A provider's offers by instance type, in type order. Nearly every provider offers one or two
 * types, so they sit in a small sorted vector inside the row rather than in tree nodes of their own.
 */
using Offers = boost::container::flat_map<std::string, Offer, std::less<>, boost::container::small_vector<std::pair<std::string, Offer>, 1>>;

/**
 * A registered provider: how it is described in the marketplace, its offers by instance type,
 * and its record (jobs served now and ever, slashes suffered). Its stake lives in its Account.
 */
struct Provider {
    std::string name;
    std::string region;
    std::string endpoint;
    Offers offers;
    std::uint32_t active_jobs = 0;
    std::uint32_t slashes = 0;
    /** Every job it was ever matched to; with slashes it gives the auditors' score of its service. */
    std::uint32_t jobs_served = 0;
    std::uint64_t registered_at_ms = 0;

    void encode(Encoder& out) const;
    static Provider decode(Decoder& in);
    bool operator==(const Provider&) const = default;
};

} // namespace berth
