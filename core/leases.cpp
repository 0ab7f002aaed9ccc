#include "leases.h"

#include "escrow.h"
#include "fieldlimits.h"
#include "manifestreceipt.h"
#include "market.h"
#include "price.h"
#include "registry.h"
#include "staking.h"

#include <algorithm>
#include <optional>
#include <set>

namespace berth {

namespace {

bool in_states(JobState state, std::initializer_list<JobState> states)
{
    return std::find(states.begin(), states.end(), state) != states.end();
}

std::string state_error(const Job& job, const char* action)
{
    return std::string("cannot ") + action + " " + job_label(job.id) + " in state " + std::string(job_state_name(job.state));
}

/** The parts of an http(s) URL the access rule looks at; nullopt when it is not one. */
struct WebUrl {
    std::string host;
    std::uint32_t port = 0;
};

std::optional<WebUrl> parse_web_url(const std::string& url)
{
    std::uint32_t port = 0;
    std::string rest;
    if (url.starts_with("http://")) {
        port = 80;
        rest = url.substr(7);
    } else if (url.starts_with("https://")) {
        port = 443;
        rest = url.substr(8);
    } else {
        return std::nullopt;
    }
    const std::string authority = rest.substr(0, rest.find_first_of("/?#"));
    if (authority.empty() || authority.find('@') != std::string::npos) return std::nullopt;
    WebUrl out;
    std::string port_text;
    if (authority.front() == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string::npos) return std::nullopt;
        out.host = authority.substr(1, close - 1);
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') return std::nullopt;
            port_text = authority.substr(close + 2);
            if (port_text.empty()) return std::nullopt;
        }
    } else {
        const std::size_t colon = authority.rfind(':');
        out.host = authority.substr(0, colon);
        if (colon != std::string::npos) {
            port_text = authority.substr(colon + 1);
            if (port_text.empty()) return std::nullopt;
        }
    }
    if (out.host.empty()) return std::nullopt;
    if (!port_text.empty()) {
        if (port_text.size() > 5 || port_text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
        port = static_cast<std::uint32_t>(std::stoul(port_text));
    }
    out.port = port;
    return out;
}

/**
 * Access details auditors can check: a host, at least one port, and for every port at least
 * one http(s) URL on that host and port; every URL points at the host and one of the ports.
 */
void validate_access(const Access& access)
{
    auto unprobeable = [](const std::string& why) { throw TxError(ErrorCode::UnprobeableAccess, why); };
    if (access.host.empty()) unprobeable("access details need a host");
    if (access.ports.empty()) unprobeable("access details need at least one port");
    if (access.urls.empty()) unprobeable("access details need at least one http(s) URL");
    std::set<std::uint32_t> ports;
    for (std::uint32_t port : access.ports) {
        if (port < 1 || port > 65535) unprobeable("port " + std::to_string(port) + " is out of range");
        if (!ports.insert(port).second) unprobeable("port " + std::to_string(port) + " is listed twice");
    }
    std::set<std::uint32_t> covered;
    for (const std::string& url : access.urls) {
        const auto parsed = parse_web_url(url);
        if (!parsed) unprobeable("'" + url + "' is not an http:// or https:// URL auditors can probe");
        if (parsed->host != access.host) unprobeable("'" + url + "' points at another host than " + access.host);
        if (!ports.count(parsed->port))
            unprobeable("'" + url + "' uses port " + std::to_string(parsed->port) + ", which is not an exposed port");
        covered.insert(parsed->port);
    }
    for (std::uint32_t port : ports)
        if (!covered.count(port)) unprobeable("exposed port " + std::to_string(port) + " has no http(s) URL auditors can probe");
}

} // namespace

Job& Leases::provider_job(const Address& sender, JobId id, std::initializer_list<JobState> states)
{
    Job& job = m_ctx.job(id);
    // A lease that has ended keeps its provider, so that provider acting again is told the
    // state is wrong rather than that it never was the provider. Every state in `states`
    // holds the provider, so the state check alone keeps ended jobs out.
    require(!job.provider.is_null() && job.provider == sender, ErrorCode::WrongActor, sender.str() + " is not the provider of " + job_label(id));
    require(job.holds_provider() && in_states(job.state, states), ErrorCode::WrongState,
            job_label(id) + " is in state " + std::string(job_state_name(job.state)));
    return job;
}

Job& Leases::owner_job(const Address& sender, JobId id)
{
    Job& job = m_ctx.job(id);
    require(job.owner == sender, ErrorCode::WrongActor, sender.str() + " does not own " + job_label(id));
    return job;
}

void Leases::lease_ready(const Address& sender, const tx::LeaseReady& request)
{
    Job& job = provider_job(sender, request.job, {JobState::CreateLease});
    job.state = JobState::LeaseReady;
    m_ctx.emit(EventName::LeaseReady, job.id, job.owner, {{"provider", sender.str()}});
}

void Leases::confirm_deployment(const Address& sender, const tx::ConfirmDeployment& request)
{
    Job& job = provider_job(sender, request.job, {JobState::LeaseReady});
    validate_access(request.access);
    job.access = request.access;
    job.confirmed_at_ms = m_ctx.now_ms();
    job.access_posted_at_ms = m_ctx.now_ms();
    job.state = JobState::DeploymentConfirmed;
    Escrow(m_ctx).start_billing(job);
    std::string urls;
    for (const std::string& url : job.access.urls) urls += (urls.empty() ? "" : " ") + url;
    m_ctx.emit(EventName::DeploymentConfirmed, job.id, job.owner, {{"provider", sender.str()}, {"host", job.access.host}, {"urls", urls}});
}

void Leases::update_lease(const Address& sender, const tx::UpdateLease& request)
{
    Job& job = owner_job(sender, request.job);
    require(job.state == JobState::DeploymentConfirmed, ErrorCode::WrongState, state_error(job, "update"));
    const PendingUpdate& terms = request.terms;
    const std::string type_problem = m_ctx.params().instance_type_problem(terms.instance_type);
    require(type_problem.empty(), ErrorCode::InvalidArgument, type_problem);
    require(terms.replicas >= 1 && terms.replicas <= limits::lease_replicas, ErrorCode::InvalidArgument,
            "replicas must be between 1 and " + std::to_string(limits::lease_replicas));
    require(terms.max_price_per_s > 0, ErrorCode::InvalidArgument, "max price per second must be positive");
    require(!terms.manifest_hash.is_zero(), ErrorCode::InvalidArgument, "the manifest's SHA-256 is missing");
    // One capacity unit per replica: the growth must be free now (it is reserved at LEASE_UPDATED).
    const Provider& provider = m_ctx.provider(job.provider);
    auto offer = provider.offers.find(terms.instance_type);
    const bool same_type = terms.instance_type == job.instance_type;
    const std::uint32_t needed = same_type ? (terms.replicas > job.replicas ? terms.replicas - job.replicas : 0) : terms.replicas;
    require(needed == 0 || (offer != provider.offers.end() && offer->second.free() >= needed), ErrorCode::InsufficientCapacity,
            "the lease's provider has " + std::to_string(offer == provider.offers.end() ? 0 : offer->second.free()) + " free " +
                terms.instance_type + " units; the update needs " + std::to_string(needed) + " more");
    job.pending_update = terms;
    job.update_requested_at_ms = m_ctx.now_ms();
    job.update_refusal.clear();
    job.state = JobState::UpdateLease;
    m_ctx.emit(EventName::UpdateLease, job.id, job.owner,
               {{"instance_type", terms.instance_type},
                {"replicas", std::to_string(terms.replicas)},
                {"max_price_per_s", price::format_per_s(terms.max_price_per_s)},
                {"manifest_hash", terms.manifest_hash.hex()}});
}

void Leases::lease_updated(const Address& sender, const tx::LeaseUpdated& request)
{
    Job& job = provider_job(sender, request.job, {JobState::UpdateLease});
    const PendingUpdate terms = *job.pending_update;
    require(request.price_per_s > 0, ErrorCode::InvalidArgument, "price per second must be positive");
    require(request.price_per_s <= terms.max_price_per_s, ErrorCode::PriceAboveMax,
            "new price " + price::format_per_s(request.price_per_s) + " is above the new max price " +
                price::format_per_s(terms.max_price_per_s));
    validate_access(request.access);
    Registry registry(m_ctx);
    if (terms.instance_type != job.instance_type) {
        registry.reserve(sender, terms.instance_type, terms.replicas, job.id);
        registry.release(sender, job.instance_type, job.replicas);
    } else if (terms.replicas > job.replicas) {
        registry.reserve(sender, job.instance_type, terms.replicas - job.replicas, job.id);
    } else if (terms.replicas < job.replicas) {
        registry.release(sender, job.instance_type, job.replicas - terms.replicas);
    }
    // Billing switches at this block: what accrued so far is charged at the old price.
    Escrow(m_ctx).reprice(job, request.price_per_s);
    job.instance_type = terms.instance_type;
    job.replicas = terms.replicas;
    job.manifest_hash = terms.manifest_hash;
    job.max_price_per_s = terms.max_price_per_s;
    job.access = request.access;
    job.access_posted_at_ms = m_ctx.now_ms();
    job.pending_update.reset();
    job.state = JobState::DeploymentConfirmed;
    m_ctx.emit(EventName::LeaseUpdated, job.id, job.owner, {{"price_per_s", price::format_per_s(job.price_per_s)}});
}

void Leases::close_lease(const Address& sender, const tx::CloseLease& request)
{
    Job& job = owner_job(sender, request.job);
    Escrow escrow(m_ctx);
    if (job.state == JobState::ProviderLookup) {
        const Amount refunded = escrow.refund(job);
        job.bids.clear();
        job.state = JobState::OrderClosed;
        job.close_reason = CloseReason::User;
        m_ctx.emit(EventName::OrderClosed, job.id, job.owner, {{"reason", "user"}, {"refunded", to_string(refunded)}});
        return;
    }
    require(in_states(job.state, {JobState::CreateLease, JobState::LeaseReady, JobState::DeploymentConfirmed, JobState::UpdateLease,
                                  JobState::ExitCooldown}),
            ErrorCode::WrongState, state_error(job, "close"));
    escrow.stop_billing(job);
    const Amount refunded = escrow.refund(job);
    job.pending_update.reset();
    job.state = JobState::CloseLease;
    job.closing_at_ms = m_ctx.now_ms();
    m_ctx.emit(EventName::CloseLease, job.id, job.owner, {{"provider", job.provider.str()}, {"refunded", to_string(refunded)}});
}

void Leases::lease_closed(const Address& sender, const tx::LeaseClosed& request)
{
    Job& job = provider_job(sender, request.job, {JobState::CloseLease});
    finish(job, CloseReason::User);
}

void Leases::deposit(const Address& sender, const tx::DepositEscrow& request)
{
    Job& job = owner_job(sender, request.job);
    require(!job.is_final() && job.state != JobState::CloseLease, ErrorCode::WrongState, state_error(job, "top up"));
    Escrow(m_ctx).deposit(job, sender, request.amount);
    m_ctx.emit(EventName::EscrowDeposited, job.id, sender, {{"amount", to_string(request.amount)}, {"escrow", to_string(job.escrow)}});
}

void Leases::exit_lease(const Address& sender, const tx::ExitLease& request)
{
    Job& job =
        provider_job(sender, request.job, {JobState::CreateLease, JobState::LeaseReady, JobState::DeploymentConfirmed, JobState::UpdateLease});
    if (job.state == JobState::CreateLease || job.state == JobState::LeaseReady) {
        // The provider took the job and walks away before provisioning it: a failed bootstrap.
        slash_and_reassign(job, CloseReason::BootstrapTimeout, "left the job before deploying it (failed bootstrap)");
        return;
    }
    job.pending_update.reset();
    job.state = JobState::ExitCooldown;
    job.exit_at_ms = m_ctx.now_ms() + m_ctx.params().job_exit_cooldown_s * 1000;
    m_ctx.emit(EventName::ExitRequested, job.id, job.owner, {{"provider", sender.str()}, {"exit_at_ms", std::to_string(job.exit_at_ms)}});
}

void Leases::manifest_timeout(const Address& sender, const tx::ManifestTimeout& request)
{
    Job& job = provider_job(sender, request.job, {JobState::LeaseReady});
    require(job.manifest_delivered_at_ms == 0, ErrorCode::ManifestDelivered,
            "the owner put the provider's receipt of the manifest of " + job_label(job.id) + " on chain; it was delivered");
    const std::uint64_t due_ms = job.matched_at_ms + m_ctx.params().manifest_timeout_s * 1000;
    require(m_ctx.now_ms() >= due_ms, ErrorCode::TooEarly, job_label(job.id) + " is still within manifest_timeout_s of its match");
    // Billing never started, so the owner gets the whole escrow back and the provider keeps its stake.
    finish(job, CloseReason::ManifestTimeout);
}

void Leases::refuse_update(const Address& sender, const tx::RefuseUpdate& request)
{
    Job& job = provider_job(sender, request.job, {JobState::UpdateLease});
    require(!request.reason.empty(), ErrorCode::InvalidArgument, "a refused update needs the reason");
    // Refusing is not a fault: the old terms, price and deployment stand, and billing goes on.
    job.pending_update.reset();
    job.state = JobState::DeploymentConfirmed;
    job.update_refusal = request.reason;
    m_ctx.emit(EventName::UpdateRefused, job.id, job.owner, {{"provider", sender.str()}, {"reason", request.reason}});
}

void Leases::restore_access(const Address& sender, const tx::RestoreAccess& request)
{
    Job& job = provider_job(sender, request.job, {JobState::DeploymentConfirmed, JobState::UpdateLease, JobState::ExitCooldown});
    require(job.billing, ErrorCode::WrongState, job_label(job.id) + " has no confirmed deployment to restore");
    // The bound covers the grace a restore opens and then a whole fault window, so auditors always
    // get a full window to reach quorum between two restores.
    const std::uint64_t bound_ms = (m_ctx.params().job_startup_s + m_ctx.params().fault_window_s) * 1000;
    require(job.last_restore_at_ms == 0 || m_ctx.now_ms() >= job.last_restore_at_ms + bound_ms, ErrorCode::TooEarly,
            job_label(job.id) + " was restored less than job_startup_s + fault_window_s ago; a provider that keeps restarting is "
                                "monitored as usual");
    validate_access(request.access);
    job.access = request.access;
    job.access_posted_at_ms = m_ctx.now_ms();
    job.last_restore_at_ms = m_ctx.now_ms();
    // Reports about the old addresses say nothing about the new ones.
    job.faults.clear();
    std::string urls;
    for (const std::string& url : job.access.urls) urls += (urls.empty() ? "" : " ") + url;
    m_ctx.emit(EventName::AccessRestored, job.id, job.owner, {{"provider", sender.str()}, {"urls", urls}});
}

void Leases::manifest_delivered(const Address& sender, const tx::ManifestDelivered& request)
{
    Job& job = owner_job(sender, request.job);
    require(job.state == JobState::LeaseReady, ErrorCode::WrongState, state_error(job, "record the manifest's delivery of"));
    require(job.manifest_delivered_at_ms == 0, ErrorCode::AlreadyExists,
            "the manifest's delivery of " + job_label(job.id) + " is on chain already");
    require(request.manifest_hash == job.manifest_hash, ErrorCode::InvalidArgument,
            "the receipt is for manifest " + request.manifest_hash.hex() + ", " + job_label(job.id) + " runs " + job.manifest_hash.hex());
    require(Address::of(request.provider_key) == job.provider, ErrorCode::WrongActor,
            "the receipt is signed by " + Address::of(request.provider_key).str() + ", not by the lease's provider " + job.provider.str());
    require(ManifestReceipt::verify(request.provider_key, m_ctx.params().chain_id, job.id, job.manifest_hash, request.receipt),
            ErrorCode::BadSignature, "the provider's receipt signature does not verify for " + job_label(job.id));
    job.manifest_delivered_at_ms = m_ctx.now_ms();
    m_ctx.emit(EventName::ManifestDelivered, job.id, job.owner, {{"provider", job.provider.str()}, {"manifest_hash", job.manifest_hash.hex()}});
}

void Leases::report_fault(const Address& sender, const tx::ReportFault& request)
{
    const Params& params = m_ctx.params();
    require(m_ctx.state().globals().auditors.count(sender) != 0, ErrorCode::WrongActor, sender.str() + " is not an auditor");
    Job& job = m_ctx.job(request.job);
    require(in_states(job.state, {JobState::DeploymentConfirmed, JobState::UpdateLease, JobState::ExitCooldown}), ErrorCode::WrongState,
            state_error(job, "report a fault on"));
    // Monitoring covers a deployment its current provider confirmed (and is billing for). A
    // provider that exits before deploying has nothing to probe, and confirmed_at_ms may still
    // be an earlier, slashed provider's.
    require(job.billing, ErrorCode::WrongState, "cannot report a fault on " + job_label(job.id) + ": its provider never confirmed a deployment");
    require(m_ctx.now_ms() >= fault_reports_open_ms(job, params), ErrorCode::TooEarly,
            job.state == JobState::UpdateLease && m_ctx.now_ms() < job.update_requested_at_ms + params.job_bootstrapping_s * 1000
                ? job_label(job.id) + " is updating; its provider has job_bootstrapping_s to apply or refuse the update"
                : job_label(job.id) + " is still within job_startup_s of its deployment's access details");

    const std::uint64_t window_start = m_ctx.now_ms() > params.fault_window_s * 1000 ? m_ctx.now_ms() - params.fault_window_s * 1000 : 0;
    std::erase_if(job.faults, [&](const FaultReport& f) { return f.time_ms < window_start; });
    for (const FaultReport& f : job.faults)
        require(f.auditor != sender, ErrorCode::AlreadyExists, sender.str() + " already reported " + job_label(job.id) + " in this window");
    job.faults.push_back({sender, m_ctx.now_ms()});
    m_ctx.emit(EventName::FaultReported, job.id, sender,
               {{"provider", job.provider.str()}, {"reason", request.reason}, {"reports", std::to_string(job.faults.size())}});
    if (job.faults.size() >= params.auditor_quorum) slash_and_reassign(job, CloseReason::NoProvider, "auditor quorum: " + request.reason);
}

void Leases::slash_and_reassign(Job& job, CloseReason cause, const std::string& reason)
{
    const Address provider = job.provider;
    // The lease is judged faulty now: nothing accrues for time after this block.
    Escrow(m_ctx).stop_billing(job);
    Registry(m_ctx).release(provider, job.instance_type, job.replicas);
    Staking(m_ctx).slash(provider, job.id, reason);
    job.excluded.push_back(provider);
    job.provider = Address{};
    job.price_per_s = 0;
    job.access = Access{};
    // The owner asked for these terms: the next provider serves them, not the ones they replaced.
    if (job.pending_update) {
        job.instance_type = job.pending_update->instance_type;
        job.replicas = job.pending_update->replicas;
        job.manifest_hash = job.pending_update->manifest_hash;
        job.max_price_per_s = job.pending_update->max_price_per_s;
    }
    job.pending_update.reset();
    job.faults.clear();
    job.manifest_delivered_at_ms = 0;
    job.access_posted_at_ms = 0;
    job.last_restore_at_ms = 0;
    job.reassignments += 1;
    m_ctx.emit(EventName::JobReassigned, job.id, job.owner, {{"from", provider.str()}, {"reason", reason}, {"escrow", to_string(job.escrow)}});
    Market(m_ctx).open_lookup(job, cause);
}

void Leases::finish(Job& job, CloseReason reason)
{
    Escrow escrow(m_ctx);
    escrow.stop_billing(job);
    const Amount refunded = escrow.refund(job);
    Staking(m_ctx).unlock_for_job(job.provider);
    Registry(m_ctx).release(job.provider, job.instance_type, job.replicas);
    job.pending_update.reset();
    job.state = JobState::LeaseClosed;
    job.close_reason = reason;
    m_ctx.emit(EventName::LeaseClosed, job.id, job.owner,
               {{"reason", std::string(close_reason_name(reason))},
                {"provider", job.provider.str()},
                {"spent", to_string(job.spent)},
                {"refunded", to_string(refunded)}});
}

void Leases::on_time_deadline(Job& job)
{
    switch (job.state) {
    case JobState::CreateLease:
    case JobState::LeaseReady: slash_and_reassign(job, CloseReason::BootstrapTimeout, "not deployed within job_bootstrapping_s"); return;
    case JobState::DeploymentConfirmed:
    case JobState::UpdateLease: finish(job, CloseReason::InsufficientFunds); return;
    case JobState::ExitCooldown: {
        // Whichever came first ended the lease, even when the first block after it is past both.
        const auto exhausted = Escrow::exhaustion_ms(job);
        finish(job, exhausted && *exhausted < job.exit_at_ms ? CloseReason::InsufficientFunds : CloseReason::ProviderExit);
        return;
    }
    case JobState::CloseLease: finish(job, CloseReason::User); return;
    default: return;
    }
}

} // namespace berth
