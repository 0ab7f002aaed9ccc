#include "invariants.h"

#include "price.h"

#include <map>

namespace berth {

std::vector<std::string> check_invariants(const State& state)
{
    std::vector<std::string> violations;
    const Globals& g = state.globals();
    Amount usdc = 0, pond = g.treasury_pond;
    for (const auto& [address, a] : state.accounts.rows()) {
        usdc += a.usdc + a.earnings;
        pond += a.pond + a.stake;
    }

    std::map<Address, unsigned> leases_per_provider;
    std::map<std::pair<Address, std::string>, std::uint32_t> units;
    state.jobs.for_each([&](JobId id, const Job& job) {
        usdc += job.escrow;
        if (job.is_final() && job.escrow != 0) violations.push_back("ended job " + std::to_string(id) + " still holds escrow");
        if (!job.holds_provider()) return;
        leases_per_provider[job.provider] += 1;
        units[{job.provider, job.instance_type}] += job.replicas;
    });
    if (usdc != g.supply_usdc) violations.push_back("USDC supply " + to_string(usdc) + " differs from genesis " + to_string(g.supply_usdc));
    if (pond != g.supply_pond) violations.push_back("POND supply " + to_string(pond) + " differs from genesis " + to_string(g.supply_pond));

    for (const auto& [address, p] : state.providers.rows()) {
        const Account* account = state.accounts.find(address);
        const Amount locked = state.locked_stake(address);
        if (locked > (account ? account->stake : Amount(0)))
            violations.push_back("provider " + address.str() + " has " + to_string(locked) + " of stake locked, more than its stake");
        const unsigned leases = leases_per_provider[address];
        if (p.slashes > p.jobs_served)
            violations.push_back("provider " + address.str() + " has " + std::to_string(p.slashes) + " slashes but served only " +
                                 std::to_string(p.jobs_served) + " jobs");
        if (p.active_jobs != leases)
            violations.push_back("provider " + address.str() + " counts " + std::to_string(p.active_jobs) + " active jobs, not " +
                                 std::to_string(leases));
        for (const auto& [type, offer] : p.offers) {
            if (offer.used > offer.capacity) violations.push_back("provider " + address.str() + " overuses " + type);
            if (offer.used != units[{address, type}])
                violations.push_back("provider " + address.str() + " " + type + " usage disagrees with its leases");
        }
    }
    for (const auto& [key, count] : units) {
        const Provider* p = state.providers.find(key.first);
        if (!p || !p->offers.count(key.second)) violations.push_back("a live lease holds capacity of a missing offer " + key.second);
    }
    // A price segment rounds once: what it charged is exactly its settled whole seconds at its rate.
    state.jobs.for_each([&](JobId id, const Job& job) {
        if (!job.billing) return;
        if (job.settled_until_ms < job.segment_start_ms || (job.settled_until_ms - job.segment_start_ms) % 1000 != 0 ||
            job.segment_charged != price::charge(job.price_per_s, (job.settled_until_ms - job.segment_start_ms) / 1000))
            violations.push_back("job " + std::to_string(id) + " charged its price segment other than floor(rate × seconds / 10^12)");
    });
    return violations;
}

} // namespace berth
