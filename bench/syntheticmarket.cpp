#include "syntheticmarket.h"

#include <hash.h>

namespace berth::bench {

static Hash256 label_hash(std::string_view role, std::uint64_t index)
{
    const std::string label = "berth-bench/" + std::string(role) + "/" + std::to_string(index);
    return Hash256::of(as_bytes(label));
}

Params SyntheticMarket::params()
{
    Params p;
    p.chain_id = std::string(chain_id);
    return p;
}

PrivateKey SyntheticMarket::key(std::string_view role, std::uint64_t index)
{
    return PrivateKey::from_seed(label_hash(role, index).bytes());
}

PublicKey SyntheticMarket::public_key(std::string_view role, std::uint64_t index)
{
    return PublicKey(label_hash(role, index).bytes());
}

Genesis SyntheticMarket::genesis(const std::vector<Address>& users, const std::vector<Address>& providers, std::uint32_t capacity,
                                 const Amount& price)
{
    Genesis g;
    g.params = params();
    g.timestamp_ms = genesis_ms;
    // A quorum the auditor set can reach; the benchmarks never report faults.
    g.params.auditor_quorum = 1;
    g.auditors.push_back(Address::of(PublicKey(Hash256::of(as_bytes("bench auditor")).bytes())));
    for (const Address& user : users) g.accounts.push_back({user, Amount(1'000'000'000'000'000ULL), 0, 0});
    for (std::size_t i = 0; i < providers.size(); ++i) {
        g.accounts.push_back({providers[i], 0, 0, g.params.stake_per_job * capacity});
        Genesis::Provider provider{providers[i], "bench-provider-" + std::to_string(i), "eu-west", "https://127.0.0.1", {}};
        provider.offers[std::string(instance_type)] = Offer{price, capacity, 0};
        g.providers.push_back(std::move(provider));
    }
    return g;
}

void SyntheticMarket::add_providers(State& state, std::uint64_t count, std::uint32_t capacity)
{
    const Params& p = state.params();
    for (std::uint64_t i = 0; i < count; ++i) {
        const Address address = SyntheticMarket::address("provider", i);
        Account account;
        account.stake = p.stake_per_job * capacity;
        state.accounts.load(address, account);
        Provider provider;
        provider.name = "provider-" + std::to_string(i);
        provider.region = i % 2 ? "eu-west" : "us-east";
        provider.endpoint = "https://127.0.0.1";
        provider.registered_at_ms = genesis_ms;
        provider.offers[std::string(instance_type)] = Offer{provider_price(i), capacity, 0};
        state.providers.load(address, std::move(provider));
    }
    Globals& g = state.write_globals();
    g.supply_pond += p.stake_per_job * capacity * count;
    state.commit();
}

void SyntheticMarket::add_running_leases(State& state, std::uint64_t leases, std::uint64_t providers, std::uint64_t owners)
{
    const Params& p = state.params();
    const std::uint64_t first_id = state.globals().next_job_id;
    const std::uint32_t per_provider = static_cast<std::uint32_t>((leases + providers - 1) / providers);
    const Amount escrow = Amount(10) * 3600 * 24 * 365 * 10; // ten years at 10 per second
    Amount usdc = 0;
    std::vector<Address> owner_addresses, provider_addresses;
    for (std::uint64_t i = 0; i < owners; ++i) {
        Account owner;
        owner.usdc = 1'000'000;
        owner_addresses.push_back(address("owner", i));
        state.accounts.load(owner_addresses.back(), owner);
        usdc += owner.usdc;
    }
    for (std::uint64_t i = 0; i < providers; ++i) provider_addresses.push_back(address("lease-provider", i));
    std::vector<std::uint32_t> held(providers, 0);
    for (std::uint64_t i = 0; i < leases; ++i) {
        const std::uint64_t provider_index = i % providers;
        Job job;
        job.id = first_id + i;
        job.owner = owner_addresses[i % owners];
        job.instance_type = std::string(instance_type);
        job.max_price_per_s = price::from_base_units(20);
        std::array<std::uint8_t, Hash256::size> manifest{};
        for (std::size_t byte = 0; byte < 8; ++byte) manifest[byte] = static_cast<std::uint8_t>((i + 1) >> (8 * byte));
        job.manifest_hash = Hash256(manifest);
        job.image_url = "static-http";
        job.created_at_ms = genesis_ms;
        job.state = JobState::DeploymentConfirmed;
        job.provider = provider_addresses[provider_index];
        job.price_per_s = price::from_base_units(10);
        job.matched_at_ms = genesis_ms;
        job.confirmed_at_ms = genesis_ms;
        job.access = Access{"127.0.0.1", {8080}, {"http://127.0.0.1:8080/"}};
        job.escrow = escrow;
        job.billing = true;
        job.settled_until_ms = genesis_ms;
        job.segment_start_ms = genesis_ms;
        usdc += escrow;
        state.jobs.load(job.id, std::move(job));
        held[provider_index] += 1;
    }
    for (std::uint64_t i = 0; i < providers; ++i) {
        Account account;
        account.stake = p.stake_per_job * per_provider;
        state.accounts.load(provider_addresses[i], account);
        Provider provider;
        provider.name = "lease-provider-" + std::to_string(i);
        provider.region = "eu-west";
        provider.endpoint = "https://127.0.0.1";
        provider.registered_at_ms = genesis_ms;
        provider.offers[std::string(instance_type)] = Offer{10, per_provider, held[i]};
        provider.active_jobs = held[i];
        state.providers.load(provider_addresses[i], std::move(provider));
    }
    Globals& g = state.write_globals();
    g.next_job_id = first_id + leases;
    g.supply_usdc += usdc;
    g.supply_pond += p.stake_per_job * per_provider * providers;
    state.commit();
}

Transaction SyntheticMarket::unsigned_tx(const PublicKey& sender, std::uint64_t nonce, tx::Payload payload)
{
    Transaction t;
    t.chain_id = std::string(chain_id);
    t.sender = sender;
    t.nonce = nonce;
    t.payload = std::move(payload);
    return t;
}

} // namespace berth::bench
