#pragma once

#include "sqlitedatabase.h"

#include <block.h>
#include <event.h>
#include <ledger.h>
#include <state.h>

#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace berth {

class LedgerLoader;

/** An event as stored: the block it came from and its place in that block. */
struct StoredEvent {
    std::uint64_t height = 0;
    std::uint32_t index = 0;
    Event event;
};

/** Where an included transaction sits. */
struct TransactionLocation {
    std::uint64_t height = 0;
    std::uint32_t index = 0;
    /** For a transaction included as a failure: the ledger's code and message; empty when it applied. */
    std::string error;
    std::string message;
};

/**
 * The node's SQLite store in the data directory: blocks, their transactions, the current
 * state objects with what the ledger derives from them (the commitment's buckets, each job's
 * next deadline), and events indexed by height, job and account. Each block is committed in
 * one SQLite transaction together with the state it produced, so after a crash the file
 * holds exactly the last committed block and its state. The schema is versioned and
 * migrated forward on open.
 */
class Store
{
public:
    static constexpr int schema_version = 9;

    /**
     * Opens or creates the store; throws StoreError, also for a file from a newer version and for
     * one whose state is in an encoding before schema 8 (its blocks commit to roots over it).
     */
    explicit Store(const QString& path);

    bool has_genesis();
    /**
     * Stores block 0, the state of `ledger` (with its commitment's buckets and its jobs'
     * deadlines) and the genesis roster (GenesisRoster's JSON); only on an empty store.
     */
    void write_genesis(const Block& genesis_block, const Ledger& ledger, std::string_view roster);
    /** The genesis roster, or nullopt for a store written before it was kept. */
    std::optional<std::string> genesis_roster();
    /** Keeps the roster of a store written before it was kept. */
    void set_genesis_roster(std::string_view roster);
    /**
     * Commits a produced or followed block with what applying it changed and emitted. `ledger`
     * is the one that produced `outcome`, not yet moved on: the changed commitment buckets are
     * read from it.
     */
    void commit_block(const Block& block, const BlockOutcome& outcome, const Ledger& ledger);

    /**
     * The ledger of the stored state, decoded row by row as SQLite reads it, with the commitment's
     * buckets and the jobs' deadlines as the store kept them (derived once, and kept, for a store
     * from before they were); throws DecodeError when a row is corrupt. The caller compares its
     * root with the last block's.
     */
    Ledger load_ledger();
    /** Every stored object, in key order: for tests and tools that compare stores. */
    std::vector<StateObject> load_state();
    std::optional<Block> block(std::uint64_t height);
    std::optional<BlockHeader> tip();
    std::vector<StoredEvent> events(std::uint64_t since_height, std::optional<JobId> job, std::size_t limit);
    /** The newest `limit` events whose account is `account`, newest first. */
    std::vector<StoredEvent> account_events(const Address& account, std::size_t limit);
    std::optional<TransactionLocation> find_transaction(const Hash256& id);
    std::string integrity_check() { return m_db.integrity_check(); }

private:
    void migrate();
    bool holds_state();
    void insert_block(const Block& block);
    void put_genesis_roster(std::string_view roster);
    /** Replaces the kept commitment buckets and deadlines with those of `ledger`. */
    void write_derived(const Ledger& ledger);
    /** Reads the kept commitment buckets and deadlines into `loader`, on a connection of its own. */
    void read_derived(LedgerLoader& loader) const;

    std::string m_path;
    SqliteDatabase m_db;
};

} // namespace berth
