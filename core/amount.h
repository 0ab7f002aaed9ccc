#pragma once

#include <boost/multiprecision/cpp_int.hpp>

#include <string>
#include <string_view>

namespace berth {

/**
 * A token amount in base units: a 256-bit unsigned integer whose arithmetic throws
 * std::overflow_error on overflow and std::range_error on a negative result, never wraps.
 */
using Amount = boost::multiprecision::checked_uint256_t;

/** The chain's two denominations: USDC pays for compute, POND is staked by providers. */
enum class Denom : std::uint8_t { USDC = 0, POND = 1 };

unsigned decimals(Denom denom);
std::string_view denom_name(Denom denom);

/**
 * Parses an exact decimal such as "12.5" into base units of a denomination with `decimals`
 * fraction digits. Throws std::invalid_argument naming the problem: empty, a sign, a stray
 * character, more fraction digits than the denomination has, or a value over 256 bits.
 */
Amount parse_amount(std::string_view text, unsigned decimals);

/** Parses a plain decimal integer of base units, as amounts appear in JSON; throws like parse_amount. */
Amount parse_base_units(std::string_view text);

/** Formats base units as an exact decimal, without trailing fraction zeros ("12.5", "3", "0.000001"). */
std::string format_amount(const Amount& amount, unsigned decimals);

std::string to_string(const Amount& amount);

} // namespace berth
