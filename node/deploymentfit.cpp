#include "deploymentfit.h"

#include <fieldlimits.h>

namespace berth {

QString deployment_refusal(const Manifest& manifest, int lease_replicas, const InstanceType& resources, RuntimeAbilities abilities)
{
    if (lease_replicas < 1) return QStringLiteral("the lease asks for %1 replicas; at least 1 is needed").arg(lease_replicas);
    if (manifest.services.isEmpty()) return QStringLiteral("the manifest has no services");
    qint64 total = 0;
    for (const ServiceSpec& service : manifest.services) {
        if (service.replicas < 1) return QStringLiteral("service '%1' asks for %2 replicas").arg(service.name).arg(service.replicas);
        // A service that asks for more than its replicas get would only fail later, under its limits.
        const QString type = resources.name.empty() ? QStringLiteral("this provider's default replica")
                                                    : QStringLiteral("a %1 replica").arg(QString::fromStdString(resources.name));
        if (static_cast<std::uint64_t>(service.resources.memory_mb) > resources.memory_mib)
            return QStringLiteral("service '%1' asks for %2 MiB of memory; %3 has %4 MiB")
                .arg(service.name)
                .arg(service.resources.memory_mb)
                .arg(type)
                .arg(resources.memory_mib);
        if (static_cast<std::uint32_t>(service.resources.cpu_millis) > resources.millicpus)
            return QStringLiteral("service '%1' asks for %2 thousandths of a CPU; %3 has %4")
                .arg(service.name)
                .arg(service.resources.cpu_millis)
                .arg(type)
                .arg(resources.millicpus);
        if (!service.health_path.startsWith(QLatin1Char('/')))
            return QStringLiteral("service '%1' has health path '%2', which does not start with /").arg(service.name, service.health_path);
        if (service.kind == WorkloadKind::Command) {
            if (!abilities.commands_allowed) return QStringLiteral("command workloads are disabled on this provider");
            if (!abilities.sandbox_available)
                return QStringLiteral("command workloads run only in a sandbox, and this provider has no bubblewrap (bwrap) installed");
            if (service.command.isEmpty() || service.command.first().isEmpty())
                return QStringLiteral("service '%1' is a command workload without a command").arg(service.name);
        }
        total += qint64{service.replicas} * lease_replicas;
    }
    if (total > limits::lease_processes)
        return QStringLiteral("the lease needs %1 replicas; this provider runs at most %2 processes per lease")
            .arg(total)
            .arg(limits::lease_processes);
    return {};
}

} // namespace berth
