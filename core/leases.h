#pragma once

#include "blockcontext.h"
#include "transaction.h"

namespace berth {

/**
 * The lease (job) contract after matching: the provider's LEASE_READY and
 * DEPLOYMENT_CONFIRMED, the owner's proof that the manifest was delivered, updates (applied or
 * refused), access details restored after a provider restart, top-ups, the three ways a lease
 * closes (the user's close, escrow exhaustion, the provider's exit after its cooldown),
 * auditors' fault reports, and slashing with reassignment to another provider when a quorum
 * agrees, the provider misses its bootstrap deadline or leaves before deploying.
 */
class Leases
{
public:
    explicit Leases(BlockContext& ctx) : m_ctx(ctx) {}

    void lease_ready(const Address& sender, const tx::LeaseReady& request);
    void confirm_deployment(const Address& sender, const tx::ConfirmDeployment& request);
    void update_lease(const Address& sender, const tx::UpdateLease& request);
    void lease_updated(const Address& sender, const tx::LeaseUpdated& request);
    void close_lease(const Address& sender, const tx::CloseLease& request);
    void lease_closed(const Address& sender, const tx::LeaseClosed& request);
    void deposit(const Address& sender, const tx::DepositEscrow& request);
    void exit_lease(const Address& sender, const tx::ExitLease& request);
    void manifest_timeout(const Address& sender, const tx::ManifestTimeout& request);
    void refuse_update(const Address& sender, const tx::RefuseUpdate& request);
    void restore_access(const Address& sender, const tx::RestoreAccess& request);
    void manifest_delivered(const Address& sender, const tx::ManifestDelivered& request);
    void report_fault(const Address& sender, const tx::ReportFault& request);

    /** Runs the job's time-driven transition that is due at the block time. */
    void on_time_deadline(Job& job);

private:
    Job& provider_job(const Address& sender, JobId id, std::initializer_list<JobState> states);
    Job& owner_job(const Address& sender, JobId id);
    void slash_and_reassign(Job& job, CloseReason cause, const std::string& reason);
    /** Ends a lease: settles, refunds the rest, unlocks stake and frees capacity. */
    void finish(Job& job, CloseReason reason);

    BlockContext& m_ctx;
};

} // namespace berth
