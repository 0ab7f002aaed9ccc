#pragma once

#include <address.h>
#include <genesis.h>
#include <price.h>
#include <privatekey.h>
#include <state.h>
#include <transaction.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace berth::bench {

/**
 * Large market states for the benchmarks, built directly in core's State rather than through
 * the millions of transactions that would have made them. Accounts that only need to exist
 * get addresses from a label and an index; accounts that sign get deterministic keys. Every
 * object it loads is consistent with the ledger's invariants (locked stake and used capacity
 * match the leases that hold them), so the ledger treats the state as one it produced itself.
 */
class SyntheticMarket
{
public:
    static constexpr std::string_view chain_id = "berth-bench";
    static constexpr std::string_view instance_type = "cpu.small";
    static constexpr std::uint64_t genesis_ms = 1'700'000'000'000;

    static Params params();
    /** The deterministic key of the `index`th signing account of `role`. */
    static PrivateKey key(std::string_view role, std::uint64_t index);
    /**
     * A public key for an account that never signs: 32 bytes derived from the label, which the
     * ledger accepts as a sender when signatures were checked elsewhere (Ledger::SignatureCheck).
     */
    static PublicKey public_key(std::string_view role, std::uint64_t index);
    static Address address(std::string_view role, std::uint64_t index) { return Address::of(public_key(role, index)); }

    /** A genesis funding `users` with USDC and staking each of `providers` for `capacity` jobs at `price` (a rate, core/price.h). */
    static Genesis genesis(const std::vector<Address>& users, const std::vector<Address>& providers, std::uint32_t capacity,
                           const Amount& price);

    /**
     * Loads `leases` running, billed leases (DEPLOYMENT_CONFIRMED, escrow for years) spread over
     * `providers` new providers and `owners` new users, with job ids from the state's next id on.
     */
    static void add_running_leases(State& state, std::uint64_t leases, std::uint64_t providers, std::uint64_t owners);
    /** Loads `count` new staked providers ("provider", 0…count-1) with `capacity` units of the instance type each. */
    static void add_providers(State& state, std::uint64_t count, std::uint32_t capacity);
    /** The offer price (a rate) of the `index`th provider add_providers() made: 5 to 14 base units per second. */
    static Amount provider_price(std::uint64_t index) { return price::from_base_units(5 + (index * 7919) % 10); }

    /** A transaction from `sender` that is not signed: for the ledger with SignatureCheck::AlreadyVerified only. */
    static Transaction unsigned_tx(const PublicKey& sender, std::uint64_t nonce, tx::Payload payload);
};

} // namespace berth::bench
