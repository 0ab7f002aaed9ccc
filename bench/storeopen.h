#pragma once

#include <QJsonObject>
#include <QString>

#include <cstdint>

namespace berth::bench {

/**
 * Opening a stored market, measured against SQLite's own full scan of the same rows. It writes
 * a store holding `leases` running leases (the state bench_block_scaling loads), and measures in
 * a process of its own, so that the memory counted is what opening the store takes and nothing
 * the writing left behind: the raw scan (every stored row the open reads, read in place), the
 * node's open (the rows read and copied, decoded into the ledger, its root recomputed) and the
 * resident memory the open kept.
 */
class StoreOpen
{
public:
    /** Writes the store at `path` (which must not exist yet). */
    static void write(const QString& path, std::uint64_t leases);
    /**
     * Opens the store at `path` in this process: {"scan_s", "open_s", "rss_bytes", "rows", "jobs"}.
     * The scan runs before and after the open, and the faster is kept, so that both read a warm page cache.
     */
    static QJsonObject measure(const QString& path);
};

} // namespace berth::bench
