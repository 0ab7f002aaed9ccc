#include "chainharness.h"

#include <invariants.h>

#include <stdexcept>

namespace berth::test {

Params ChainHarness::default_params()
{
    Params p;
    p.chain_id = "berth-test";
    p.block_ms = 1000;
    p.bid_window_blocks = 2;
    p.stake_per_job = pond(100);
    p.slash_fraction_bps = 1000;
    p.job_bootstrapping_s = 30;
    p.job_startup_s = 5;
    p.job_exit_cooldown_s = 20;
    p.min_escrow_seconds = 60;
    p.auditor_quorum = 2;
    p.max_lookup_windows = 2;
    p.fault_window_s = 30;
    p.close_ack_timeout_s = 30;
    return p;
}

std::vector<ChainHarness::ProviderSpec> ChainHarness::default_providers()
{
    return {{"p1", "cpu.small", 30, 2, 0}, {"p2", "cpu.small", 20, 2, 0}, {"p3", "cpu.small", 40, 2, 0}};
}

ChainHarness::ChainHarness(Params params, std::vector<ProviderSpec> providers) : m_params(std::move(params))
{
    Genesis genesis;
    genesis.params = m_params;
    genesis.timestamp_ms = 1'700'000'000'000;
    for (const char* user : {"alice", "bob"}) genesis.accounts.push_back({address(user), usdc(1000), pond(10), 0});
    for (const ProviderSpec& spec : providers) {
        const Amount stake = spec.stake == 0 ? m_params.stake_per_job * 10 : spec.stake;
        genesis.accounts.push_back({address(spec.name), usdc(1), pond(1000), stake});
        Genesis::Provider p{address(spec.name), spec.name, "eu-west", "https://" + spec.name + ".example:8443", {}};
        p.offers[spec.instance_type] = Offer{spec.price_per_s, spec.capacity, 0};
        genesis.providers.push_back(std::move(p));
    }
    for (const char* auditor : {"auditor1", "auditor2", "auditor3"}) {
        genesis.accounts.push_back({address(auditor), 0, 0, 0});
        genesis.auditors.push_back(address(auditor));
    }
    m_ledger = std::make_unique<Ledger>(genesis.build_state());
}

const PrivateKey& ChainHarness::key(const std::string& name)
{
    auto it = m_keys.find(name);
    if (it == m_keys.end()) {
        const Hash256 seed = Hash256::of(as_bytes("berth-test-key/" + name));
        it = m_keys.emplace(name, PrivateKey::from_seed(seed.bytes())).first;
    }
    return it->second;
}

Transaction ChainHarness::sign(const std::string& name, tx::Payload payload)
{
    const PrivateKey& k = key(name);
    std::uint64_t& next = m_signed[name];
    next = std::max(next, m_ledger->next_nonce(Address::of(k.public_key())));
    return Transaction::make(m_params.chain_id, k, next++, std::move(payload));
}

BlockOutcome ChainHarness::block(const std::vector<Transaction>& txs, std::uint64_t advance_ms)
{
    const std::uint64_t step = advance_ms == 0 ? m_params.block_ms : advance_ms;
    BlockOutcome outcome = m_ledger->apply_block(m_ledger->height() + 1, m_ledger->time_ms() + step, txs);
    // Rejected transactions never reach the chain, so their nonces are free again.
    for (std::size_t i = 0; i < txs.size(); ++i)
        if (!outcome.receipts[i].ok()) m_signed.clear();
    const auto violations = check_invariants(m_ledger->state());
    if (!violations.empty())
        throw std::runtime_error("invariant violated at height " + std::to_string(m_ledger->height()) + ": " + violations.front());
    m_events.insert(m_events.end(), outcome.events.begin(), outcome.events.end());
    return outcome;
}

Receipt ChainHarness::submit(const std::string& name, tx::Payload payload, std::uint64_t advance_ms)
{
    return block({sign(name, std::move(payload))}, advance_ms).receipts.front();
}

void ChainHarness::advance_to_height(std::uint64_t height)
{
    while (m_ledger->height() < height) block();
}

void ChainHarness::advance_time(std::uint64_t ms)
{
    const std::uint64_t target = m_ledger->time_ms() + ms;
    while (m_ledger->time_ms() < target) block();
}

const Account& ChainHarness::account(const std::string& name)
{
    static const Account empty;
    const Account* a = m_ledger->state().accounts.find(address(name));
    return a ? *a : empty;
}

std::vector<std::string> ChainHarness::job_event_names(JobId job) const
{
    std::vector<std::string> names;
    for (const Event& e : m_events)
        if (e.job == job) names.emplace_back(event_name(e.name));
    return names;
}

JobId ChainHarness::order(const std::string& owner, const Amount& max_price, const Amount& deposit, const std::string& instance_type)
{
    const JobId id = state().globals().next_job_id;
    tx::CreateOrder o;
    o.instance_type = instance_type;
    o.max_price_per_s = max_price;
    o.manifest_hash = Hash256::of(as_bytes("manifest of " + std::to_string(id)));
    o.image_url = "https://images.example/static-http";
    o.deposit = deposit;
    const Receipt r = submit(owner, o);
    if (!r.ok()) throw std::runtime_error("order rejected: " + r.message);
    return id;
}

} // namespace berth::test
