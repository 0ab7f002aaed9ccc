#include "params.h"

#include "decoder.h"
#include "encoder.h"

#include <algorithm>
#include <limits>
#include <set>
#include <stdexcept>

namespace berth {

void Params::validate() const
{
    auto require = [](bool ok, const char* message) {
        if (!ok) throw std::invalid_argument(message);
    };
    require(!chain_id.empty() && chain_id.size() <= 64, "chain_id must be 1 to 64 characters");
    require(block_ms >= 10 && block_ms <= max_block_ms, "block_ms must be 10 to 600000 (ten minutes)");
    require(bid_window_blocks >= 1 && bid_window_blocks <= 2, "bid_window_blocks must be 1 or 2");
    require(stake_per_job > 0, "stake_per_job must be positive");
    require(slash_fraction_bps >= 1 && slash_fraction_bps <= 10000, "slash_fraction_bps must be 1 to 10000");
    // slash_amount() multiplies before it divides: the product must fit, or a fault would throw.
    require(stake_per_job <= std::numeric_limits<Amount>::max() / 10000,
            "stake_per_job is too large: stake_per_job times slash_fraction_bps would overflow 256 bits");
    require(slash_amount() > 0, "slash_fraction_bps of stake_per_job rounds to a slash of zero; raise one of them");
    // Deadlines are block times in milliseconds plus these spans: bounded, no sum can overflow.
    for (const auto& [name, seconds] :
         {std::pair{"job_bootstrapping_s", job_bootstrapping_s}, std::pair{"job_startup_s", job_startup_s},
          std::pair{"job_exit_cooldown_s", job_exit_cooldown_s}, std::pair{"min_escrow_seconds", min_escrow_seconds},
          std::pair{"fault_window_s", fault_window_s}, std::pair{"close_ack_timeout_s", close_ack_timeout_s},
          std::pair{"manifest_timeout_s", manifest_timeout_s}})
        if (seconds > max_duration_s) throw std::invalid_argument(std::string(name) + " must be at most 315360000 (ten years)");
    require(job_bootstrapping_s > 0, "job_bootstrapping_s must be positive");
    require(min_escrow_seconds > 0, "min_escrow_seconds must be positive");
    require(auditor_quorum >= 1, "auditor_quorum must be at least 1");
    require(max_lookup_windows >= 1 && max_lookup_windows <= 100'000'000, "max_lookup_windows must be 1 to 100000000");
    require(fault_window_s > 0, "fault_window_s must be positive");
    require(close_ack_timeout_s > 0, "close_ack_timeout_s must be positive");
    // The provider must be able to give up on a missing manifest before it is slashed for not deploying.
    require(manifest_timeout_s > 0 && manifest_timeout_s < job_bootstrapping_s,
            "manifest_timeout_s must be positive and shorter than job_bootstrapping_s");
    require(instance_types.size() <= max_instance_types, "a chain has at most 64 instance types");
    std::set<std::string_view> names;
    for (const InstanceType& type : instance_types) {
        type.validate();
        if (!names.insert(type.name).second) throw std::invalid_argument("instance type '" + type.name + "' is listed twice");
    }
}

const InstanceType* Params::instance_type(std::string_view name) const
{
    const auto found = std::find_if(instance_types.begin(), instance_types.end(), [name](const InstanceType& t) { return t.name == name; });
    return found == instance_types.end() ? nullptr : &*found;
}

std::string Params::instance_type_problem(std::string_view name) const
{
    if (name.empty()) return "instance type must not be empty";
    if (instance_types.empty() || instance_type(name)) return {};
    std::string known;
    for (const InstanceType& type : instance_types) known += (known.empty() ? "" : ", ") + type.name;
    return "instance type '" + std::string(name) + "' is not one of this chain's: " + known;
}

void Params::encode(Encoder& out) const
{
    out.str(chain_id)
        .u64(block_ms)
        .u32(bid_window_blocks)
        .amount(stake_per_job)
        .u32(slash_fraction_bps)
        .u64(job_bootstrapping_s)
        .u64(job_startup_s)
        .u64(job_exit_cooldown_s)
        .u64(min_escrow_seconds)
        .u32(auditor_quorum)
        .u32(max_lookup_windows)
        .u64(fault_window_s)
        .u64(close_ack_timeout_s)
        .u64(manifest_timeout_s)
        .u32(static_cast<std::uint32_t>(instance_types.size()));
    for (const InstanceType& type : instance_types) type.encode(out);
}

Params Params::decode(Decoder& in)
{
    Params p;
    p.chain_id = in.str("chain_id", 64);
    p.block_ms = in.u64("block_ms");
    p.bid_window_blocks = in.u32("bid_window_blocks");
    p.stake_per_job = in.amount("stake_per_job");
    p.slash_fraction_bps = in.u32("slash_fraction_bps");
    p.job_bootstrapping_s = in.u64("job_bootstrapping_s");
    p.job_startup_s = in.u64("job_startup_s");
    p.job_exit_cooldown_s = in.u64("job_exit_cooldown_s");
    p.min_escrow_seconds = in.u64("min_escrow_seconds");
    p.auditor_quorum = in.u32("auditor_quorum");
    p.max_lookup_windows = in.u32("max_lookup_windows");
    p.fault_window_s = in.u64("fault_window_s");
    p.close_ack_timeout_s = in.u64("close_ack_timeout_s");
    p.manifest_timeout_s = in.u64("manifest_timeout_s");
    const std::uint32_t types = in.count("instance_types", 20);
    for (std::uint32_t i = 0; i < types; ++i) p.instance_types.push_back(InstanceType::decode(in));
    return p;
}

} // namespace berth
