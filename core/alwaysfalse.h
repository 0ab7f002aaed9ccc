#pragma once

namespace berth {

/** False for every type. A visitor's last `else` asserts it, so that a payload added without a
 * case fails to compile; C++20 does not allow `static_assert(false)` there. */
template <typename>
inline constexpr bool always_false = false;

} // namespace berth
