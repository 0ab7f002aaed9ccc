#include "leases.h"

#include "escrow.h"
#include "market.h"
#include "registry.h"
#include "staking.h"

#include <algorithm>

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

void validate_access(const Access& access)
{
    require(!access.host.empty(), ErrorCode::InvalidArgument, "access details need a host");
    for (std::uint32_t port : access.ports)
        require(port >= 1 && port <= 65535, ErrorCode::InvalidArgument, "port " + std::to_string(port) + " is out of range");
}

} // namespace

Job& Leases::provider_job(const Address& sender, JobId id, std::initializer_list<JobState> states)
{
    Job& job = m_ctx.job(id);
    // A lease that has ended keeps its provider, so that provider acting again is told the
    // state is wrong rather than that it never was the provider. Every state in `states`
    // holds the provider, so the state check alone keeps ended jobs out.
    require(!job.provider.is_null() && job.provider == sender, ErrorCode::WrongActor,
            sender.str() + " is not the provider of " + job_label(id));
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
    require(!terms.instance_type.empty(), ErrorCode::InvalidArgument, "instance type must not be empty");
    require(terms.replicas >= 1 && terms.replicas <= 64, ErrorCode::InvalidArgument, "replicas must be between 1 and 64");
    require(terms.max_price_per_s > 0, ErrorCode::InvalidArgument, "max price per second must be positive");
    require(!terms.manifest_hash.is_zero(), ErrorCode::InvalidArgument, "the manifest's SHA-256 is missing");
    if (terms.instance_type != job.instance_type) {
        const Provider& provider = m_ctx.provider(job.provider);
        auto offer = provider.offers.find(terms.instance_type);
        require(offer != provider.offers.end() && offer->second.free() > 0, ErrorCode::InsufficientCapacity,
                "the lease's provider has no free " + terms.instance_type + " capacity");
    }
    job.pending_update = terms;
    job.state = JobState::UpdateLease;
    m_ctx.emit(EventName::UpdateLease, job.id, job.owner,
               {{"instance_type", terms.instance_type},
                {"replicas", std::to_string(terms.replicas)},
                {"max_price_per_s", to_string(terms.max_price_per_s)},
                {"manifest_hash", terms.manifest_hash.hex()}});
}

void Leases::lease_updated(const Address& sender, const tx::LeaseUpdated& request)
{
    Job& job = provider_job(sender, request.job, {JobState::UpdateLease});
    const PendingUpdate terms = *job.pending_update;
    require(request.price_per_s > 0, ErrorCode::InvalidArgument, "price per second must be positive");
    require(request.price_per_s <= terms.max_price_per_s, ErrorCode::PriceAboveMax,
            "new price " + to_string(request.price_per_s) + " is above the new max price " + to_string(terms.max_price_per_s));
    validate_access(request.access);
    if (terms.instance_type != job.instance_type) {
        Registry registry(m_ctx);
        registry.reserve(sender, terms.instance_type, job.id);
        registry.release(sender, job.instance_type);
    }
    // Billing switches at this block: what accrued so far is charged at the old price.
    Escrow(m_ctx).settle(job);
    job.price_per_s = request.price_per_s;
    job.instance_type = terms.instance_type;
    job.replicas = terms.replicas;
    job.manifest_hash = terms.manifest_hash;
    job.max_price_per_s = terms.max_price_per_s;
    job.access = request.access;
    job.pending_update.reset();
    job.state = JobState::DeploymentConfirmed;
    m_ctx.emit(EventName::LeaseUpdated, job.id, job.owner, {{"price_per_s", to_string(job.price_per_s)}});
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
    require(in_states(job.state, {JobState::CreateLease, JobState::LeaseReady, JobState::DeploymentConfirmed,
                                  JobState::UpdateLease, JobState::ExitCooldown}),
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
    Job& job = provider_job(sender, request.job,
                            {JobState::CreateLease, JobState::LeaseReady, JobState::DeploymentConfirmed, JobState::UpdateLease});
    job.pending_update.reset();
    job.state = JobState::ExitCooldown;
    job.exit_at_ms = m_ctx.now_ms() + m_ctx.params().job_exit_cooldown_s * 1000;
    m_ctx.emit(EventName::ExitRequested, job.id, job.owner, {{"provider", sender.str()}, {"exit_at_ms", std::to_string(job.exit_at_ms)}});
}

void Leases::manifest_timeout(const Address& sender, const tx::ManifestTimeout& request)
{
    Job& job = provider_job(sender, request.job, {JobState::LeaseReady});
    const std::uint64_t due_ms = job.matched_at_ms + m_ctx.params().manifest_timeout_s * 1000;
    require(m_ctx.now_ms() >= due_ms, ErrorCode::TooEarly,
            job_label(job.id) + " is still within manifest_timeout_s of its match");
    // Billing never started, so the owner gets the whole escrow back and the provider keeps its stake.
    finish(job, CloseReason::ManifestTimeout);
}

void Leases::report_fault(const Address& sender, const tx::ReportFault& request)
{
    const Params& params = m_ctx.params();
    require(m_ctx.state().globals().auditors.count(sender) != 0, ErrorCode::WrongActor, sender.str() + " is not an auditor");
    Job& job = m_ctx.job(request.job);
    require(in_states(job.state, {JobState::DeploymentConfirmed, JobState::UpdateLease, JobState::ExitCooldown}),
            ErrorCode::WrongState, state_error(job, "report a fault on"));
    // Monitoring covers a deployment its current provider confirmed (and is billing for). A
    // provider that exits before deploying has nothing to probe, and confirmed_at_ms may still
    // be an earlier, slashed provider's.
    require(job.billing, ErrorCode::WrongState,
            "cannot report a fault on " + job_label(job.id) + ": its provider never confirmed a deployment");
    require(m_ctx.now_ms() >= job.confirmed_at_ms + params.job_startup_s * 1000, ErrorCode::TooEarly,
            job_label(job.id) + " is still within job_startup_s of its deployment");

    const std::uint64_t window_start = m_ctx.now_ms() > params.fault_window_s * 1000 ? m_ctx.now_ms() - params.fault_window_s * 1000 : 0;
    std::erase_if(job.faults, [&](const FaultReport& f) { return f.time_ms < window_start; });
    for (const FaultReport& f : job.faults)
        require(f.auditor != sender, ErrorCode::AlreadyExists, sender.str() + " already reported " + job_label(job.id) + " in this window");
    job.faults.push_back({sender, m_ctx.now_ms()});
    m_ctx.emit(EventName::FaultReported, job.id, sender,
               {{"provider", job.provider.str()}, {"reason", request.reason}, {"reports", std::to_string(job.faults.size())}});
    if (job.faults.size() >= params.auditor_quorum)
        slash_and_reassign(job, CloseReason::NoProvider, "auditor quorum: " + request.reason);
}

void Leases::slash_and_reassign(Job& job, CloseReason cause, const std::string& reason)
{
    const Address provider = job.provider;
    // The lease is judged faulty now: nothing accrues for time after this block.
    Escrow(m_ctx).stop_billing(job);
    Registry(m_ctx).release(provider, job.instance_type);
    Staking(m_ctx).slash(provider, job.id, reason);
    job.excluded.push_back(provider);
    job.provider = Address{};
    job.price_per_s = 0;
    job.access = Access{};
    job.pending_update.reset();
    job.faults.clear();
    job.reassignments += 1;
    m_ctx.emit(EventName::JobReassigned, job.id, job.owner,
               {{"from", provider.str()}, {"reason", reason}, {"escrow", to_string(job.escrow)}});
    Market(m_ctx).open_lookup(job, cause);
}

void Leases::finish(Job& job, CloseReason reason)
{
    Escrow escrow(m_ctx);
    escrow.stop_billing(job);
    const Amount refunded = escrow.refund(job);
    Staking(m_ctx).unlock_for_job(job.provider);
    Registry(m_ctx).release(job.provider, job.instance_type);
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
    case JobState::LeaseReady:
        slash_and_reassign(job, CloseReason::BootstrapTimeout, "not deployed within job_bootstrapping_s");
        return;
    case JobState::DeploymentConfirmed:
    case JobState::UpdateLease:
        finish(job, CloseReason::InsufficientFunds);
        return;
    case JobState::ExitCooldown: {
        // Whichever came first ended the lease, even when the first block after it is past both.
        const auto exhausted = Escrow::exhaustion_ms(job);
        finish(job, exhausted && *exhausted < job.exit_at_ms ? CloseReason::InsufficientFunds : CloseReason::ProviderExit);
        return;
    }
    case JobState::CloseLease:
        finish(job, CloseReason::User);
        return;
    default:
        return;
    }
}

} // namespace berth
