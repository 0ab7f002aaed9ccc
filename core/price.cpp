#include "price.h"

#include <limits>
#include <stdexcept>

namespace berth::price {

// Products of a rate and seconds or of two scales exceed 256 bits before they are divided down.
using Wide = boost::multiprecision::checked_uint512_t;

static constexpr unsigned seconds_per_hour = 3600;

static Wide pow10_wide(unsigned exponent)
{
    Wide result = 1;
    for (unsigned i = 0; i < exponent; ++i) result *= 10;
    return result;
}

static Amount narrow(const Wide& value)
{
    if (value > Wide(std::numeric_limits<Amount>::max())) throw std::overflow_error("a price computation does not fit in 256 bits");
    return Amount(value);
}

const Amount& scale()
{
    static const Amount value = narrow(pow10_wide(rate_decimals));
    return value;
}

Amount from_base_units(const Amount& base_units_per_s)
{
    return narrow(Wide(base_units_per_s) * Wide(scale()));
}

std::string format_per_s(const Amount& rate)
{
    return format_amount(rate, rate_decimals);
}

Amount parse_per_s(std::string_view text)
{
    return parse_amount(text, rate_decimals);
}

std::string format_usdc_per_s(const Amount& rate)
{
    return format_amount(rate, decimals(Denom::USDC) + rate_decimals);
}

Amount parse_usdc_per_s(std::string_view text)
{
    return parse_amount(text, decimals(Denom::USDC) + rate_decimals);
}

Amount parse_per_hour(std::string_view usdc_per_hour)
{
    // In units of 10^-(6+12) USDC per hour, that is of 10^-12 base units per hour.
    const Amount per_hour = parse_amount(usdc_per_hour, decimals(Denom::USDC) + rate_decimals);
    return per_hour / seconds_per_hour;
}

std::string format_per_hour(const Amount& rate)
{
    // rate × 3600 is in 10^-18 USDC per hour; keep 12 decimals of USDC, rounding half up.
    const Wide per_hour = Wide(rate) * seconds_per_hour;
    const Wide unit = pow10_wide(decimals(Denom::USDC));
    const Wide rounded = (per_hour + unit / 2) / unit;
    return format_amount(narrow(rounded), rate_decimals);
}

Amount charge(const Amount& rate, std::uint64_t seconds)
{
    return narrow(Wide(rate) * seconds / Wide(scale()));
}

Amount cover(const Amount& rate, std::uint64_t seconds)
{
    const Wide product = Wide(rate) * seconds;
    const Wide s = Wide(scale());
    return narrow((product + s - 1) / s);
}

std::uint64_t seconds_covered(const Amount& rate, const Amount& budget)
{
    if (rate == 0) throw std::invalid_argument("seconds_covered needs a positive rate");
    // floor(rate × s / 10^12) ≤ budget  ⇔  rate × s < (budget + 1) × 10^12.
    const Wide seconds = ((Wide(budget) + 1) * Wide(scale()) - 1) / Wide(rate);
    if (seconds > Wide(std::numeric_limits<std::uint64_t>::max())) return std::numeric_limits<std::uint64_t>::max();
    return static_cast<std::uint64_t>(seconds);
}

} // namespace berth::price
