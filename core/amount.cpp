#include "amount.h"

#include <stdexcept>

namespace berth {

unsigned decimals(Denom denom)
{
    return denom == Denom::USDC ? 6u : 18u;
}

std::string_view denom_name(Denom denom)
{
    return denom == Denom::USDC ? "USDC" : "POND";
}

static Amount pow10(unsigned exponent)
{
    Amount result = 1;
    for (unsigned i = 0; i < exponent; ++i) result *= 10;
    return result;
}

static void append_digits(Amount& value, std::string_view digits, std::string_view whole)
{
    for (char c : digits) {
        if (c < '0' || c > '9')
            throw std::invalid_argument("'" + std::string(whole) + "' is not a decimal number: unexpected '" + std::string(1, c) + "'");
        try {
            value = value * 10 + static_cast<unsigned>(c - '0');
        } catch (const std::overflow_error&) {
            throw std::invalid_argument("'" + std::string(whole) + "' does not fit in 256 bits");
        }
    }
}

Amount parse_amount(std::string_view text, unsigned decimals)
{
    if (text.empty()) throw std::invalid_argument("amount is empty");
    if (text.front() == '-' || text.front() == '+')
        throw std::invalid_argument("'" + std::string(text) + "' must be an unsigned amount without a sign");

    const auto dot = text.find('.');
    const std::string_view integer = text.substr(0, dot);
    const std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    if (integer.empty() && fraction.empty()) throw std::invalid_argument("'" + std::string(text) + "' has no digits");
    if (dot != std::string_view::npos && fraction.empty()) throw std::invalid_argument("'" + std::string(text) + "' ends with a decimal point");
    if (fraction.size() > decimals)
        throw std::invalid_argument("'" + std::string(text) + "' has " + std::to_string(fraction.size()) + " fraction digits; at most " +
                                    std::to_string(decimals) + " are allowed");

    Amount value = 0;
    append_digits(value, integer, text);
    append_digits(value, fraction, text);
    try {
        value *= pow10(decimals - static_cast<unsigned>(fraction.size()));
    } catch (const std::overflow_error&) {
        throw std::invalid_argument("'" + std::string(text) + "' does not fit in 256 bits");
    }
    return value;
}

Amount parse_base_units(std::string_view text)
{
    if (text.find('.') != std::string_view::npos)
        throw std::invalid_argument("'" + std::string(text) + "' must be a whole number of base units");
    return parse_amount(text, 0);
}

std::string to_string(const Amount& amount)
{
    return amount.str();
}

std::string format_amount(const Amount& amount, unsigned decimals)
{
    std::string digits = amount.str();
    if (decimals == 0) return digits;
    if (digits.size() <= decimals) digits.insert(0, decimals + 1 - digits.size(), '0');
    std::string integer = digits.substr(0, digits.size() - decimals);
    std::string fraction = digits.substr(digits.size() - decimals);
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    return fraction.empty() ? integer : integer + "." + fraction;
}

} // namespace berth
