#pragma once

#include <cstddef>
#include <cstdint>

/** Size limits on user-supplied fields, enforced when transactions are decoded and validated. */
namespace berth::limits {
inline constexpr std::size_t name = 64;
inline constexpr std::size_t region = 64;
inline constexpr std::size_t url = 512;
inline constexpr std::size_t instance_type = 64;
inline constexpr std::size_t reason = 256;
inline constexpr std::size_t host = 255;
inline constexpr std::size_t access_items = 32;
inline constexpr std::size_t offers = 32;
inline constexpr std::size_t certificate = 8192;
inline constexpr std::size_t transaction = 16384;
/** Replicas of one lease: an order's and an update's. */
inline constexpr std::uint32_t lease_replicas = 64;
/** Replicas of one service in a lease's manifest; each runs on every replica of the lease. */
inline constexpr int service_replicas = 16;
/** Processes one lease may run on its provider: lease replicas × service replicas, summed over the services. */
inline constexpr int lease_processes = 256;
/** Units one offer may make available of its instance type. */
inline constexpr std::uint32_t offer_capacity = 100000;
} // namespace berth::limits
