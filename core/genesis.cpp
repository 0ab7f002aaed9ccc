#include "genesis.h"

#include "encoder.h"

#include <set>
#include <stdexcept>

namespace berth {

State Genesis::build_state() const
{
    params.validate();
    Globals globals;
    globals.params = params;
    globals.auditors.insert(auditors.begin(), auditors.end());
    if (globals.auditors.size() != auditors.size()) throw std::invalid_argument("genesis lists an auditor twice");
    if (params.auditor_quorum > auditors.size())
        throw std::invalid_argument("auditor_quorum " + std::to_string(params.auditor_quorum) + " is more than the genesis's " +
                                    std::to_string(auditors.size()) + " auditors: no fault could ever reach it");
    globals.last_time_ms = timestamp_ms;

    State state(globals);
    Amount usdc = 0, pond = 0;
    for (const Account& a : accounts) {
        if (state.accounts.contains(a.address)) throw std::invalid_argument("genesis lists account " + a.address.str() + " twice");
        berth::Account account;
        account.usdc = a.usdc;
        account.pond = a.pond;
        account.stake = a.stake;
        state.accounts.load(a.address, account);
        usdc += a.usdc;
        pond += a.pond + a.stake;
    }
    for (const Provider& p : providers) {
        const berth::Account* account = state.accounts.find(p.address);
        if (!account || account->stake < params.stake_per_job)
            throw std::invalid_argument("genesis provider " + p.name + " has less than stake_per_job staked");
        if (state.providers.contains(p.address)) throw std::invalid_argument("genesis lists provider " + p.name + " twice");
        berth::Provider provider;
        provider.name = p.name;
        provider.region = p.region;
        provider.endpoint = p.endpoint;
        provider.registered_at_ms = timestamp_ms;
        for (const auto& [type, offer] : p.offers) {
            if (offer.used != 0 || offer.price_per_s == 0 || offer.capacity == 0)
                throw std::invalid_argument("genesis provider " + p.name + " has an invalid " + type + " offer");
            if (const std::string problem = params.instance_type_problem(type); !problem.empty())
                throw std::invalid_argument("genesis provider " + p.name + ": " + problem);
            provider.offers.emplace(type, offer);
        }
        state.providers.load(p.address, std::move(provider));
    }
    Globals& g = state.write_globals();
    g.supply_usdc = usdc;
    g.supply_pond = pond;
    state.commit();
    return state;
}

Hash256 Genesis::hash() const
{
    Encoder out;
    out.str("berth-genesis-v1");
    params.encode(out);
    out.u64(timestamp_ms).u32(static_cast<std::uint32_t>(accounts.size()));
    for (const Account& a : accounts) out.raw(a.address.bytes()).amount(a.usdc).amount(a.pond).amount(a.stake);
    out.u32(static_cast<std::uint32_t>(providers.size()));
    for (const Provider& p : providers) {
        out.raw(p.address.bytes()).str(p.name).str(p.region).str(p.endpoint).u32(static_cast<std::uint32_t>(p.offers.size()));
        for (const auto& [type, offer] : p.offers) out.str(type).amount(offer.price_per_s).u32(offer.capacity);
    }
    out.u32(static_cast<std::uint32_t>(auditors.size()));
    for (const Address& a : auditors) out.raw(a.bytes());
    return Hash256::of(out.data());
}

} // namespace berth
