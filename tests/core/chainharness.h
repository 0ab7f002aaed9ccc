#pragma once

#include <genesis.h>
#include <ledger.h>
#include <price.h>
#include <privatekey.h>

#include <map>
#include <string>
#include <vector>

namespace berth::test {

/** The rate (core/price.h) of a whole number of USDC base units per second. */
inline Amount per_s(std::uint64_t base_units)
{
    return price::from_base_units(base_units);
}

/**
 * A chain for tests: named deterministic keys, a genesis with funded users, staked
 * providers and auditors, and a fake block clock. Every block it applies is followed by a
 * full invariant check; a violation throws, which fails the running test.
 */
class ChainHarness
{
public:
    struct ProviderSpec {
        std::string name;
        std::string instance_type = "cpu.small";
        Amount price_per_s = per_s(10);
        std::uint32_t capacity = 2;
        Amount stake = 0; // 0 means 10 × stake_per_job
    };

    static Params default_params();
    static Amount usdc(std::uint64_t whole) { return Amount(whole) * 1000000; }
    static Amount pond(std::uint64_t whole) { return Amount(whole) * Amount("1000000000000000000"); }

    explicit ChainHarness(Params params = default_params(), std::vector<ProviderSpec> providers = default_providers());

    static std::vector<ProviderSpec> default_providers();

    const PrivateKey& key(const std::string& name);
    Address address(const std::string& name) { return Address::of(key(name).public_key()); }

    /** A signed transaction from `name` with the next unused nonce (counting ones signed but not yet applied). */
    Transaction sign(const std::string& name, tx::Payload payload);
    /** Applies one block `advance_ms` after the last; checks invariants. */
    BlockOutcome block(const std::vector<Transaction>& txs = {}, std::uint64_t advance_ms = 0);
    /** One transaction in its own block; returns its receipt. */
    Receipt submit(const std::string& name, tx::Payload payload, std::uint64_t advance_ms = 0);
    /** Empty blocks until `height`. */
    void advance_to_height(std::uint64_t height);
    /** Empty blocks of block_ms each until at least `ms` of block time has passed. */
    void advance_time(std::uint64_t ms);

    Ledger& ledger() { return *m_ledger; }
    const State& state() const { return m_ledger->state(); }
    const Job& job(JobId id) const { return *m_ledger->state().jobs.find(id); }
    const Account& account(const std::string& name);
    Amount locked_stake(const std::string& name) { return state().locked_stake(address(name)); }
    Amount unlocked_stake(const std::string& name) { return state().unlocked_stake(address(name)); }
    const std::vector<Event>& events() const { return m_events; }
    /** Names of the events that concern `job`, in order. */
    std::vector<std::string> job_event_names(JobId job) const;
    /** Places an order from `owner` with the default terms; returns its job id. */
    JobId order(const std::string& owner, const Amount& max_price = per_s(50), const Amount& deposit = usdc(10),
                const std::string& instance_type = "cpu.small", std::uint32_t replicas = 1);

    /**
     * Every state object except the block height and time, so that two snapshots taken around
     * a block are equal exactly when the block changed nothing else (a rejected transaction).
     */
    struct Snapshot {
        std::map<Address, Account> accounts;
        std::map<Address, Provider> providers;
        std::map<JobId, Job> jobs;
        Bytes globals;
        bool operator==(const Snapshot&) const = default;
        /** Equal but for account nonces: what a failed transaction leaves behind (its nonce consumed). */
        bool same_except_nonces(const Snapshot& other) const;
        /** The first object that differs from `other`, or an empty string when none does. */
        std::string difference(const Snapshot& other) const;
    };
    Snapshot snapshot() const;
    /** The state root after the last block. */
    const Hash256& state_root() const { return m_ledger->state_root(); }

    /** The events that concern `job`, in order. */
    std::vector<Event> job_events(JobId job) const;
    /** The last event named `name` that concerns `job`; throws when there is none. */
    const Event& last_event(JobId job, EventName name) const;
    /** Empty blocks until the current lookup window of `job` has closed. */
    void close_window(JobId job);
    /**
     * Submits one transaction from `name` in its own block and checks that it is rejected with
     * `code`, with a message containing `cause`, and that no state object changed. Returns a
     * description of what went wrong, or an empty string when all of that holds.
     */
    std::string rejection_problem(const std::string& name, tx::Payload payload, ErrorCode code, const std::string& cause = {});
    /** Throws unless `receipt` is an inclusion; `what` names the step. */
    static void expect_ok(const Receipt& receipt, const std::string& what);
    /**
     * An order from `owner` that `provider` alone bids on at `price`; returns once the window
     * has closed and the job is in CREATE_LEASE with that provider.
     */
    JobId matched_order(const std::string& owner, const std::string& provider, const Amount& price, const Amount& max_price = per_s(50),
                        const Amount& deposit = usdc(10), const std::string& instance_type = "cpu.small");
    /** The provider's LEASE_READY and DEPLOYMENT_CONFIRMED, one block each; billing starts with the second. */
    void ready_and_confirm(JobId job, const std::string& provider);
    /** matched_order() followed by ready_and_confirm(): a billed, running lease. */
    JobId deploy(const std::string& owner, const std::string& provider, const Amount& price, const Amount& max_price = per_s(50),
                 const Amount& deposit = usdc(10));

private:
    Params m_params;
    std::map<std::string, PrivateKey> m_keys;
    std::map<std::string, std::uint64_t> m_signed;
    std::unique_ptr<Ledger> m_ledger;
    std::vector<Event> m_events;
};

} // namespace berth::test
