#pragma once

#include "bytes.h"
#include "jobdeadline.h"
#include "ledger.h"
#include "state.h"
#include "statecommitment.h"

#include <optional>

namespace berth {

/**
 * Builds a ledger from a store's rows one at a time, while the store reads them: each object is
 * decoded into the state. What the ledger derives from the objects (the commitment's buckets and
 * every job's next deadline) is either taken as the store kept it, so that opening a large store
 * hashes no object and decodes no job again, or derived here from the objects, for a store that
 * kept none. The kept parts touch nothing that add() does: add_bucket(), add_deadline() and
 * hash_buckets() may run on one thread while add() runs on another, and finish() after both.
 */
class LedgerLoader
{
public:
    enum class Derived {
        /** The store keeps the commitment's buckets and the jobs' deadlines: add_bucket() and add_deadline() bring them. */
        Stored,
        /** Hash every object and decode every job for its deadline. */
        Recompute,
    };

    explicit LedgerLoader(Derived derived) : m_derived(derived) {}

    /** Decodes one stored object; throws DecodeError if it is corrupt. */
    void add(ByteView key, ByteView value);
    /** One commitment bucket as the store kept it (Ledger::commitment_bucket()); throws DecodeError if it is malformed. */
    void add_bucket(std::uint64_t bucket, ByteView entries);
    /** One job's deadline as the store kept it; each kind in order, soonest first, costs the least. */
    void add_deadline(JobId job, const JobDeadline& deadline);
    /** Hashes the buckets added so far, so that finish() leaves only the tree above them to hash. */
    void hash_buckets() { m_commitment.root(); }
    /** The ledger of every row added; throws DecodeError if they held no globals or two objects share a key hash. */
    Ledger finish() &&;

private:
    Derived m_derived;
    State m_state;
    StateCommitment m_commitment;
    Ledger::StoredDeadlines m_deadlines;
    std::size_t m_objects = 0;
};

} // namespace berth
