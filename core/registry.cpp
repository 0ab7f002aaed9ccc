#include "registry.h"

#include "fieldlimits.h"
#include "price.h"

namespace berth {

void Registry::register_provider(const Address& who, const tx::RegisterProvider& request)
{
    require(!m_ctx.state().providers.contains(who), ErrorCode::AlreadyExists, who.str() + " is already a registered provider");
    require(!request.name.empty(), ErrorCode::InvalidArgument, "provider name must not be empty");
    const Account* account = m_ctx.state().accounts.find(who);
    require(account && account->stake >= m_ctx.params().stake_per_job, ErrorCode::InsufficientStake,
            "registering as a provider needs at least stake_per_job (" + format_amount(m_ctx.params().stake_per_job, decimals(Denom::POND)) +
                " POND) staked first");
    Provider& provider = m_ctx.state().providers.write(who);
    provider.name = request.name;
    provider.region = request.region;
    provider.endpoint = request.endpoint;
    provider.registered_at_ms = m_ctx.now_ms();
    m_ctx.emit(EventName::ProviderRegistered, 0, who, {{"name", request.name}, {"region", request.region}});
}

void Registry::update_provider(const Address& who, const tx::UpdateProvider& request)
{
    m_ctx.provider(who);
    require(!request.name.empty(), ErrorCode::InvalidArgument, "provider name must not be empty");
    Provider& provider = m_ctx.state().providers.write(who);
    provider.name = request.name;
    provider.region = request.region;
    provider.endpoint = request.endpoint;
    m_ctx.emit(EventName::ProviderUpdated, 0, who, {{"name", request.name}, {"region", request.region}, {"endpoint", request.endpoint}});
}

void Registry::set_offer(const Address& who, const tx::SetOffer& request)
{
    Provider& provider = m_ctx.provider(who);
    const std::string type_problem = m_ctx.params().instance_type_problem(request.instance_type);
    require(type_problem.empty(), ErrorCode::InvalidArgument, type_problem);
    require(request.capacity <= limits::offer_capacity, ErrorCode::InvalidArgument,
            "capacity " + std::to_string(request.capacity) + " is above the limit of " + std::to_string(limits::offer_capacity));
    auto it = provider.offers.find(request.instance_type);
    const std::uint32_t used = it == provider.offers.end() ? 0 : it->second.used;
    require(request.capacity >= used, ErrorCode::InsufficientCapacity,
            "capacity " + std::to_string(request.capacity) + " is below the " + std::to_string(used) + " units live jobs use of " +
                request.instance_type);
    if (request.capacity == 0) {
        if (it != provider.offers.end()) provider.offers.erase(it);
    } else {
        require(request.price_per_s > 0, ErrorCode::InvalidArgument, "price per second must be positive");
        require(it != provider.offers.end() || provider.offers.size() < limits::offers, ErrorCode::InvalidArgument,
                "a provider may have at most " + std::to_string(limits::offers) + " offers");
        Offer& offer = provider.offers[request.instance_type];
        offer.price_per_s = request.price_per_s;
        offer.capacity = request.capacity;
    }
    m_ctx.emit(EventName::OfferSet, 0, who,
               {{"instance_type", request.instance_type},
                {"price_per_s", price::format_per_s(request.price_per_s)},
                {"capacity", std::to_string(request.capacity)}});
}

void Registry::reserve(const Address& who, const std::string& instance_type, std::uint32_t units, JobId job)
{
    Provider& provider = m_ctx.provider(who);
    auto it = provider.offers.find(instance_type);
    require(it != provider.offers.end() && it->second.free() >= units, ErrorCode::InsufficientCapacity,
            "provider " + who.str() + " has fewer than " + std::to_string(units) + " free " + instance_type + " units for " + job_label(job));
    it->second.used += units;
}

void Registry::release(const Address& who, const std::string& instance_type, std::uint32_t units)
{
    Provider& provider = m_ctx.provider(who);
    provider.offers.at(instance_type).used -= units;
}

void Registry::add_genesis_provider(State& state, const Address& who, Provider provider)
{
    state.providers.load(who, std::move(provider));
}

} // namespace berth
