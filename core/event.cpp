#include "event.h"

namespace berth {

std::string_view event_name(EventName name)
{
    switch (name) {
    case EventName::ProviderLookup: return "PROVIDER_LOOKUP";
    case EventName::CreateBid: return "CREATE_BID";
    case EventName::CreateLease: return "CREATE_LEASE";
    case EventName::LeaseReady: return "LEASE_READY";
    case EventName::DeploymentConfirmed: return "DEPLOYMENT_CONFIRMED";
    case EventName::UpdateLease: return "UPDATE_LEASE";
    case EventName::LeaseUpdated: return "LEASE_UPDATED";
    case EventName::CloseLease: return "CLOSE_LEASE";
    case EventName::LeaseClosed: return "LEASE_CLOSED";
    case EventName::OrderClosed: return "ORDER_CLOSED";
    case EventName::ExitRequested: return "EXIT_REQUESTED";
    case EventName::FaultReported: return "FAULT_REPORTED";
    case EventName::Slashed: return "SLASHED";
    case EventName::JobReassigned: return "JOB_REASSIGNED";
    case EventName::EscrowDeposited: return "ESCROW_DEPOSITED";
    case EventName::ProviderRegistered: return "PROVIDER_REGISTERED";
    case EventName::OfferSet: return "OFFER_SET";
    case EventName::Staked: return "STAKED";
    case EventName::Unstaked: return "UNSTAKED";
    case EventName::EarningsWithdrawn: return "EARNINGS_WITHDRAWN";
    case EventName::Transferred: return "TRANSFERRED";
    case EventName::CertificatePublished: return "CERTIFICATE_PUBLISHED";
    case EventName::CertificateRevoked: return "CERTIFICATE_REVOKED";
    case EventName::ProviderUpdated: return "PROVIDER_UPDATED";
    case EventName::UpdateRefused: return "UPDATE_REFUSED";
    case EventName::AccessRestored: return "ACCESS_RESTORED";
    case EventName::ManifestDelivered: return "MANIFEST_DELIVERED";
    }
    return "UNKNOWN";
}

std::string Event::field(std::string_view key) const
{
    for (const auto& [k, v] : data)
        if (k == key) return v;
    return {};
}

} // namespace berth
