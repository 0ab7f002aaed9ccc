#include "chainharness.h"

#include <blockcontext.h>
#include <encoder.h>
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
    p.manifest_timeout_s = 15;
    return p;
}

std::vector<ChainHarness::ProviderSpec> ChainHarness::default_providers()
{
    return {{"p1", "cpu.small", per_s(30), 4, 0}, {"p2", "cpu.small", per_s(20), 4, 0}, {"p3", "cpu.small", per_s(40), 4, 0}};
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
    // Transactions left out of the block leave their nonces free again; failed ones used theirs.
    for (std::size_t i = 0; i < txs.size(); ++i)
        if (!outcome.receipts[i].included) m_signed.clear();
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

JobId ChainHarness::order(const std::string& owner, const Amount& max_price, const Amount& deposit, const std::string& instance_type,
                          std::uint32_t replicas)
{
    const JobId id = state().globals().next_job_id;
    tx::CreateOrder o;
    o.instance_type = instance_type;
    o.replicas = replicas;
    o.max_price_per_s = max_price;
    o.manifest_hash = Hash256::of(as_bytes("manifest of " + std::to_string(id)));
    o.image_url = "https://images.example/static-http";
    o.deposit = deposit;
    const Receipt r = submit(owner, o);
    if (!r.ok()) throw std::runtime_error("order rejected: " + r.message);
    return id;
}

ChainHarness::Snapshot ChainHarness::snapshot() const
{
    const State& s = state();
    Snapshot snap{{s.accounts.rows().begin(), s.accounts.rows().end()}, {s.providers.rows().begin(), s.providers.rows().end()}, {}, {}};
    s.jobs.for_each([&snap](JobId id, const Job& job) { snap.jobs.emplace(id, job); });
    Globals globals = s.globals();
    globals.last_height = 0;
    globals.last_time_ms = 0;
    Encoder out;
    globals.encode(out);
    snap.globals = out.take();
    return snap;
}

bool ChainHarness::Snapshot::same_except_nonces(const Snapshot& other) const
{
    const auto without_nonces = [](Snapshot s) {
        for (auto it = s.accounts.begin(); it != s.accounts.end();) {
            it->second.nonce = 0;
            // A fresh key's failed transaction creates its account just to hold the nonce.
            it = it->second == Account{} ? s.accounts.erase(it) : std::next(it);
        }
        return s;
    };
    return without_nonces(*this) == without_nonces(other);
}

std::string ChainHarness::Snapshot::difference(const Snapshot& other) const
{
    for (const auto& [a, row] : accounts) {
        auto it = other.accounts.find(a);
        if (it == other.accounts.end() || !(it->second == row)) return "account " + a.str();
    }
    for (const auto& [a, row] : providers) {
        auto it = other.providers.find(a);
        if (it == other.providers.end() || !(it->second == row)) return "provider " + a.str();
    }
    for (const auto& [id, row] : jobs) {
        auto it = other.jobs.find(id);
        if (it == other.jobs.end() || !(it->second == row)) return job_label(id);
    }
    if (accounts.size() != other.accounts.size()) return "the set of accounts";
    if (providers.size() != other.providers.size()) return "the set of providers";
    if (jobs.size() != other.jobs.size()) return "the set of jobs";
    if (globals != other.globals) return "the globals";
    return {};
}

std::vector<Event> ChainHarness::job_events(JobId job) const
{
    std::vector<Event> out;
    for (const Event& e : m_events)
        if (e.job == job) out.push_back(e);
    return out;
}

const Event& ChainHarness::last_event(JobId job, EventName name) const
{
    for (auto it = m_events.rbegin(); it != m_events.rend(); ++it)
        if (it->job == job && it->name == name) return *it;
    throw std::runtime_error(job_label(job) + " has no " + std::string(event_name(name)) + " event");
}

void ChainHarness::close_window(JobId job)
{
    advance_to_height(this->job(job).window_end_height);
}

std::string ChainHarness::rejection_problem(const std::string& name, tx::Payload payload, ErrorCode code, const std::string& cause)
{
    const std::string what(payload_name(payload));
    const Snapshot before = snapshot();
    const Receipt receipt = submit(name, std::move(payload));
    if (receipt.ok()) return what + " from " + name + " was accepted";
    if (*receipt.error != code)
        return what + " from " + name + " was rejected with " + std::string(error_code_name(*receipt.error)) + " instead of " +
               std::string(error_code_name(code)) + ": " + receipt.message;
    if (receipt.message.find(cause) == std::string::npos)
        return what + " from " + name + ": the message '" + receipt.message + "' does not name '" + cause + "'";
    // A failed transaction is included: its sender's nonce moves on by one, and nothing else changes.
    Snapshot after = snapshot();
    const Address sender = address(name);
    const std::uint64_t nonce_before = before.accounts.count(sender) ? before.accounts.at(sender).nonce : 0;
    auto account = after.accounts.find(sender);
    if (!receipt.included) return what + " from " + name + " failed but was left out of the block";
    if (account == after.accounts.end() || account->second.nonce != nonce_before + 1)
        return what + " from " + name + " failed without consuming its nonce";
    account->second.nonce = nonce_before;
    if (!before.accounts.count(sender) && account->second == Account{}) after.accounts.erase(account);
    const std::string changed = before.difference(after);
    if (!changed.empty()) return what + " from " + name + " was rejected but changed " + changed;
    return {};
}

void ChainHarness::expect_ok(const Receipt& receipt, const std::string& what)
{
    if (!receipt.ok()) throw std::runtime_error(what + " rejected (" + std::string(error_code_name(*receipt.error)) + "): " + receipt.message);
}

JobId ChainHarness::matched_order(const std::string& owner, const std::string& provider, const Amount& price, const Amount& max_price,
                                  const Amount& deposit, const std::string& instance_type)
{
    const JobId id = order(owner, max_price, deposit, instance_type);
    expect_ok(submit(provider, tx::CreateBid{id, price}), "bid of " + provider);
    close_window(id);
    if (job(id).state != JobState::CreateLease || job(id).provider != address(provider))
        throw std::runtime_error(job_label(id) + " was not matched with " + provider);
    return id;
}

void ChainHarness::ready_and_confirm(JobId job, const std::string& provider)
{
    expect_ok(submit(provider, tx::LeaseReady{job}), "LEASE_READY of " + provider);
    const Access access{"127.0.0.1", {8080}, {"http://127.0.0.1:8080/"}};
    expect_ok(submit(provider, tx::ConfirmDeployment{job, access}), "DEPLOYMENT_CONFIRMED of " + provider);
}

JobId ChainHarness::deploy(const std::string& owner, const std::string& provider, const Amount& price, const Amount& max_price,
                           const Amount& deposit)
{
    const JobId id = matched_order(owner, provider, price, max_price, deposit);
    ready_and_confirm(id, provider);
    return id;
}

} // namespace berth::test
