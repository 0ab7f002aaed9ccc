#include "workloadruntime.h"

namespace berth {

QString replica_state_name(ReplicaStatus::State state)
{
    switch (state) {
    case ReplicaStatus::State::Starting: return QStringLiteral("starting");
    case ReplicaStatus::State::Running: return QStringLiteral("running");
    case ReplicaStatus::State::Exited: return QStringLiteral("exited");
    }
    return QStringLiteral("unknown");
}

} // namespace berth
