#include "job.h"

#include "decoder.h"
#include "encoder.h"
#include "fieldlimits.h"
#include "params.h"

#include <algorithm>

namespace berth {

std::string_view job_state_name(JobState state)
{
    switch (state) {
    case JobState::ProviderLookup: return "PROVIDER_LOOKUP";
    case JobState::CreateLease: return "CREATE_LEASE";
    case JobState::LeaseReady: return "LEASE_READY";
    case JobState::DeploymentConfirmed: return "DEPLOYMENT_CONFIRMED";
    case JobState::UpdateLease: return "UPDATE_LEASE";
    case JobState::CloseLease: return "CLOSE_LEASE";
    case JobState::ExitCooldown: return "EXIT_COOLDOWN";
    case JobState::LeaseClosed: return "LEASE_CLOSED";
    case JobState::OrderClosed: return "ORDER_CLOSED";
    }
    return "UNKNOWN";
}

std::string_view close_reason_name(CloseReason reason)
{
    switch (reason) {
    case CloseReason::None: return "";
    case CloseReason::User: return "user";
    case CloseReason::InsufficientFunds: return "insufficient_funds";
    case CloseReason::ProviderExit: return "provider_exit";
    case CloseReason::NoProvider: return "no_provider";
    case CloseReason::BootstrapTimeout: return "bootstrap_timeout";
    case CloseReason::ManifestTimeout: return "manifest_timeout";
    }
    return "unknown";
}

std::uint64_t fault_reports_open_ms(const Job& job, const Params& params)
{
    std::uint64_t open = job.access_posted_at_ms + params.job_startup_s * 1000;
    if (job.state == JobState::UpdateLease) open = std::max(open, job.update_requested_at_ms + params.job_bootstrapping_s * 1000);
    return open;
}

bool Job::holds_provider() const
{
    switch (state) {
    case JobState::CreateLease:
    case JobState::LeaseReady:
    case JobState::DeploymentConfirmed:
    case JobState::UpdateLease:
    case JobState::CloseLease:
    case JobState::ExitCooldown: return true;
    default: return false;
    }
}

static void encode_address(Encoder& out, const Address& a)
{
    out.raw(a.bytes());
}

static Address decode_address(Decoder& in, const char* field)
{
    return Address(in.fixed<Address::size>(field));
}

template <typename E>
static E decode_enum(Decoder& in, const char* field, E last)
{
    const std::uint8_t v = in.u8(field);
    if (v > static_cast<std::uint8_t>(last)) throw DecodeError(std::string("'") + field + "' is out of range");
    return static_cast<E>(v);
}

void Job::encode(Encoder& out) const
{
    // Compact forms throughout: a job is most of the state, held encoded in memory and stored,
    // and most of its numbers (times, counters, amounts) need a few of their fixed-width bytes.
    out.varint(id);
    encode_address(out, owner);
    out.compact_str(instance_type).varint(replicas).compact_amount(max_price_per_s).raw(manifest_hash.bytes()).compact_str(image_url);
    out.varint(created_at_ms).u8(static_cast<std::uint8_t>(state)).u8(static_cast<std::uint8_t>(close_reason));
    out.varint(window_end_height).varint(lookup_windows);
    out.varint(bids.size());
    for (const Bid& b : bids) {
        encode_address(out, b.provider);
        out.compact_amount(b.price_per_s).varint(b.seq).varint(b.height);
    }
    out.varint(excluded.size());
    for (const Address& a : excluded) encode_address(out, a);
    out.u8(static_cast<std::uint8_t>(lookup_cause)).varint(reassignments);
    encode_address(out, provider);
    out.compact_amount(price_per_s).varint(matched_at_ms).varint(confirmed_at_ms);
    out.compact_str(access.host).varint(access.ports.size());
    for (std::uint32_t port : access.ports) out.varint(port);
    out.varint(access.urls.size());
    for (const std::string& url : access.urls) out.compact_str(url);
    out.boolean(pending_update.has_value());
    if (pending_update)
        out.compact_str(pending_update->instance_type)
            .varint(pending_update->replicas)
            .raw(pending_update->manifest_hash.bytes())
            .compact_amount(pending_update->max_price_per_s);
    out.varint(exit_at_ms).varint(closing_at_ms);
    out.varint(faults.size());
    for (const FaultReport& f : faults) {
        encode_address(out, f.auditor);
        out.varint(f.time_ms);
    }
    out.compact_amount(escrow).compact_amount(spent).boolean(billing).varint(settled_until_ms);
    out.varint(update_requested_at_ms).varint(access_posted_at_ms).varint(last_restore_at_ms).varint(manifest_delivered_at_ms);
    out.varint(segment_start_ms).compact_amount(segment_charged);
    out.compact_str(update_refusal);
}

Job Job::decode(Decoder& in)
{
    Job j;
    decode_into(in, j);
    return j;
}

void Job::decode_into(Decoder& in, Job& j)
{
    j.id = in.varint("id");
    j.owner = decode_address(in, "owner");
    j.instance_type.assign(in.compact_str_view("instance_type", limits::instance_type));
    j.replicas = in.varint32("replicas");
    j.max_price_per_s = in.compact_amount("max_price_per_s");
    j.manifest_hash = Hash256(in.fixed<Hash256::size>("manifest_hash"));
    j.image_url.assign(in.compact_str_view("image_url", limits::url));
    j.created_at_ms = in.varint("created_at_ms");
    j.state = decode_enum(in, "state", JobState::OrderClosed);
    j.close_reason = decode_enum(in, "close_reason", last_close_reason);
    j.window_end_height = in.varint("window_end_height");
    j.lookup_windows = in.varint32("lookup_windows");
    // A bid is at least its address and one byte for each of its three numbers.
    j.bids.resize(in.compact_count("bids", Address::size + 3));
    for (Bid& b : j.bids) {
        b.provider = decode_address(in, "bid.provider");
        b.price_per_s = in.compact_amount("bid.price_per_s");
        b.seq = in.varint("bid.seq");
        b.height = in.varint("bid.height");
    }
    j.excluded.resize(in.compact_count("excluded", Address::size));
    for (Address& a : j.excluded) a = decode_address(in, "excluded");
    j.lookup_cause = decode_enum(in, "lookup_cause", last_close_reason);
    j.reassignments = in.varint32("reassignments");
    j.provider = decode_address(in, "provider");
    j.price_per_s = in.compact_amount("price_per_s");
    j.matched_at_ms = in.varint("matched_at_ms");
    j.confirmed_at_ms = in.varint("confirmed_at_ms");
    j.access.host.assign(in.compact_str_view("access.host", limits::host));
    j.access.ports.resize(in.compact_count("access.ports", 1));
    for (std::uint32_t& port : j.access.ports) port = in.varint32("port");
    j.access.urls.resize(in.compact_count("access.urls", 1));
    for (std::string& url : j.access.urls) url.assign(in.compact_str_view("url", limits::url));
    if (in.boolean("pending_update")) {
        PendingUpdate u;
        u.instance_type = in.compact_str("update.instance_type", limits::instance_type);
        u.replicas = in.varint32("update.replicas");
        u.manifest_hash = Hash256(in.fixed<Hash256::size>("update.manifest_hash"));
        u.max_price_per_s = in.compact_amount("update.max_price_per_s");
        j.pending_update = std::move(u);
    } else {
        j.pending_update.reset();
    }
    j.exit_at_ms = in.varint("exit_at_ms");
    j.closing_at_ms = in.varint("closing_at_ms");
    j.faults.resize(in.compact_count("faults", Address::size + 1));
    for (FaultReport& f : j.faults) {
        f.auditor = decode_address(in, "fault.auditor");
        f.time_ms = in.varint("fault.time_ms");
    }
    j.escrow = in.compact_amount("escrow");
    j.spent = in.compact_amount("spent");
    j.billing = in.boolean("billing");
    j.settled_until_ms = in.varint("settled_until_ms");
    j.update_requested_at_ms = in.varint("update_requested_at_ms");
    j.access_posted_at_ms = in.varint("access_posted_at_ms");
    j.last_restore_at_ms = in.varint("last_restore_at_ms");
    j.manifest_delivered_at_ms = in.varint("manifest_delivered_at_ms");
    j.segment_start_ms = in.varint("segment_start_ms");
    j.segment_charged = in.compact_amount("segment_charged");
    j.update_refusal.assign(in.compact_str_view("update_refusal", limits::reason));
}

} // namespace berth
