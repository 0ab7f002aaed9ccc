#pragma once

#include "amount.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace berth {

/**
 * Per-second prices ("rates") and the exact arithmetic billing does with them. A rate is an
 * Amount in units of 10^-12 USDC base units per second, so prices carry 12 decimals beyond
 * the token's base unit, as Oyster's MarketV1 keeps its rates: 0.02 USDC/h is the rate
 * 5555555555555 (5.555555555555 base units per second). Every on-chain price is a rate and
 * comparisons of prices stay integer comparisons of rates.
 *
 * Rounding, done once and always in the payer's favour unless stated:
 * - a charge for whole seconds is floor(rate × seconds / 10^12) base units;
 * - a minimum escrow is ceil(seconds × rate / 10^12) base units, so it covers that many seconds;
 * - a per-hour price H (decimal USDC) becomes the rate floor(H × 10^18 / 3600), the next
 *   10^-12 base unit per second down;
 * - a rate shown per hour is rate × 3600 rounded half up to 12 decimals of USDC. Any per-hour
 *   input with at most 12 decimals shows back exactly as typed.
 */
namespace price {

/** A rate's fraction digits beyond the base unit. */
inline constexpr unsigned rate_decimals = 12;
/** 10^12: the rate of one base unit per second. */
const Amount& scale();

/** The rate of a whole number of base units per second. Throws std::overflow_error past 256 bits. */
Amount from_base_units(const Amount& base_units_per_s);
/** Formats a rate as base units per second with up to 12 fraction digits and no trailing zeros ("20", "5.555555555555"). */
std::string format_per_s(const Amount& rate);
/**
 * Parses a decimal of base units per second with at most 12 fraction digits ("20", "0.000001")
 * into a rate. Throws std::invalid_argument naming the problem, as parse_amount does.
 */
Amount parse_per_s(std::string_view text);
/** Formats a rate as USDC per second, exactly: up to 18 decimals ("0.00002", "0.000003416666666666"). */
std::string format_usdc_per_s(const Amount& rate);
/** Parses a decimal of USDC per second with at most 18 fraction digits into a rate, exactly; throws like parse_per_s. */
Amount parse_usdc_per_s(std::string_view text);
/** Parses a decimal of USDC per hour ("0.0123", at most 18 fraction digits) into a rate, rounding down. */
Amount parse_per_hour(std::string_view usdc_per_hour);
/** Formats a rate as USDC per hour, rounded half up to 12 decimals, without trailing zeros. */
std::string format_per_hour(const Amount& rate);

/** floor(rate × seconds / 10^12): what `seconds` whole seconds at `rate` cost, in base units. */
Amount charge(const Amount& rate, std::uint64_t seconds);
/** ceil(rate × seconds / 10^12): the least escrow that pays `seconds` whole seconds. Throws std::overflow_error past 256 bits. */
Amount cover(const Amount& rate, std::uint64_t seconds);
/**
 * The most whole seconds whose charge at `rate` stays within `budget` base units, that is the
 * largest s with floor(rate × s / 10^12) ≤ budget; UINT64_MAX when that is beyond 64 bits.
 * `rate` must be positive.
 */
std::uint64_t seconds_covered(const Amount& rate, const Amount& budget);

} // namespace price
} // namespace berth
