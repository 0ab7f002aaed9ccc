#pragma once

#include <block.h>

#include <QString>

namespace berth::test {

/**
 * What a stopped or killed node left in its data directory, checked the way a restart would
 * see it: SQLite's integrity_check, the state root recomputed from the stored state objects
 * against the last stored block's header, and the ledger's invariants on that state.
 */
struct StoredChain {
    /** The first problem found, or empty when the store is sound. */
    QString problem;
    BlockHeader tip;

    static StoredChain check(const QString& datadir);
    /**
     * The state root of what is stored, with the chain's clock (last height and time) set
     * aside: every block moves the clock, but only transactions and deadlines change this.
     * Empty if the store cannot be read.
     */
    static QString content_root(const QString& datadir);
};

} // namespace berth::test
