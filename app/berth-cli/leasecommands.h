#pragma once

#include <hash.h>
#include <transaction.h>

#include <QJsonObject>
#include <QString>

namespace berth::cli {

class CommandContext;
class CommandLine;
class Output;

/**
 * The berth-cli commands on a lease once it exists: listing and showing leases, new terms,
 * closing, deposits and a provider's exit on chain, and over mTLS with the lease's provider
 * (ManifestSession) the manifest's upload with its delivery receipt, the replicas' status and
 * their logs. Made for one command over a CommandContext, like every command group.
 */
class LeaseCommands
{
public:
    explicit LeaseCommands(CommandContext& context);

    void lease_list();
    void lease_show();
    void lease_update();
    void lease_close();
    void lease_deposit();
    void lease_exit();
    void lease_manifest();
    void lease_status();
    void lease_logs();

private:
    /** Puts the provider's receipt from a 202 answer on chain (ManifestDelivered) for a lease in LEASE_READY; says what happened. */
    QString post_delivery_receipt(const QString& from, JobId id, const Hash256& hash, const QJsonObject& answer);

    CommandContext& m_context;
    const CommandLine& m_line;
    const Output& m_out;
};

} // namespace berth::cli
