#pragma once

#include "address.h"
#include "amount.h"
#include "boxedoptional.h"
#include "hash.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth {

class Encoder;
class Decoder;

using JobId = std::uint64_t;

/** Where a job stands in the lifecycle; the names are docs/design.md, "Lease states". */
enum class JobState : std::uint8_t {
    ProviderLookup,
    CreateLease,
    LeaseReady,
    DeploymentConfirmed,
    UpdateLease,
    CloseLease,
    ExitCooldown,
    LeaseClosed,
    OrderClosed,
};

enum class CloseReason : std::uint8_t { None, User, InsufficientFunds, ProviderExit, NoProvider, BootstrapTimeout, ManifestTimeout };
inline constexpr CloseReason last_close_reason = CloseReason::ManifestTimeout;

std::string_view job_state_name(JobState state);

struct Job;
struct Params;
/**
 * The earliest block time at which the chain accepts an auditor's ReportFault on `job`: the
 * deployment's current access details have been up for job_startup_s, and a pending update
 * has had job_bootstrapping_s to be applied or refused. Auditor agents use it to stay quiet
 * until then.
 */
std::uint64_t fault_reports_open_ms(const Job& job, const Params& params);
std::string_view close_reason_name(CloseReason reason);

/** A provider's price for one order; the block height and then the address break price ties. */
struct Bid {
    Address provider;
    Amount price_per_s = 0; // a rate, see core/price.h
    std::uint64_t seq = 0;
    std::uint64_t height = 0;
    bool operator==(const Bid&) const = default;
};

/** How a user reaches a deployment, as the provider posts it with DEPLOYMENT_CONFIRMED. */
struct Access {
    std::string host;
    std::vector<std::uint32_t> ports;
    std::vector<std::string> urls;
    bool operator==(const Access&) const = default;
};

/** The terms a user can change with UPDATE_LEASE, waiting for the provider's LEASE_UPDATED. */
struct PendingUpdate {
    std::string instance_type;
    std::uint32_t replicas = 1;
    Hash256 manifest_hash;
    Amount max_price_per_s = 0; // a rate, see core/price.h
    bool operator==(const PendingUpdate&) const = default;
};

struct FaultReport {
    Address auditor;
    std::uint64_t time_ms = 0;
    bool operator==(const FaultReport&) const = default;
};

/**
 * One order and the lease (job) it becomes: the user's terms, the bids of the current lookup
 * window, the matched provider and price, the job-specific escrow with its settlement point,
 * and the bookkeeping of updates, exit, faults and reassignment. The id is both the order id
 * and the lease id.
 */
struct Job {
    JobId id = 0;
    Address owner;
    std::string instance_type;
    std::uint32_t replicas = 1;
    Amount max_price_per_s = 0; // a rate, see core/price.h
    Hash256 manifest_hash;
    std::string image_url;
    std::uint64_t created_at_ms = 0;

    JobState state = JobState::ProviderLookup;
    CloseReason close_reason = CloseReason::None;
    /** The lookup window accepts bids up to and including this height. */
    std::uint64_t window_end_height = 0;
    std::uint32_t lookup_windows = 0;
    std::vector<Bid> bids;
    std::vector<Address> excluded;
    /** Why the job last went back to lookup: it decides the close reason if no provider is found. */
    CloseReason lookup_cause = CloseReason::NoProvider;
    std::uint32_t reassignments = 0;

    Address provider;
    Amount price_per_s = 0; // a rate, see core/price.h
    std::uint64_t matched_at_ms = 0;
    std::uint64_t confirmed_at_ms = 0;
    Access access;
    /** Out of line: most jobs never have one, and inline it would be a sixth of every job. */
    BoxedOptional<PendingUpdate> pending_update;
    std::uint64_t exit_at_ms = 0;
    std::uint64_t closing_at_ms = 0;
    std::vector<FaultReport> faults;

    Amount escrow = 0;
    Amount spent = 0;
    bool billing = false;
    /** Escrow is settled up to this block time; accrual since then is computed lazily. */
    std::uint64_t settled_until_ms = 0;
    /** When the owner asked for the pending update: the provider has job_bootstrapping_s to apply or refuse it. */
    std::uint64_t update_requested_at_ms = 0;
    /** When the current access details were posted (confirmation, update, restore): auditors wait job_startup_s. */
    std::uint64_t access_posted_at_ms = 0;
    /** The last RestoreAccess; another within fault_window_s is refused. */
    std::uint64_t last_restore_at_ms = 0;
    /** When the owner put the provider's receipt of the manifest on chain; 0 while it has not. */
    std::uint64_t manifest_delivered_at_ms = 0;
    /** Where the current price segment began: billing start or the last price change. */
    std::uint64_t segment_start_ms = 0;
    /** What the current segment has charged so far; the segment rounds once, see core/price.h. */
    Amount segment_charged = 0;
    /** The provider's reason for refusing the last update; cleared when the owner asks for another. */
    std::string update_refusal;

    bool is_final() const { return state == JobState::LeaseClosed || state == JobState::OrderClosed; }
    /** True while the job holds a provider's locked stake and one unit of its capacity. */
    bool holds_provider() const;

    void encode(Encoder& out) const;
    static Job decode(Decoder& in);
    /**
     * Decodes into `job`, overwriting every field and reusing the storage of its strings and
     * lists; after a DecodeError `job` holds a partial row.
     */
    static void decode_into(Decoder& in, Job& job);
    bool operator==(const Job&) const = default;
};

} // namespace berth
