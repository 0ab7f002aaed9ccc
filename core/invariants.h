#pragma once

#include "state.h"

#include <string>
#include <vector>

namespace berth {

/**
 * The ledger's safety properties, checked over the whole state: supply conserved per
 * denomination, no escrow left in ended jobs, locked stake within stake, every live lease's
 * provider holding exactly stake_per_job per lease, and offer capacity never overused. It
 * walks everything, so tests and audits call it, never block processing. Returns one
 * message per violation, empty when all hold.
 */
std::vector<std::string> check_invariants(const State& state);

} // namespace berth
