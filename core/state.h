#pragma once

#include "account.h"
#include "encodedtable.h"
#include "globals.h"
#include "hash.h"
#include "job.h"
#include "provider.h"
#include "table.h"

#include <optional>
#include <vector>

namespace berth {

/**
 * What the state commitment keeps of one object: the hash of its key, which also names its
 * bucket, and its leaf hash (see StateCommitment). The store keeps each bucket's entries, so
 * that opening a store hashes no object.
 */
struct CommitmentLeaf {
    Hash256 key_hash;
    Hash256 leaf_hash;
    bool operator==(const CommitmentLeaf&) const = default;
};

/** One stored state object as the store and the state root see it: a typed key and its encoding. */
struct StateObject {
    Bytes key;
    /** nullopt when the object was deleted. */
    std::optional<Bytes> value;
};

/**
 * The whole ledger state: accounts, providers, jobs and chain-wide globals, each in a
 * journaled Table. Writes happen inside a transaction and are committed or rolled back
 * together; the objects committed since the last block are handed out encoded, so callers
 * can persist them and update the state root without walking the rest of the state.
 */
class State
{
public:
    Table<Address, Account> accounts;
    Table<Address, Provider> providers;
    /** Held encoded: the one collection that grows with every lease ever made. */
    EncodedTable<JobId, Job> jobs{"job"};

    const Globals& globals() const { return *m_globals.find(0); }
    Globals& write_globals() { return m_globals.write(0); }
    const Params& params() const { return globals().params; }
    /** The stake an account's live jobs lock: `stake_per_job` for each job it serves as their provider. */
    Amount locked_stake(const Address& a) const;
    /** The part of an account's stake that no live job locks, which it may unstake or promise to a new job. */
    Amount unlocked_stake(const Address& a) const;

    /** Starts an empty state with these globals (genesis). */
    explicit State(Globals globals);
    /** Rebuilds a state from stored objects; throws DecodeError on a corrupt object. */
    static State from_objects(const std::vector<StateObject>& objects);

    void commit();
    void rollback();

    /** Encodes every object committed since the last call, in key order. */
    std::vector<StateObject> take_changes();
    /** Forgets the objects committed so far without encoding them: a ledger made from a whole state commits to all of it. */
    void forget_changes();
    /** Every object, in key order: for a full recomputation of the root or a fresh store. */
    std::vector<StateObject> all_objects() const;

    static Bytes account_key(const Address& a);
    static Bytes provider_key(const Address& a);
    static Bytes job_key(JobId id);
    static Bytes globals_key();

private:
    friend class LedgerLoader;
    State() = default;
    /** Decodes one stored object into its table; throws DecodeError on a corrupt one. */
    void load_object(ByteView key, ByteView value);
    Table<int, Globals> m_globals;
};

} // namespace berth
