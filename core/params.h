#pragma once

#include "amount.h"
#include "instancetype.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace berth {

class Encoder;
class Decoder;

/** The market's genesis parameters, fixed for the life of a chain (docs/design.md, "Genesis parameters"). */
struct Params {
    std::string chain_id = "berth-devnet";
    std::uint64_t block_ms = 1000;
    std::uint32_t bid_window_blocks = 2;
    Amount stake_per_job = Amount(100) * Amount("1000000000000000000"); // 100 POND
    std::uint32_t slash_fraction_bps = 1000;                            // 10% of stake_per_job
    std::uint64_t job_bootstrapping_s = 60;
    std::uint64_t job_startup_s = 10;
    std::uint64_t job_exit_cooldown_s = 30;
    std::uint64_t min_escrow_seconds = 60;
    std::uint32_t auditor_quorum = 2;
    std::uint32_t max_lookup_windows = 3;
    /** Fault reports older than this no longer count towards the quorum. */
    std::uint64_t fault_window_s = 60;
    /** A provider that never acknowledges a user's close is closed by the chain after this long. */
    std::uint64_t close_ack_timeout_s = 60;
    /** A matched lease whose owner sends no manifest within this long may be closed by its provider. */
    std::uint64_t manifest_timeout_s = 30;
    /**
     * The instance types offers and orders may name, each with the resources a replica gets.
     * Empty: any name is accepted, and providers run replicas under their runtime's defaults.
     */
    std::vector<InstanceType> instance_types;

    static constexpr std::size_t max_instance_types = 64;

    /** The longest span a time parameter may have (ten years), so that no deadline in milliseconds overflows. */
    static constexpr std::uint64_t max_duration_s = 315'360'000;
    static constexpr std::uint64_t max_block_ms = 600'000;

    /** The table's entry for `name`; null when the table lacks it (always, for an empty table). */
    const InstanceType* instance_type(std::string_view name) const;
    /** Why offers and orders may not name `name` on this chain; empty when they may. */
    std::string instance_type_problem(std::string_view name) const;

    /** What one slash takes from a provider's stake: slash_fraction_bps of stake_per_job, rounded down. */
    Amount slash_amount() const { return stake_per_job * slash_fraction_bps / 10000; }

    /** Throws std::invalid_argument naming the first parameter out of range. */
    void validate() const;
    void encode(Encoder& out) const;
    static Params decode(Decoder& in);
    bool operator==(const Params&) const = default;
};

} // namespace berth
