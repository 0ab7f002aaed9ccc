#pragma once

#include "address.h"
#include "job.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace berth {

/** The typed events a block emits; lifecycle names follow the reference texts. */
enum class EventName : std::uint8_t {
    ProviderLookup,
    CreateBid,
    CreateLease,
    LeaseReady,
    DeploymentConfirmed,
    UpdateLease,
    LeaseUpdated,
    CloseLease,
    LeaseClosed,
    OrderClosed,
    ExitRequested,
    FaultReported,
    Slashed,
    JobReassigned,
    EscrowDeposited,
    ProviderRegistered,
    OfferSet,
    Staked,
    Unstaked,
    EarningsWithdrawn,
    Transferred,
    CertificatePublished,
    CertificateRevoked,
    ProviderUpdated,
    UpdateRefused,
    AccessRestored,
    ManifestDelivered,
};
inline constexpr EventName last_event_name = EventName::ManifestDelivered;

std::string_view event_name(EventName name);

/**
 * Something that happened in a block: its name, the job and account it concerns (when it
 * concerns one), and ordered string fields for details such as prices, reasons and providers.
 */
struct Event {
    EventName name;
    JobId job = 0;
    Address account;
    std::vector<std::pair<std::string, std::string>> data;

    /** The value of one detail field, or an empty string. */
    std::string field(std::string_view key) const;
    bool operator==(const Event&) const = default;
};

} // namespace berth
