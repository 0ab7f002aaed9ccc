#pragma once

#include "manifest.h"

#include <instancetype.h>

#include <QString>

namespace berth {

/** What a provider's runtime can run at all, beside the resources of the replica's instance type. */
struct RuntimeAbilities {
    bool commands_allowed = false;
    bool sandbox_available = false;
};

/**
 * Why a manifest cannot run as @p lease_replicas replicas of @p resources on a runtime with
 * @p abilities, or an empty string when it can. Checked before an offer's order is bid on and
 * again before a deployment touches anything, so that what cannot run is refused, not failed.
 */
QString deployment_refusal(const Manifest& manifest, int lease_replicas, const InstanceType& resources, RuntimeAbilities abilities);

} // namespace berth
